#!/usr/bin/env bash
# Bounded loopback load on `nearest serve` (issue 13): local VOL_OISEAU through serve, with wrk (Debian: wrk).
#   Benchmarks/Scripts/serve-load.sh [connections=64] [seconds=30] [vehicles=10000]
# Builds release binaries (or BIN=folder, or NEAREST=/EMULATOR= paths), starts the emulator (upstream) and serve,
# logs in as `multi`, runs wrk with serve-nearest.lua, prints req/s, p50/p99, errors and serve's RSS at start and end,
# then the same load on GET /health (serve's own empty answer).
# RADIUS_KM=5 adds `radius=5` (km) to every query. Run from the repository root. Shared parts: serve-env.sh.
set -euo pipefail
CONNECTIONS=${1:-64}
SECONDS_RUN=${2:-30}
VEHICLES=${3:-10000}
command -v wrk >/dev/null || { echo "error: wrk not found (apt-get install wrk)" >&2; exit 1; }
. "$(dirname "$0")/serve-env.sh"
serve_env_binaries
trap serve_env_stop EXIT
serve_env_start_emulator "$VEHICLES"
serve_env_start_serve
serve_env_login
# Warm-up (authorisation cached, code paths hot), then the measured run.
serve_env_wrk -d3s >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(swift --version 2>/dev/null | head -1)"
echo "binaries: $NEAREST, $EMULATOR; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load: wrk -t2 -c$CONNECTIONS -d${SECONDS_RUN}s, $VEHICLES vehicles (2 customers), resultsLimit 10${RADIUS_KM:+, radius $RADIUS_KM km}"
echo "serve RSS start: $(serve_env_rss_kb "$SERVE_PID") kB"
serve_env_wrk -d"${SECONDS_RUN}s" --latency
echo "serve RSS end: $(serve_env_rss_kb "$SERVE_PID") kB"
curl -s "http://127.0.0.1:$SERVE_PORT/metrics" | grep 'nearest_serve_requests_total{' || true
# The server's own empty answer, same load: the floor the local answer is measured against (HEALTH=0 skips it).
if [ "${HEALTH:-1}" != 0 ]; then
  echo "GET /health, same connections and duration:"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency "http://127.0.0.1:$SERVE_PORT/health" \
    | grep -E 'Requests/sec|Latency|99%|Non-2xx|Socket errors' || true
fi
