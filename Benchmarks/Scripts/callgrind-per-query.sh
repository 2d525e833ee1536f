#!/usr/bin/env bash
# Instructions per query of the bare tree's k-nearest search (`KDTree.nearest`, inclusive), counted by callgrind:
# repeatable to a few instructions, where wall-clock A/B on the shared 2-core machine moves by tens of percent
# from one process to the next (Benchmarks/README section 2, runs 38-40).
#
#   Benchmarks/Scripts/callgrind-per-query.sh NEAREST_BENCH PEERS_DIR [FLEET QUERIES]...
#
# NEAREST_BENCH: a release `nearest-bench` (`swift build -c release --package-path Benchmarks`); it is copied
# and stripped of debug info (valgrind reads 60 MB of DWARF otherwise). PEERS_DIR: the peer harness copy with its
# data (see section 2). Without FLEET QUERIES: the 10k peer fleet and its queries. Each pair runs
# `nearest-bench peers --phases tree` on the first 1 000 queries (3 passes: timing, latency, the jsonl check) and
# prints the inclusive instructions of the k-nearest entry the phase calls, per call. Needs valgrind (apt).
set -euo pipefail
BENCH=${1:?usage: $0 NEAREST_BENCH PEERS_DIR [FLEET QUERIES]...}
PEERS=${2:?usage: $0 NEAREST_BENCH PEERS_DIR [FLEET QUERIES]...}
shift 2
[ $# -eq 0 ] && set -- "$PEERS/data/fleet_10k.csv" "$PEERS/data/queries_10k.csv"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
objcopy --strip-debug "$BENCH" "$WORK/nearest-bench"
while [ $# -ge 2 ]; do
    fleet=$1 queries=$2
    shift 2
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$WORK/nearest-bench" peers \
        --fleet "$fleet" --queries "$queries" --out "$WORK/out" --phases tree --repetitions 1 \
        --limit-queries 1000 --limit-within-queries 10 > /dev/null 2>&1
    # The caller view lists the entry with its call count: "<inclusive> (...) < caller (<calls>x)" then "* entry".
    callgrind_annotate --inclusive=yes --tree=caller "$WORK/callgrind.out" 2>/dev/null \
        | grep -B1 -E '^ *[0-9,]+ .*\*  .*KDTreeV7nearest_2to6within5where13orderedBefore7tieRank16tiesInBuildOrder' \
        | head -1 | tr -d ',' \
        | awk -v fleet="$(basename "$fleet")" '{ calls = $(NF-1); gsub(/[(x)]/, "", calls);
              printf "%s: %.0f instructions per k-nearest query (%d calls)\n", fleet, $1 / calls, calls }'
done
