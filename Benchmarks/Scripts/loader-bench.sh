#!/usr/bin/env bash
# Loader benchmark for `nearest query --file` (issue 14): wall time and peak RSS of one query on a 1,000,000-row
# CSV fleet, release build, measured with GNU time. Target: <= 1.5 s and <= 400 MB peak RSS.
#
#   Benchmarks/Scripts/loader-bench.sh [FLEET_CSV] [RUNS]
#
# FLEET_CSV: default /tmp/nearest-loader-bench/fleet_1m.csv, generated if missing with ../shared/peers/gen_fleet.py
# (seed fixed there; header id,latitude,longitude,timestamp; ~52 MB; needs python3 with numpy). RUNS: default 5.
# Run from the repository root. Prints the machine load before and after, each run's numbers, and the median.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FLEET=${1:-/tmp/nearest-loader-bench/fleet_1m.csv}
RUNS=${2:-5}

if [ ! -f "$FLEET" ]; then
    PEERS=${PEERS_DIR:-$ROOT/../shared/peers}
    mkdir -p "$(dirname "$FLEET")"
    python3 "$PEERS/gen_fleet.py" --sizes 1m --queries 100 --out "$(dirname "$FLEET")" >/dev/null
    [ "$FLEET" = "$(dirname "$FLEET")/fleet_1m.csv" ] || mv "$(dirname "$FLEET")/fleet_1m.csv" "$FLEET"
fi

# A separate build folder (SCRATCH, default .build-release): a release build of `nearest` only.
SCRATCH=${SCRATCH:-$ROOT/.build-release}
swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product nearest >/dev/null
BIN="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)/nearest"

machine() { echo "$(date -u +%FT%TZ) $(nproc) cores, loadavg $(cut -d' ' -f1-3 /proc/loadavg)"; }
echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(swift --version 2>&1 | head -1)"
echo "fleet: $FLEET ($(wc -c < "$FLEET") bytes, $(($(wc -l < "$FLEET") - 1)) rows)"
echo "before: $(machine)"
times=() rss=()
for run in $(seq "$RUNS"); do
    /usr/bin/time -v "$BIN" query --at 48.8566,2.3522 --k 5 --file "$FLEET" --format csv \
        >/dev/null 2>/tmp/loader-bench.$$.txt
    wall=$(grep 'Elapsed (wall clock)' /tmp/loader-bench.$$.txt | awk '{print $NF}')
    seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    kb=$(grep 'Maximum resident set size' /tmp/loader-bench.$$.txt | awk '{print $NF}')
    user=$(grep 'User time' /tmp/loader-bench.$$.txt | awk '{print $NF}')
    echo "run $run: wall ${seconds} s, user ${user} s, peak RSS $((kb / 1024)) MB"
    times+=("$seconds") rss+=("$kb")
done
rm -f /tmp/loader-bench.$$.txt
echo "after: $(machine)"
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "median: wall $(median "${times[@]}") s, peak RSS $(( $(median "${rss[@]}") / 1024 )) MB (target <= 1.5 s, <= 400 MB)"
