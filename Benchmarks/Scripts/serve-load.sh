#!/usr/bin/env bash
# Bounded loopback load on `nearest serve` (issue 13): local VOL_OISEAU through serve, with wrk (Debian: wrk).
#   Benchmarks/Scripts/serve-load.sh [connections=64] [seconds=30] [vehicles=10000]
# Builds release binaries, starts the emulator (upstream) and serve, logs in as `multi`, runs wrk with
# serve-nearest.lua, prints req/s, p50/p99, errors and serve's RSS at start and end, then the same load on
# GET /health (serve's own empty answer). Run from the repository root.
set -euo pipefail
CONNECTIONS=${1:-64}
SECONDS_RUN=${2:-30}
VEHICLES=${3:-10000}
EMU_PORT=${EMU_PORT:-18090}
SERVE_PORT=${SERVE_PORT:-18080}
command -v wrk >/dev/null || { echo "error: wrk not found (apt-get install wrk)" >&2; exit 1; }
# BIN: a folder with `nearest` and `ocean-emulator` already built (default: build them in release here).
if [ -z "${BIN:-}" ]; then
  swift build -c release --product ocean-emulator >/dev/null
  swift build -c release --product nearest >/dev/null
  BIN=$(swift build -c release --show-bin-path)
fi
"$BIN/ocean-emulator" --port "$EMU_PORT" --vehicles "$VEHICLES" >/dev/null 2>&1 &
EMU=$!
trap 'kill $EMU $SERVE 2>/dev/null || true' EXIT
SERVE=
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$EMU_PORT/" && break; sleep 0.1; done
OCEAN_LOGIN=multi OCEAN_PASSWORD=multi-password "$BIN/nearest" serve --upstream "http://127.0.0.1:$EMU_PORT" \
  --port "$SERVE_PORT" --customer 1001,1002 --log-level warning --sync-interval 10 --max-sync-age 3600 &
SERVE=$!
for _ in $(seq 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SERVE_PORT/ready")" = 200 ] && break; sleep 0.1
done
TOKEN=$(curl -s -X POST "http://127.0.0.1:$SERVE_PORT/restapi/auth/authenticate2" -H 'Content-Type: application/json' \
  -d '{"login":"multi","password":"multi-password"}' | sed 's/.*"token" *: *"\([^"]*\)".*/\1/')
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$SERVE/status"; }
# Warm-up (authorisation cached, code paths hot), then the measured run.
SERVE_TOKEN=$TOKEN wrk -t2 -c"$CONNECTIONS" -d3s -s Benchmarks/Scripts/serve-nearest.lua \
  "http://127.0.0.1:$SERVE_PORT" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(swift --version 2>/dev/null | head -1)"
echo "binaries: $BIN; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load: wrk -t2 -c$CONNECTIONS -d${SECONDS_RUN}s, $VEHICLES vehicles (2 customers), resultsLimit 10"
echo "serve RSS start: $(rss)"
SERVE_TOKEN=$TOKEN wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s Benchmarks/Scripts/serve-nearest.lua \
  "http://127.0.0.1:$SERVE_PORT"
echo "serve RSS end: $(rss)"
curl -s "http://127.0.0.1:$SERVE_PORT/metrics" | grep 'nearest_serve_requests_total{' || true
# The server's own empty answer, same load: the floor the local answer is measured against (HEALTH=0 skips it).
if [ "${HEALTH:-1}" != 0 ]; then
  echo "GET /health, same connections and duration:"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency "http://127.0.0.1:$SERVE_PORT/health" \
    | grep -E 'Requests/sec|Latency|99%|Non-2xx|Socket errors' || true
fi
