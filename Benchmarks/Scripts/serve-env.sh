# Sourced by serve-load.sh, serve-soak.sh and servers-side-by-side.sh (not run on its own): the emulator as upstream
# and `nearest serve` in front of it, on loopback, the way every serve benchmark runs them.
#
#   . Benchmarks/Scripts/serve-env.sh
#   serve_env_binaries                 # sets NEAREST and EMULATOR (see below)
#   serve_env_start_emulator 10000     # ocean-emulator --vehicles N --seed $EMU_SEED [more args]: EMU_PID
#   serve_env_start_serve              # nearest serve --customer 1001,1002 [more args]: SERVE_PID, waits for /ready
#   serve_env_login                    # TOKEN (login `multi`, both customers)
#   serve_env_wrk -d10s --latency      # wrk -t2 -c$CONNECTIONS -s serve-nearest.lua with the token (and radius)
#   serve_env_rss_kb "$SERVE_PID"      # VmRSS in kB
#   serve_env_stop                     # kills serve and the emulator (call it from the caller's EXIT trap)
#
# Binaries: NEAREST and EMULATOR if set; else BIN (a folder holding both); else both are built here in release.
# Ports: EMU_PORT (18090), SERVE_PORT (18080). Load: CONNECTIONS (64), RADIUS_KM (empty: no radius).
# Fleet: EMU_SEED (1: the emulator's default), customers 1001 and 1002, the synthetic fleet of EmulatedFleet.

SERVE_ENV_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EMU_PORT=${EMU_PORT:-18090}
SERVE_PORT=${SERVE_PORT:-18080}
EMU_SEED=${EMU_SEED:-1}
CONNECTIONS=${CONNECTIONS:-64}
EMU_PID=
SERVE_PID=
TOKEN=

serve_env_binaries() {
  if [ -n "${BIN:-}" ]; then
    NEAREST=${NEAREST:-$BIN/nearest}
    EMULATOR=${EMULATOR:-$BIN/ocean-emulator}
  fi
  if [ -z "${NEAREST:-}" ] || [ -z "${EMULATOR:-}" ]; then
    local root
    root=$(cd "$SERVE_ENV_DIR/../.." && pwd)
    [ -n "${EMULATOR:-}" ] || swift build -c release --package-path "$root" --product ocean-emulator >/dev/null
    [ -n "${NEAREST:-}" ] || swift build -c release --package-path "$root" --product nearest >/dev/null
    local bin
    bin=$(swift build -c release --package-path "$root" --show-bin-path)
    NEAREST=${NEAREST:-$bin/nearest}
    EMULATOR=${EMULATOR:-$bin/ocean-emulator}
  fi
  [ -x "$NEAREST" ] || { echo "error: no nearest binary at $NEAREST" >&2; return 1; }
  [ -x "$EMULATOR" ] || { echo "error: no ocean-emulator binary at $EMULATOR" >&2; return 1; }
}

# serve_env_wait_http URL SECONDS [STATUS]: polls until URL answers (with STATUS if given).
serve_env_wait_http() {
  local url=$1 limit=$2 want=${3:-} code i
  for ((i = 0; i < limit * 10; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
    if [ -n "$want" ]; then [ "$code" = "$want" ] && return 0; else [ "$code" != 000 ] && return 0; fi
    sleep 0.1
  done
  echo "error: $url did not answer${want:+ $want} within ${limit} s" >&2
  return 1
}

# serve_env_start_emulator VEHICLES [ocean-emulator args...]
serve_env_start_emulator() {
  local vehicles=$1
  shift
  "$EMULATOR" --port "$EMU_PORT" --seed "$EMU_SEED" --vehicles "$vehicles" "$@" >/dev/null 2>&1 &
  EMU_PID=$!
  serve_env_wait_http "http://127.0.0.1:$EMU_PORT/" "${EMU_START_LIMIT:-600}"
}

# serve_env_start_serve [nearest serve args...]: customers 1001 and 1002, synced as `multi`.
serve_env_start_serve() {
  OCEAN_LOGIN=multi OCEAN_PASSWORD=multi-password "$NEAREST" serve --upstream "http://127.0.0.1:$EMU_PORT" \
    --port "$SERVE_PORT" --customer 1001,1002 --log-level warning --sync-interval "${SYNC_INTERVAL:-10}" \
    --max-sync-age 3600 --drain "${SERVE_DRAIN:-0}" "$@" &
  SERVE_PID=$!
  serve_env_wait_http "http://127.0.0.1:$SERVE_PORT/ready" "${SERVE_START_LIMIT:-600}" 200
}

serve_env_login() {
  TOKEN=$(curl -s -X POST "http://127.0.0.1:$SERVE_PORT/restapi/auth/authenticate2" \
    -H 'Content-Type: application/json' -d '{"login":"multi","password":"multi-password"}' |
    sed 's/.*"token" *: *"\([^"]*\)".*/\1/')
  [ -n "$TOKEN" ] || { echo "error: login through serve failed" >&2; return 1; }
}

# serve_env_wrk [wrk args...]: the VOL_OISEAU load of serve-nearest.lua on $CONNECTIONS connections, 2 threads.
serve_env_wrk() {
  SERVE_TOKEN=$TOKEN SERVE_RADIUS_KM=${RADIUS_KM:-} wrk -t2 -c"$CONNECTIONS" -s "$SERVE_ENV_DIR/serve-nearest.lua" \
    "$@" "http://127.0.0.1:$SERVE_PORT"
}

serve_env_rss_kb() {
  awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

serve_env_stop() {
  local pid
  for pid in $SERVE_PID $EMU_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in $SERVE_PID $EMU_PID; do wait "$pid" 2>/dev/null || true; done
  SERVE_PID=
  EMU_PID=
}
