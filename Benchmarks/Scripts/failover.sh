#!/usr/bin/env bash
# Failover under load: the emulator as Ocean, two shards of two `nearest serve` replicas (shard a syncs customer
# 1001, shard b 1002), HAProxy in front with deploy/haproxy/haproxy.cfg (the shipped configuration), and a bounded
# nearestVehicles load (failover_load.py: CONNECTIONS keep-alive connections, both customers). During the load:
#   t = 8 s   SIGTERM replica a1 (graceful drain: /ready 503 at once, answers for --drain s, then exit 0)
#   t = 20 s  SIGKILL replica b1 (whatever it had in flight is lost)
#   t = 26 s  b1 started again (same port); HAProxy takes it back once /ready is 200
# Prints a Markdown table (whole run, then 5 s after each event: requests, failures, p50/p99) and what HAProxy
# retried. Targets (issue #23): 0 failed requests around the SIGTERM; around the SIGKILL, only requests in flight at
# that instant, and those HAProxy could retry (conn-failure, empty-response) succeed on b2.
#
#   BIN=.build/release Benchmarks/Scripts/failover.sh     # or NEAREST= / EMULATOR=; else builds them in release
# Environment: VEHICLES (10000), FAILOVER_CONNECTIONS (16), DURATION (40), DRAIN (5), PORT_BASE (19080).
set -euo pipefail
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SCRIPTS/../.." && pwd)
. "$SCRIPTS/serve-env.sh"
VEHICLES=${VEHICLES:-10000}
CONNECTIONS=${FAILOVER_CONNECTIONS:-16}
DURATION=${DURATION:-40}
DRAIN=${DRAIN:-5}
PORT_BASE=${PORT_BASE:-19080}
EMU_PORT=$((PORT_BASE + 10))
LISTEN_PORT=$PORT_BASE
WORK=$(mktemp -d)
declare -A PORTS=([a1]=$((PORT_BASE + 1)) [a2]=$((PORT_BASE + 2)) [b1]=$((PORT_BASE + 3)) [b2]=$((PORT_BASE + 4)))
declare -A CUSTOMER=([a1]=1001 [a2]=1001 [b1]=1002 [b2]=1002)
declare -A PIDS=()
HAPROXY_PID=

command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || {
  echo "==> installing haproxy" >&2; apt-get install -y -qq haproxy >/dev/null; }
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

cleanup() {
  local pid
  for pid in "${PIDS[@]}" $HAPROXY_PID; do kill -KILL "$pid" 2>/dev/null || true; done
  serve_env_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

start_replica() {
  local name=$1
  OCEAN_LOGIN=multi OCEAN_PASSWORD=multi-password "$NEAREST" serve --upstream "http://127.0.0.1:$EMU_PORT" \
    --port "${PORTS[$name]}" --customer "${CUSTOMER[$name]}" --log-level warning --sync-interval 10 \
    --max-sync-age 60 --drain "$DRAIN" >>"$WORK/$name.log" 2>&1 &
  PIDS[$name]=$!
}

event() { printf '%s\t%s\n' "$(date +%s.%N)" "$1" >>"$WORK/events.tsv"; }

serve_env_binaries
serve_env_start_emulator "$VEHICLES"
for name in a1 a2 b1 b2; do start_replica "$name"; done
for name in a1 a2 b1 b2; do serve_env_wait_http "http://127.0.0.1:${PORTS[$name]}/ready" 600 200; done

NEAREST_LISTEN=127.0.0.1:$LISTEN_PORT NEAREST_STATS=127.0.0.1:$((PORT_BASE + 5)) \
  SHARD_A_1=127.0.0.1:${PORTS[a1]} SHARD_A_2=127.0.0.1:${PORTS[a2]} \
  SHARD_B_1=127.0.0.1:${PORTS[b1]} SHARD_B_2=127.0.0.1:${PORTS[b2]} \
  NEAREST_SHARD_MAP=$ROOT/deploy/haproxy/customer-shards.map \
  "$HAPROXY" -db -f "$ROOT/deploy/haproxy/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
SERVE_PORT=$LISTEN_PORT serve_env_wait_http "http://127.0.0.1:$LISTEN_PORT/health" 30 200
SERVE_PORT=$LISTEN_PORT serve_env_login

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $VEHICLES vehicles, $CONNECTIONS connections," \
  "drain $DRAIN s" >&2
python3 "$SCRIPTS/failover_load.py" load "http://127.0.0.1:$LISTEN_PORT" "$TOKEN" "$DURATION" "$CONNECTIONS" \
  "$WORK/requests.csv" &
LOAD_PID=$!
sleep 8
event "SIGTERM a1"
kill -TERM "${PIDS[a1]}"
sleep 12
event "SIGKILL b1"
kill -KILL "${PIDS[b1]}"
wait "${PIDS[b1]}" 2>/dev/null || true
sleep 6
event "b1 restarted"
start_replica b1
wait "$LOAD_PID"
TERM_STATUS=0
wait "${PIDS[a1]}" || TERM_STATUS=$?
unset 'PIDS[a1]'
echo "a1 after SIGTERM: exit status $TERM_STATUS" >&2
python3 "$SCRIPTS/failover_load.py" report "$WORK/requests.csv" "$WORK/events.tsv" "$WORK/haproxy.log"
