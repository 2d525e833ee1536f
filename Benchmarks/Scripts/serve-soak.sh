#!/usr/bin/env bash
# Soak (issue 20): the serve-load.sh load (wrk, local VOL_OISEAU, 10 nearest within 5 km) held for a long run while
# serve's RSS is sampled every 10 s; reports the growth from minute 1 (after warm-up) to the end. Target: < 5 %.
#   Benchmarks/Scripts/serve-soak.sh [minutes=10] [vehicles=10000] [connections=64]
# Binaries as serve-load.sh (NEAREST/EMULATOR, or BIN=folder, or built here in release). Serve re-syncs its two
# customers every SYNC_INTERVAL seconds (default 10) during the run, as in production. RADIUS_KM (default 5).
# Writes the samples (elapsed s, RSS kB, load average) to SAMPLES (default /tmp/serve-soak-<date>.csv).
set -euo pipefail
MINUTES=${1:-10}
VEHICLES=${2:-10000}
CONNECTIONS=${3:-64}
RADIUS_KM=${RADIUS_KM-5}
SAMPLES=${SAMPLES:-/tmp/serve-soak-$(date -u +%Y%m%dT%H%M%S).csv}
command -v wrk >/dev/null || { echo "error: wrk not found (apt-get install wrk)" >&2; exit 1; }
. "$(dirname "$0")/serve-env.sh"
serve_env_binaries
WRK_PID=
trap '[ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null; serve_env_stop' EXIT
serve_env_start_emulator "$VEHICLES"
serve_env_start_serve
serve_env_login
SECONDS_RUN=$((MINUTES * 60))
echo "date: $(date -u +%FT%TZ); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "binaries: $NEAREST ($("$NEAREST" --version 2>/dev/null || echo '?')), $EMULATOR"
echo "load: wrk -t2 -c$CONNECTIONS -d${SECONDS_RUN}s, $VEHICLES vehicles, resultsLimit 10${RADIUS_KM:+, radius $RADIUS_KM km}, sync every ${SYNC_INTERVAL:-10} s"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); serve RSS before load: $(serve_env_rss_kb "$SERVE_PID") kB"
WRK_OUT=$(mktemp)
serve_env_wrk -d"${SECONDS_RUN}s" --timeout 10s --latency >"$WRK_OUT" 2>&1 &
WRK_PID=$!
START=$(date +%s)
echo "elapsed_s,rss_kb,loadavg_1min" >"$SAMPLES"
while kill -0 "$WRK_PID" 2>/dev/null; do
  sleep 10
  kill -0 "$SERVE_PID" 2>/dev/null || { echo "error: serve exited during the soak" >&2; exit 1; }
  echo "$(($(date +%s) - START)),$(serve_env_rss_kb "$SERVE_PID"),$(cut -d' ' -f1 /proc/loadavg)" >>"$SAMPLES"
done
wait "$WRK_PID" || true
WRK_PID=
cat "$WRK_OUT"
rm -f "$WRK_OUT"
echo "samples: $SAMPLES"
awk -F, -v limit="$SECONDS_RUN" 'NR > 1 && $1 <= limit + 5 {
    if (!m1 && $1 >= 60) m1 = $2; last = $2; lastT = $1; if ($2 > max) max = $2; if (!first) first = $2; n++
  } END {
    if (!m1) { print "run shorter than a minute: no minute-1 sample"; exit 1 }
    g = (last - m1) * 100 / m1
    printf "serve RSS: first sample %.1f MB, minute 1 %.1f MB, end (%d s) %.1f MB, max %.1f MB, %d samples\n", \
      first / 1024, m1 / 1024, lastT, last / 1024, max / 1024, n
    printf "RSS growth minute 1 -> end: %+.2f %% (target < 5 %%): %s\n", g, (g < 5 ? "met" : "NOT met")
  }' "$SAMPLES"
