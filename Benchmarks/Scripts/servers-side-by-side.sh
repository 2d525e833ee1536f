#!/usr/bin/env bash
# `nearest serve` against Redis GEO and PostgreSQL + PostGIS on one machine, loopback only (issue 20): the same fleet
# in each, the same query mix (10 nearest within 5 km of random points around Paris, Lyon and Marseille), throughput
# and latency under load, memory, and each server's answers compared with the exact oracle.
#
#   Benchmarks/Scripts/servers-side-by-side.sh [options]
#     --nearest PATH         the `nearest` binary to serve with (env NEAREST; default: build release here)
#     --label TEXT           its label in the table (default: "serve <git describe of this checkout>")
#     --also LABEL=PATH      another `nearest` binary, measured in the same run (repeatable)
#     --emulator PATH        ocean-emulator, the upstream (env EMULATOR; default: build release here)
#     --sizes LIST           fleet sizes, comma-separated (default 10000,1000000)
#     --duration S           seconds of load per server (default 20)
#     --connections N        concurrent connections for every load generator (default 64)
#     --queries N            query points for the exactness check (default 1000)
#     --out DIR              results folder (default: a temp folder, printed)
#     --no-serve / --no-redis / --no-postgis   leave one out
#
# Installs with apt-get what is missing (wrk, redis-server, postgresql-15-postgis-3, python3-numpy); needs root for
# that, or the tools already there. Starts everything on loopback with its own ports (EMU_PORT 18090, SERVE_PORT
# 18080, REDIS_PORT 16379, PG_PORT 15432) and a temp folder, and removes both on exit. Run from anywhere.
#
# What runs (details and caveats in Benchmarks/README.md, "Servers side by side"):
#  - serve: the emulator's synthetic fleet (--vehicles N, --seed 1) synced by `nearest serve`; wrk -t2 with
#    serve-nearest.lua (RADIUS_KM=5): POST nearestVehicles VOL_OISEAU, customer 1001, resultsLimit 10, radius 5 km.
#  - Redis 7 (no persistence): the same fleet (the emulator's --save-fleet, privacy-mode vehicles left out, as serve
#    never returns them) in one GEO key per customer; redis-benchmark -c N --threads 2 running a 6-line Lua script
#    (EVALSHA) that turns two __rand_int__ into a random point of the same distribution and calls
#    GEOSEARCH key FROMLONLAT lon lat BYRADIUS 5000 m ASC COUNT 10 WITHDIST; plus, for reference, the plain command
#    at the densest fixed point (Paris centre) and PING (the protocol floor).
#  - PostgreSQL 15 + PostGIS 3 (throw-away cluster, fsync off): table (id, customer_id, geog geography(Point)),
#    GiST index on (customer_id, geog) (btree_gist); pgbench -M prepared -c N -j 2 with random points drawn by \set,
#    two formulations: ... WHERE customer_id = 1001 AND ST_DWithin(geog, q, 5000) ORDER BY geog <-> q LIMIT 10
#    (bitmap scan + sort), and the KNN index scan ORDER BY geog <-> q LIMIT 10 filtered to ST_Distance <= 5000.
#  - exactness: servers_bench.py accuracy, the same --queries points sent to each server, compared with a brute-force
#    haversine (R = 6 371 008.8 m) over the same fleet: recall@10, identical answers, reported distance error.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SIZES=${SIZES:-10000,1000000}
DURATION=${DURATION:-20}
QUERIES=${QUERIES:-1000}
CONNECTIONS=${CONNECTIONS:-64}
REDIS_PORT=${REDIS_PORT:-16379}
PG_PORT=${PG_PORT:-15432}
LABEL=
OUT=
ALSO=()
DO_SERVE=1 DO_REDIS=1 DO_PG=1
while [ $# -gt 0 ]; do
  case $1 in
    --nearest) NEAREST=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --also) ALSO+=("$2"); shift 2 ;;
    --emulator) EMULATOR=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --queries) QUERIES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-serve) DO_SERVE=0; shift ;;
    --no-redis) DO_REDIS=0; shift ;;
    --no-postgis) DO_PG=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done

# ------------------------------------------------------------------------------------------------------ packages
PGBIN=/usr/lib/postgresql/15/bin
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
if [ $DO_REDIS = 1 ]; then
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v redis-benchmark >/dev/null || need+=(redis-tools)
fi
if [ $DO_PG = 1 ]; then
  [ -x $PGBIN/postgres ] || need+=(postgresql-15)
  ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1 || need+=(postgresql-15-postgis-3)
fi
PYTHON=${PYTHON:-}
for candidate in $PYTHON python3 /usr/bin/python3; do
  if "$candidate" -c 'import numpy' 2>/dev/null; then PYTHON=$candidate; break; fi
done
if [ -z "$PYTHON" ] || ! "$PYTHON" -c 'import numpy' 2>/dev/null; then need+=(python3-numpy); PYTHON=/usr/bin/python3; fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "==> apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  # policy-rc.d or not, the packaged services are not used: everything below runs its own instance.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# ------------------------------------------------------------------------------------------------------ binaries
. "$HERE/serve-env.sh"
[ $DO_SERVE = 1 ] || NEAREST=${NEAREST:-/bin/true}
serve_env_binaries
LABEL=${LABEL:-serve $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?')}
SERVES=("$LABEL=$NEAREST" "${ALSO[@]}")

# ------------------------------------------------------------------------------------------------------ temp + trap
WORK=$(mktemp -d /tmp/servers-bench.XXXXXX)
chmod 755 "$WORK"
[ -n "$OUT" ] || OUT=$WORK/results
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
REDIS_PID= PG_STARTED=0
PGUSER_OS=
cleanup() {
  set +e
  serve_env_stop
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  if [ $PG_STARTED = 1 ]; then as_pg $PGBIN/pg_ctl -D "$WORK/pg" -m immediate stop >/dev/null 2>&1; fi
  case $OUT in "$WORK"/*) cp -r "$OUT" "/tmp/servers-bench-results.$$" && echo "results kept in /tmp/servers-bench-results.$$" ;; esac
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_pg() {
  if [ -n "$PGUSER_OS" ]; then runuser -u "$PGUSER_OS" -- "$@"; else "$@"; fi
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }
# Proportional set size of a process and its children, kB (shared pages counted once across them).
pss_tree_kb() {
  local pids total=0 p v
  pids="$1 $(pgrep -P "$1" | tr '\n' ' ')"
  for p in $pids; do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo $total
}
redis_rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$REDIS_PID/status"; }
# after S FILE CMD...: runs CMD after S seconds in the background, its output to FILE (memory sampled while the load
# still runs); AFTER_PID to wait on.
after() { local s=$1 file=$2; shift 2; (sleep "$s"; "$@" >"$file") & AFTER_PID=$!; }
machine() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
}
# write_result FILE key=value...: one JSON object per run (values that parse as numbers stay numbers).
write_result() {
  local file=$1
  shift
  "$PYTHON" - "$file" "$@" <<'EOF'
import json, sys
out = {}
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    try:
        out[k] = int(v)
    except ValueError:
        try:
            out[k] = float(v)
        except ValueError:
            out[k] = v
json.dump(out, open(sys.argv[1], "w"), indent=1)
EOF
}

{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(machine); kernel $(uname -r)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "serve binaries: ${SERVES[*]}"
  echo "emulator: $EMULATOR (seed $EMU_SEED)"
  command -v redis-server >/dev/null && echo "redis: $(redis-server --version | cut -d' ' -f3)"
  [ -x $PGBIN/postgres ] && echo "postgres: $($PGBIN/postgres --version)"
  echo "load: $CONNECTIONS connections, $DURATION s per server, 10 nearest within 5 km, customer 1001"
} | tee "$OUT/machine.txt"

# ------------------------------------------------------------------------------------------------------ Redis
if [ $DO_REDIS = 1 ]; then
  mkdir "$WORK/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save '' --appendonly no \
    --daemonize no --logfile "$WORK/redis/redis.log" &
  REDIS_PID=$!
  for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  # A random point of serve-nearest.lua's distribution from two integers in [0, 3e6): city = a % 3,
  # u = floor(a / 3) / 1e6, v = (b % 1e6) / 1e6; then the query itself.
  REDIS_SHA=$(redis-cli -p "$REDIS_PORT" SCRIPT LOAD "
    local a, b = tonumber(ARGV[1]), tonumber(ARGV[2])
    local lats, lons = {48.8566, 45.7640, 43.2965}, {2.3522, 4.8357, 5.3698}
    local c = a % 3 + 1
    local lat = lats[c] + (math.floor(a / 3) / 1000000 - 0.5) * 0.2
    local lon = lons[c] + ((b % 1000000) / 1000000 - 0.5) * 0.2
    return redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', 5000, 'm', 'ASC', 'COUNT', 10, 'WITHDIST')")
fi

# ------------------------------------------------------------------------------------------------------ PostgreSQL
PSQL=()
if [ $DO_PG = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    PGUSER_OS=postgres
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  mkdir "$WORK/pg" "$WORK/pgsock"
  [ -z "$PGUSER_OS" ] || chown "$PGUSER_OS" "$WORK/pg" "$WORK/pgsock"
  as_pg $PGBIN/initdb -D "$WORK/pg" -U bench --auth trust --no-sync -E UTF8 --locale C >/dev/null
  as_pg $PGBIN/pg_ctl -D "$WORK/pg" -l "$WORK/pgsock/postgres.log" -w -o "-p $PG_PORT -k $WORK/pgsock \
    -c listen_addresses=127.0.0.1 -c max_connections=$((CONNECTIONS + 20)) -c shared_buffers=512MB -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off -c jit=off" start >/dev/null
  PG_STARTED=1
  PG_PID=$(head -1 "$WORK/pg/postmaster.pid")
  PSQL=($PGBIN/psql -h "$WORK/pgsock" -p "$PG_PORT" -U bench -d postgres)
  "${PSQL[@]}" -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION postgis' -c 'CREATE EXTENSION btree_gist'
  echo "postgis: $("${PSQL[@]}" -X -A -t -c 'SELECT postgis_lib_version()')" | tee -a "$OUT/machine.txt"
fi

ORDER=0
# ------------------------------------------------------------------------------------------------------ per size
IFS=, read -ra SIZE_LIST <<<"$SIZES"
for VEHICLES in "${SIZE_LIST[@]}"; do
  echo
  echo "==> $VEHICLES vehicles: emulator (seed $EMU_SEED), fleet export, loads"
  FLEET_JSON=$WORK/fleet_$VEHICLES.json
  FLEET_CSV=$WORK/fleet_$VEHICLES.csv
  serve_env_start_emulator "$VEHICLES" --save-fleet "$FLEET_JSON"
  "$PYTHON" "$HERE/servers_bench.py" export "$FLEET_JSON" "$FLEET_CSV"
  rm -f "$FLEET_JSON"

  if [ $DO_REDIS = 1 ]; then
    KEY=fleet$VEHICLES
    "$PYTHON" "$HERE/servers_bench.py" redis-resp "$FLEET_CSV" "$KEY" | redis-cli -p "$REDIS_PORT" --pipe | tail -1
    echo "redis: $(redis-cli -p "$REDIS_PORT" ZCARD "$KEY:1001") vehicles of customer 1001 in $KEY:1001"
  fi
  if [ $DO_PG = 1 ]; then
    TABLE=vehicles_$VEHICLES
    "${PSQL[@]}" -X -q -v ON_ERROR_STOP=1 <<EOF
CREATE UNLOGGED TABLE load_$VEHICLES (id bigint, customer_id bigint, lat float8, lon float8);
\copy load_$VEHICLES FROM '$FLEET_CSV' WITH (FORMAT csv)
CREATE TABLE $TABLE AS SELECT id, customer_id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS geog
  FROM load_$VEHICLES;
DROP TABLE load_$VEHICLES;
ALTER TABLE $TABLE ADD PRIMARY KEY (id);
CREATE INDEX ON $TABLE USING gist (customer_id, geog);
VACUUM ANALYZE $TABLE;
EOF
    echo "postgis: $("${PSQL[@]}" -X -A -t -c "SELECT count(*) FROM $TABLE WHERE customer_id = 1001") vehicles of customer 1001 in $TABLE"
    # Two formulations of "10 nearest within 5 km", each a pgbench script (random point drawn by \set); the
    # exactness check runs the same SQL (servers_bench.py reads it from the script).
    #  dwithin: the textbook one; the planner answers it with a bitmap scan of the 5 km box and a sort.
    #  knn: the GiST index's KNN scan (ORDER BY <-> LIMIT 10), then the 5 km filter on those 10.
    PG_QUERIES=(
      "dwithin=SELECT id, ST_Distance(geog, q) FROM $TABLE, (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography AS q) p WHERE customer_id = 1001 AND ST_DWithin(geog, q, 5000) ORDER BY geog <-> q LIMIT 10;"
      "knn=SELECT id, d FROM (SELECT id, ST_Distance(geog, q) AS d FROM $TABLE, (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography AS q) p WHERE customer_id = 1001 ORDER BY geog <-> q LIMIT 10) s WHERE d <= 5000;"
    )
    pg_args=()
    : >"$OUT/postgis-plans-$VEHICLES.txt"
    for entry in "${PG_QUERIES[@]}"; do
      variant=${entry%%=*}
      sql=${entry#*=}
      cat >"$WORK/pgbench_${VEHICLES}_$variant.sql" <<EOF
\\set c random(0, 2)
\\set u random(0, 999999)
\\set v random(0, 999999)
\\set lat (case when :c = 0 then 48.8566 when :c = 1 then 45.7640 else 43.2965 end) + (:u / 1000000.0 - 0.5) * 0.2
\\set lon (case when :c = 0 then 2.3522 when :c = 1 then 4.8357 else 5.3698 end) + (:v / 1000000.0 - 0.5) * 0.2
$sql
EOF
      pg_args+=(--pg "postgis-$variant=$WORK/pgbench_${VEHICLES}_$variant.sql")
      plan_sql=${sql//:lon/2.35}
      { echo "-- $variant, at (48.85, 2.35)"; "${PSQL[@]}" -X -A -t -c "EXPLAIN ${plan_sql//:lat/48.85}"; } \
        >>"$OUT/postgis-plans-$VEHICLES.txt"
    done
  fi

  # ---- exactness of the peers (serve's below, per binary)
  if [ $DO_REDIS = 1 ] || [ $DO_PG = 1 ]; then
    args=()
    [ $DO_REDIS = 0 ] || args+=(--redis-port "$REDIS_PORT" --redis-key "$KEY:1001")
    [ $DO_PG = 0 ] || args+=(--psql "${PSQL[*]}" "${pg_args[@]}")
    "$PYTHON" "$HERE/servers_bench.py" accuracy --fleet "$FLEET_CSV" --queries "$QUERIES" "${args[@]}" \
      --out "$OUT/accuracy-$VEHICLES-peers.json"
  fi

  # ---- serve, each binary in turn (same emulator, same fleet)
  # serve syncs a customer with one vehiclePositions call and refuses upstream bodies over 64 MiB
  # (BodyCaptureMiddleware.maxBodyBytes): measure that answer first rather than wait for a sync that cannot succeed.
  serve_here=$DO_SERVE
  if [ $DO_SERVE = 1 ]; then
    emu_token=$(curl -s -X POST "http://127.0.0.1:$EMU_PORT/restapi/auth/authenticate2" \
      -H 'Content-Type: application/json' -d '{"login":"multi","password":"multi-password"}' |
      sed 's/.*"token" *: *"\([^"]*\)".*/\1/')
    positions_bytes=$(curl -s -o /dev/null -w '%{size_download}' -H "X-AUTH-TOKEN: $emu_token" \
      "http://127.0.0.1:$EMU_PORT/restapi/mobility/v1/vehiclePositions?customerId=1001")
    vehicles_bytes=$(curl -s -o /dev/null -w '%{size_download}' -H "X-AUTH-TOKEN: $emu_token" \
      "http://127.0.0.1:$EMU_PORT/restapi/vehicule_engin/vehicles?customerId=1001&includeFields=vehicle,entite")
    echo "customer 1001 sync answers: vehiclePositions $positions_bytes bytes, vehicles $vehicles_bytes bytes"
    if [ "$positions_bytes" -gt $((64 * 1024 * 1024)) ] || [ "$vehicles_bytes" -gt $((64 * 1024 * 1024)) ]; then
      serve_here=0
      echo "serve: not measured at $VEHICLES vehicles: its sync of customer 1001 reads vehiclePositions ($((positions_bytes / 1048576)) MiB) and vehicles ($((vehicles_bytes / 1048576)) MiB) from the emulator, and serve refuses upstream bodies over 64 MiB" |
        tee "$OUT/serve-skipped-$VEHICLES.txt"
    fi
  fi
  if [ $serve_here = 1 ]; then
    for entry in "${SERVES[@]}"; do
      label=${entry%%=*}
      NEAREST=${entry#*=}
      name=serve$ORDER
      echo "--> $label ($NEAREST)"
      SYNC_INTERVAL=3600 serve_env_start_serve
      serve_env_login
      "$PYTHON" "$HERE/servers_bench.py" accuracy --fleet "$FLEET_CSV" --queries "$QUERIES" \
        --serve "http://127.0.0.1:$SERVE_PORT" --token "$TOKEN" --serve-name "$name" \
        --out "$OUT/accuracy-$VEHICLES-$name.json"
      RADIUS_KM=5 serve_env_wrk -d3s >/dev/null
      load=$(loadavg)
      RADIUS_KM=5 serve_env_wrk -d"${DURATION}s" --latency | tee "$OUT/wrk-$VEHICLES-$name.txt"
      rss=$(serve_env_rss_kb "$SERVE_PID")
      eval "$(awk '/^p50 / {print "p50=" $2 "; p99=" $5}
                   /^requests / {split($5, e, "/"); print "nerr=" e[1] "; serr=" e[2] "; rps=" $7}
                   /^answers not served locally/ {print "notlocal=" $5}' "$OUT/wrk-$VEHICLES-$name.txt")"
      write_result "$OUT/load-$VEHICLES-$ORDER.json" vehicles="$VEHICLES" order=$ORDER server="$name" \
        label="\`nearest serve\` ($label)" query="wrk, random points" rps="$rps" p50_ms="$p50" p99_ms="$p99" \
        errors="$nerr non-2xx, $serr socket, $notlocal not local" rss_kb="$rss" memory="$((rss / 1024)) MB RSS" \
        loadavg="$load → $(loadavg)"
      ORDER=$((ORDER + 1))
      kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; SERVE_PID=
    done
  fi
  serve_env_stop

  # ---- Redis
  if [ $DO_REDIS = 1 ]; then
    rb() { # rb LABEL QUERY EXACT N redis-benchmark command...
      local label=$1 query=$2 exact=$3 n=$4
      shift 4
      local load csv rps p50 p99 mem
      load=$(loadavg)
      after $((DURATION * 3 / 4)) "$WORK/redis-mem" redis_rss_kb
      csv=$(redis-benchmark -p "$REDIS_PORT" -c "$CONNECTIONS" --threads 2 -n "$n" -r 3000000 --csv "$@" | tail -1)
      wait "$AFTER_PID"
      echo "$label: $csv" | tee -a "$OUT/redis-$VEHICLES.txt"
      IFS=, read -r _ rps _ _ p50 _ p99 _ <<<"$(tr -d '"' <<<"$csv")"
      mem=$(cat "$WORK/redis-mem" 2>/dev/null || echo 0)
      write_result "$OUT/load-$VEHICLES-$ORDER.json" vehicles="$VEHICLES" order=$ORDER server=redis label="$label" \
        query="$query" rps="$rps" p50_ms="$p50" p99_ms="$p99" errors="0 (stops on error)" rss_kb="$mem" \
        memory="$((mem / 1024)) MB RSS ($(redis-cli -p "$REDIS_PORT" INFO memory | awk -F: '/^used_memory_human/ {print $2}' | tr -d '\r') used)" \
        exactness="$exact" loadavg="$load → $(loadavg)"
      ORDER=$((ORDER + 1))
    }
    # redis-benchmark takes a request count, not a duration: a short run (4 requests per connection; also the
    # warm-up) sets the count to about DURATION seconds (GEOSEARCH's cost grows with the vehicles in the radius:
    # thousands of requests per second at 10k vehicles, tens at 1M).
    calib() {
      local rps
      rps=$(redis-benchmark -p "$REDIS_PORT" -c "$CONNECTIONS" --threads 2 -n $((CONNECTIONS * 4)) -r 3000000 --csv \
        "$@" | tail -1 | tr -d '"' | cut -d, -f2)
      "$PYTHON" -c "print(max($((CONNECTIONS * 4)), int(float('$rps') * $DURATION)))"
    }
    LUA=(EVALSHA "$REDIS_SHA" 1 "$KEY:1001" __rand_int__ __rand_int__)
    rb "Redis 7 GEOSEARCH (Lua, random points)" "redis-benchmark, random points (Lua)" true "$(calib "${LUA[@]}")" "${LUA[@]}"
    FIXED=(GEOSEARCH "$KEY:1001" FROMLONLAT 2.3522 48.8566 BYRADIUS 5000 m ASC COUNT 10 WITHDIST)
    rb "Redis 7 GEOSEARCH (plain)" "redis-benchmark, Paris centre only" false "$(calib "${FIXED[@]}")" "${FIXED[@]}"
    rb "Redis 7 PING" "protocol floor" false "$(calib PING)" PING
  fi

  # ---- PostGIS
  if [ $DO_PG = 1 ]; then
    for entry in "${PG_QUERIES[@]}"; do
      variant=${entry%%=*}
      PGB=($PGBIN/pgbench -h "$WORK/pgsock" -p "$PG_PORT" -U bench -n -M prepared -c "$CONNECTIONS" -j 2
        -f "$WORK/pgbench_${VEHICLES}_$variant.sql" postgres)
      "${PGB[@]}" -T 3 >/dev/null 2>&1
      load=$(loadavg)
      after $((DURATION * 3 / 4)) "$WORK/pg-mem" pss_tree_kb "$PG_PID"
      (cd "$WORK" && "${PGB[@]}" -T "$DURATION" -l --log-prefix=pglog 2>&1) | tee "$OUT/pgbench-$VEHICLES-$variant.txt"
      wait "$AFTER_PID"
      read -r p50 p99 < <(cat "$WORK"/pglog.* | "$PYTHON" -c '
import sys, numpy as np
us = np.array([int(l.split()[2]) for l in sys.stdin if l.strip()], dtype=np.float64)
print(f"{np.percentile(us, 50) / 1000:.3f} {np.percentile(us, 99) / 1000:.3f}")')
      rm -f "$WORK"/pglog.*
      tps=$(awk '/^tps = / {print $3}' "$OUT/pgbench-$VEHICLES-$variant.txt")
      failed=$(awk '/number of failed transactions/ {print $5}' "$OUT/pgbench-$VEHICLES-$variant.txt")
      mem=$(cat "$WORK/pg-mem" 2>/dev/null || echo 0)
      case $variant in
        dwithin) label="PostgreSQL 15 + PostGIS 3, \`ST_DWithin\` + \`ORDER BY <->\` (bitmap scan + sort)" ;;
        *) label="PostgreSQL 15 + PostGIS 3, KNN index scan \`ORDER BY <-> LIMIT 10\`, then ≤ 5 km" ;;
      esac
      write_result "$OUT/load-$VEHICLES-$ORDER.json" vehicles="$VEHICLES" order=$ORDER server="postgis-$variant" \
        label="$label" query="pgbench, random points" rps="$tps" \
        p50_ms="$p50" p99_ms="$p99" errors="${failed:-?} failed" rss_kb="$mem" \
        memory="$((mem / 1024)) MB PSS (postmaster + $CONNECTIONS backends)" loadavg="$load → $(loadavg)"
      ORDER=$((ORDER + 1))
    done
  fi
done

echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
"$PYTHON" "$HERE/servers_bench.py" table "$OUT" | tee "$OUT/table.md"
echo "results: $OUT"
