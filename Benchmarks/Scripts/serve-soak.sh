#!/usr/bin/env bash
# Soak (issue 20): the serve-load.sh load (wrk, local VOL_OISEAU, 10 nearest within 5 km) held for a long run while
# serve's RSS is sampled every 10 s; reports the growth from the first minute after warm-up to the last minute of
# the load (mean and floor) and the per-minute profile. Target: < 5 %.
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
# RSS swings by tens of MB within a minute (each sync builds a new snapshot before the old one goes), so one sample
# against another says little: compare the minute after warm-up (60-120 s) with the last minute of the load, by
# mean and by floor (the minimum: what is left between syncs), and print the per-minute profile.
awk -F, -v limit="$SECONDS_RUN" 'NR > 1 && $1 <= limit + 5 {
    m = int(($1 - 1) / 60); sum[m] += $2; n[m]++
    if ($2 > mx[m]) mx[m] = $2
    if (!(m in mn) || $2 < mn[m]) mn[m] = $2
    if (!first) first = $2
    if (!at60 && $1 >= 60) at60 = $2
    last = $2; lastT = $1; if (m > lastM) lastM = m
  } END {
    if (!(1 in n)) { print "run shorter than two minutes: no minute-2 window"; exit 1 }
    if (n[lastM] < 3 && lastM > 1) lastM--  # a lone sample after the load ended is not a minute
    for (i = 0; i <= lastM; i++) if (n[i])
      printf "minute %2d: RSS mean %6.1f MB, min %6.1f, max %6.1f (%d samples)\n", i + 1, sum[i] / n[i] / 1024, \
        mn[i] / 1024, mx[i] / 1024, n[i]
    gMean = (sum[lastM] / n[lastM] - sum[1] / n[1]) * 100 / (sum[1] / n[1])
    gMin = (mn[lastM] - mn[1]) * 100 / mn[1]
    printf "serve RSS: first sample %.1f MB, at 60 s %.1f MB, last sample (%d s) %.1f MB\n", first / 1024, \
      at60 / 1024, lastT, last / 1024
    printf "RSS growth, minute 2 -> minute %d: mean %+.1f %%, floor %+.1f %% (target < 5 %%): %s\n", lastM + 1, gMean, \
      gMin, (gMean < 5 && gMin < 5 ? "met" : "NOT met")
  }' "$SAMPLES"
