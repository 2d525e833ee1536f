#!/usr/bin/env bash
# One same-session run: the peer harness (nanoflann, scipy cKDTree) and `nearest-bench peers` at 10k, 100k and 1M,
# back to back, then score.py on our results and the comparison table, then the far-query rows (far_queries.py).
#
#   Benchmarks/Scripts/peers-side-by-side.sh PEERS_DIR OUT_DIR
#
# PEERS_DIR: a writable copy of ../shared/peers with its data generated (gen_fleet.py, oracle.py; see its README).
# Run from the repository root. Needs python3 with numpy/scipy, g++ and libnanoflann-dev (the harness' README).
set -euo pipefail
PEERS=$(realpath "${1:?usage: $0 PEERS_DIR OUT_DIR}")
mkdir -p "${2:?usage: $0 PEERS_DIR OUT_DIR}"
OUT=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)

swift build -c release --package-path "$HERE/.." --product nearest-bench
BIN="$(swift build -c release --package-path "$HERE/.." --show-bin-path)/nearest-bench"

machine() { echo "$(date -u +%FT%TZ) loadavg $(cut -d' ' -f1-3 /proc/loadavg); cpu psi $(head -1 /proc/pressure/cpu 2>/dev/null)"; }
machine | tee "$OUT/machine.txt"

(cd "$PEERS" && python3 bench_peers.py --sizes 10k,100k,1m --peers ckdtree,nanoflann --radius-queries 1m:2000 \
    --out-json "$OUT/peers.json" --out-md "$OUT/peers.md") 2>&1 | tee "$OUT/peers.log"
machine | tee -a "$OUT/machine.txt"

: > "$OUT/score.txt"
for size in 10k 100k 1m; do
    extra=()
    [ "$size" = 1m ] && extra=(--limit-within-queries 2000)  # as bench_peers.py --radius-queries 1m:2000
    "$BIN" peers --fleet "$PEERS/data/fleet_$size.csv" --queries "$PEERS/data/queries_10k.csv" "${extra[@]}" \
        --threads "${THREADS:-2}" --out "$OUT/ours_$size" 2>&1 | tee "$OUT/ours_$size.log"
    machine | tee -a "$OUT/machine.txt"
done
status=0
for size in 10k 100k 1m; do
    for kind in knn:oracle_knn10 within:oracle_r5km; do
        printf '%-5s %-7s ' "$size" "${kind%%:*}" | tee -a "$OUT/score.txt"
        python3 "$PEERS/score.py" "$OUT/ours_$size/${kind%%:*}.jsonl" "$PEERS/data/${kind#*:}_$size.jsonl" \
            | tee -a "$OUT/score.txt" || status=1
    done
done
python3 "$HERE/peers_table.py" "$OUT" | tee "$OUT/table.md"
# Far-query rows (issue 21): kNN where the nearest vehicles are far away, ours and nanoflann on the same files.
machine | tee -a "$OUT/machine.txt"
python3 "$HERE/far_queries.py" "$PEERS" "$OUT/far" "$BIN" --size "${FAR_SIZE:-1m}" | tee -a "$OUT/table.md" \
    || status=1
exit $status
