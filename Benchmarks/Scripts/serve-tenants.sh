#!/usr/bin/env bash
# `nearest serve` at a million vehicles the way a large deployment holds them: many tenants (tenants_fleet.py:
# VEHICLES across CUSTOMERS customers), all synced by one serve from the emulator, local VOL_OISEAU load with wrk
# (serve-tenants.lua: random tenant, random point near ten cities, 10 nearest within 5 km), then GET /health.
#   BIN=.build/release Benchmarks/Scripts/serve-tenants.sh [vehicles=1000000] [customers=20] [seconds=20]
# Prints time to ready, serve's RSS, req/s, p50/p99, errors, answers not served locally, and serve's CPU time per
# request (user+system from /proc, robust to other load on the machine) for both.
set -euo pipefail
VEHICLES=${1:-1000000}
CUSTOMERS=${2:-20}
SECONDS_RUN=${3:-20}
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
. "$SCRIPTS/serve-env.sh"
serve_env_binaries
WORK=$(mktemp -d)
trap 'serve_env_stop; rm -rf "$WORK"' EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
per_request_us() { python3 -c "print(round(($2 - $1) * 1e6 / $(getconf CLK_TCK) / max(1, $3), 1))"; }

if [ -n "${TENANTS_DIR:-}" ]; then WORK_FLEET=$TENANTS_DIR; else  # TENANTS_DIR: an earlier tenants_fleet.py output
  python3 "$SCRIPTS/tenants_fleet.py" "$VEHICLES" "$CUSTOMERS" "$WORK"; WORK_FLEET=$WORK; fi
CUSTOMER_LIST=$(cat "$WORK_FLEET/customers.txt")
started=$(date +%s)
"$EMULATOR" --port "$EMU_PORT" --fleet "$WORK_FLEET/fleet.json" --users "$WORK_FLEET/users.json" >/dev/null 2>&1 &
EMU_PID=$!
serve_env_wait_http "http://127.0.0.1:$EMU_PORT/" 1200
emulator_ready=$(date +%s)
OCEAN_LOGIN=multi OCEAN_PASSWORD=multi-password "$NEAREST" serve --upstream "http://127.0.0.1:$EMU_PORT" \
  --port "$SERVE_PORT" --customer "$CUSTOMER_LIST" --log-level warning --sync-interval "${SYNC_INTERVAL:-120}" \
  --max-sync-age 3600 --drain 0 &
SERVE_PID=$!
serve_env_wait_http "http://127.0.0.1:$SERVE_PORT/ready" 1800 200
ready=$(date +%s)
serve_env_login
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $VEHICLES vehicles, $CUSTOMERS customers"
echo "emulator loaded in $((emulator_ready - started)) s; serve ready (first sync of every customer) in $((ready - emulator_ready)) s"
echo "serve RSS after sync: $(serve_env_rss_kb "$SERVE_PID") kB"
run_wrk() { SERVE_TOKEN=$TOKEN SERVE_CUSTOMERS=$CUSTOMER_LIST SERVE_RADIUS_KM=5 wrk -t2 -c"$CONNECTIONS" \
  -s "$SCRIPTS/serve-tenants.lua" "$@" "http://127.0.0.1:$SERVE_PORT"; }
run_wrk -d3s >/dev/null
before=$(cpu_ticks "$SERVE_PID")
out=$(run_wrk -d"${SECONDS_RUN}s" --latency)
after=$(cpu_ticks "$SERVE_PID")
echo "$out" | grep -E "Requests/sec|requests in| 50%| 99%|Non-2xx|Socket errors|not served locally"
echo "serve CPU per request: $(per_request_us "$before" "$after" "$(echo "$out" | awk '/requests in/{print $1}')") us"
before=$(cpu_ticks "$SERVE_PID")
out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" "http://127.0.0.1:$SERVE_PORT/health")
after=$(cpu_ticks "$SERVE_PID")
echo "GET /health: $(echo "$out" | grep Requests/sec | xargs); serve CPU per request: $(per_request_us "$before" "$after" "$(echo "$out" | awk '/requests in/{print $1}')") us"
echo "serve RSS end: $(serve_env_rss_kb "$SERVE_PID") kB; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
