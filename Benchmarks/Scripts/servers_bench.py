#!/usr/bin/env python3
"""Glue for servers-side-by-side.sh: the fleet export, the loaders, the exactness check and the table.

  servers_bench.py export FLEET_JSON OUT_CSV          fleet (ocean-emulator --save-fleet) -> id,customer_id,lat,lon
  servers_bench.py redis-resp CSV KEY_PREFIX          RESP GEOADD commands (for redis-cli --pipe) on stdout
  servers_bench.py accuracy --fleet CSV ... --out J   the same query points against serve, Redis and PostGIS,
                                                      each answer compared with the exact oracle
  servers_bench.py table RESULTS_DIR                  the markdown table of one run

The exported fleet is what serve answers from: the emulator's synthetic fleet minus the vehicles in privacy mode
(Ocean sends no position for them, serve never returns them). Coordinates are written with Python's repr, which
round-trips the emulator's doubles exactly.

The oracle is exact by brute force: haversine on R = 6 371 008.8 m (the formula of /work/shared/peers/common.py and of
the engine's contract), every vehicle of the customer within 5000 m (inclusive), sorted by (distance, id), first 10.
numpy only (no Redis or PostgreSQL client library: a 40-line RESP client, psql for PostGIS).
"""
import argparse
import http.client
import json
import math
import os
import re
import socket
import subprocess
import sys

import numpy as np

R_MEAN = 6371008.8
CITIES = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698)]  # as serve-nearest.lua and EmulatedFleet
CUSTOMER = 1001
K = 10
RADIUS_M = 5000.0
TIE_M = 1e-6  # distances equal to 1 µm are ties


def haversine_m(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp * 0.5) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl * 0.5) ** 2
    return 2.0 * R_MEAN * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# ---------------------------------------------------------------------------------------------------------- export
def export(args):
    fleet = json.load(open(args.fleet_json))
    kept = private = 0
    with open(args.out_csv, "w") as out:
        for v in fleet["vehicles"]:
            if v.get("privacyEnabled") or v.get("etatMobile") == "PRIVACY":
                private += 1
                continue
            out.write(f"{v['id']},{v['customerId']},{float(v['latitude'])!r},{float(v['longitude'])!r}\n")
            kept += 1
    print(f"exported {kept} vehicles ({private} in privacy mode left out) to {args.out_csv}")


def load_fleet(path, customer=CUSTOMER):
    data = np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=2)
    data = data[data[:, 1] == customer]
    return data[:, 0].astype(np.int64), data[:, 2].copy(), data[:, 3].copy()


def redis_resp(args):
    out = sys.stdout.buffer
    batch = {}

    def flush(key, rows):
        parts = [b"GEOADD", key.encode()]
        for vid, lat, lon in rows:
            parts += [lon.encode(), lat.encode(), vid.encode()]
        out.write(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))

    for line in open(args.csv):
        vid, customer, lat, lon = line.strip().split(",")
        rows = batch.setdefault(f"{args.key_prefix}:{customer}", [])
        rows.append((vid, lat, lon))
        if len(rows) == 1000:
            flush(f"{args.key_prefix}:{customer}", rows)
            rows.clear()
    for key, rows in batch.items():
        if rows:
            flush(key, rows)


# -------------------------------------------------------------------------------------------------------- queries
def query_points(n, seed):
    """Uniform within ±0.1° of a uniformly drawn city centre (the wrk, pgbench and Redis loads' distribution),
    rounded to 6 decimals as serve-nearest.lua writes them."""
    rng = np.random.default_rng(seed)
    city = rng.integers(0, 3, n)
    lat = np.array([CITIES[c][0] for c in city]) + (rng.random(n) - 0.5) * 0.2
    lon = np.array([CITIES[c][1] for c in city]) + (rng.random(n) - 0.5) * 0.2
    return np.round(lat, 6), np.round(lon, 6)


def oracle(ids, lat, lon, qlat, qlon):
    order = np.argsort(lat, kind="stable")
    ids, lat, lon = ids[order], lat[order], lon[order]
    band = RADIUS_M / (R_MEAN * math.pi / 180) * 1.01  # degrees of latitude: no vehicle outside can be within 5 km
    answers = []
    for qa, qo in zip(qlat, qlon):
        lo, hi = np.searchsorted(lat, qa - band, "left"), np.searchsorted(lat, qa + band, "right")
        d = haversine_m(qa, qo, lat[lo:hi], lon[lo:hi])
        inside = np.flatnonzero(d <= RADIUS_M)
        ranked = inside[np.lexsort((ids[lo:hi][inside], d[inside]))]
        answers.append([(int(ids[lo + i]), float(d[i])) for i in ranked[:K]])
    return answers, dict(zip(ids.tolist(), zip(lat.tolist(), lon.tolist())))


# ------------------------------------------------------------------------------------------------------- clients
def serve_answers(url, token, qlat, qlon):
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    answers, not_local, errors = [], 0, 0
    for qa, qo in zip(qlat, qlon):
        path = (f"/restapi/vehicule_engin/nearestVehicles?customerId={CUSTOMER}&latitude={qa:.6f}"
                f"&longitude={qo:.6f}&resultsLimit={K}&radius={RADIUS_M / 1000:g}")
        conn.request("POST", path, body=b'{"computeMode":"VOL_OISEAU"}',
                     headers={"X-AUTH-TOKEN": token, "Content-Type": "application/json"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            errors += 1
            answers.append([])
            continue
        if response.getheader("X-Nearest-Source") != "local":
            not_local += 1
        answers.append([(int(v["vehicle"]["id"]), float(v["distance"])) for v in json.loads(body)])
    return answers, {"errors": errors, "not_local": not_local}


class Resp:
    """The smallest RESP2 client that does: one command at a time, replies parsed recursively."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def call(self, *args):
        parts = [str(a).encode() for a in args]
        self.sock.sendall(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
        return self.read()

    def read(self):
        line = self.file.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)[:-2]
            return data.decode()
        if kind == b"*":
            return [self.read() for _ in range(int(rest))]
        raise RuntimeError(f"unexpected RESP line {line!r}")


def redis_answers(port, key, qlat, qlon):
    client = Resp(port)
    answers = []
    for qa, qo in zip(qlat, qlon):
        reply = client.call("GEOSEARCH", key, "FROMLONLAT", repr(float(qo)), repr(float(qa)), "BYRADIUS",
                            f"{RADIUS_M:g}", "m", "ASC", "COUNT", K, "WITHDIST")
        answers.append([(int(member), float(dist)) for member, dist in reply])
    return answers, {"errors": 0, "not_local": 0}


def postgis_answers(psql, script, qlat, qlon):
    """Runs the SQL of a pgbench script (its lines after the \set ones, with :lon and :lat) at each point."""
    sql = " ".join(line for line in open(script).read().splitlines() if line and not line.startswith("\\"))
    sql = sql.strip().rstrip(";")
    statements = []
    for i, (qa, qo) in enumerate(zip(qlat, qlon)):
        body = sql.replace(":lon", repr(float(qo))).replace(":lat", repr(float(qa)))
        statements.append(f"SELECT {i}, t.* FROM ({body}) t;")
    out = subprocess.run(psql + ["-X", "-q", "-A", "-t", "-F", ",", "-v", "ON_ERROR_STOP=1"],
                         input="\n".join(statements), capture_output=True, text=True, check=True).stdout
    answers = [[] for _ in qlat]
    for line in out.splitlines():
        if line:
            i, vid, dist = line.split(",")
            answers[int(i)].append((int(vid), float(dist)))
    return answers, {"errors": 0, "not_local": 0}


# ------------------------------------------------------------------------------------------------------ agreement
def agreement(answers, truth, positions, qlat, qlon):
    """recall@10 (tie-aware at 1 µm), identical answers (ids and order), and the reported distances' error against
    the exact haversine of the same vehicle (metres; relative for vehicles 1 km away or more)."""
    hits = expected = returned = identical = outside = 0
    max_abs = max_rel = 0.0
    worst_rank = 0.0
    for answer, exact, qa, qo in zip(answers, truth, qlat, qlon):
        expected += len(exact)
        returned += len(answer)
        if [i for i, _ in answer] == [i for i, _ in exact]:
            identical += 1
        cutoff = exact[-1][1] + TIE_M if len(exact) == K else RADIUS_M + TIE_M
        got = set()
        for rank, (vid, dist) in enumerate(answer):
            la, lo = positions[vid]
            true_d = float(haversine_m(qa, qo, la, lo))
            if true_d <= cutoff and vid not in got:
                hits += 1
                got.add(vid)
            if true_d > RADIUS_M:
                outside += 1
            max_abs = max(max_abs, abs(dist - true_d))
            if true_d >= 1000:  # relative error where quantisation does not dominate
                max_rel = max(max_rel, abs(dist - true_d) / true_d)
            if rank < len(exact):  # the answer's k-th distance against the oracle's k-th, exact metric both
                worst_rank = max(worst_rank, true_d - exact[rank][1])
    return {
        "queries": len(truth), "expected": expected, "returned": returned,
        "recall": hits / expected if expected else 1.0, "identical": identical / len(truth),
        "beyond_radius": outside, "max_abs_dist_err_m": max_abs, "max_rel_dist_err": max_rel,
        "max_rank_dist_excess_m": worst_rank,
    }


def accuracy(args):
    ids, lat, lon = load_fleet(args.fleet)
    qlat, qlon = query_points(args.queries, args.seed)
    truth, positions = oracle(ids, lat, lon, qlat, qlon)
    result = {"fleet_customer_vehicles": int(ids.size), "queries": args.queries, "seed": args.seed,
              "oracle_empty": sum(1 for t in truth if not t), "oracle_mean_answers": sum(map(len, truth)) / len(truth)}
    if args.serve:
        answers, extra = serve_answers(args.serve, args.token, qlat, qlon)
        result[args.serve_name] = {**agreement(answers, truth, positions, qlat, qlon), **extra}
    if args.redis_port:
        answers, extra = redis_answers(args.redis_port, args.redis_key, qlat, qlon)
        result["redis"] = {**agreement(answers, truth, positions, qlat, qlon), **extra}
    for entry in args.pg or []:
        name, script = entry.split("=", 1)
        answers, extra = postgis_answers(args.psql.split(), script, qlat, qlon)
        result[name] = {**agreement(answers, truth, positions, qlat, qlon), **extra}
    json.dump(result, open(args.out, "w"), indent=1)
    for name, r in result.items():
        if isinstance(r, dict):
            print(f"{name:8} recall@10 {r['recall']:.5f}  identical {r['identical']:.4f}  "
                  f"max |d - haversine| {r['max_abs_dist_err_m']:.4g} m ({r['max_rel_dist_err']:.3g} rel)  "
                  f"beyond 5 km {r['beyond_radius']}  errors {r['errors']}")


# ---------------------------------------------------------------------------------------------------------- table
def fmt_int(x):
    return f"{x:,.0f}".replace(",", " ")


def fmt_ms(x, capped=False):
    if x is None:
        return "—"
    if capped and x >= 3000:  # redis-benchmark's latency histogram stops at 3 s
        return "≥ 3 s"
    return f"{x:.2f} ms"


def fmt_mb(kb):
    return "—" if not kb else f"{kb / 1024:.0f} MB"


def table(args):
    rows = []
    for name in sorted(os.listdir(args.results)):
        if name.startswith("load-") and name.endswith(".json"):
            rows.append(json.load(open(os.path.join(args.results, name))))
    rows.sort(key=lambda r: (r["vehicles"], r["order"]))
    acc = {}  # vehicles -> merged accuracy-<vehicles>-*.json
    for name in sorted(os.listdir(args.results)):
        m = re.match(r"accuracy-(\d+)-.*\.json$", name)
        if m:
            acc.setdefault(int(m.group(1)), {}).update(json.load(open(os.path.join(args.results, name))))
    print("| fleet | server | query | req/s | p50 | p99 | errors | server memory | recall@10 | identical answers "
          "| max \\|d − haversine\\| | load avg (1 min) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        a = acc.get(r["vehicles"], {}).get(r["server"]) if r.get("exactness") != "false" else None
        exact = ("—", "—", "—") if not a else (
            f"{a['recall']:.4f}", f"{a['identical'] * 100:.1f} %",
            f"{a['max_abs_dist_err_m']:.3g} m ({a['max_rel_dist_err'] * 100:.2g} % ≥ 1 km)")
        print(f"| {fmt_int(r['vehicles'])} | {r['label']} | {r['query']} | **{fmt_int(r['rps'])}** | "
              f"{fmt_ms(r.get('p50_ms'), r['server'] == 'redis')} | {fmt_ms(r.get('p99_ms'), r['server'] == 'redis')} | {r.get('errors', '—')} | "
              f"{r.get('memory', fmt_mb(r.get('rss_kb')))} | {exact[0]} | {exact[1]} | {exact[2]} | "
              f"{r.get('loadavg', '—')} |")
    for name in sorted(os.listdir(args.results)):
        if name.startswith("serve-skipped-"):
            print(f"\n{open(os.path.join(args.results, name)).read().strip()}.", end="")
    print()
    for vehicles, a in sorted(acc.items()):
        print(f"\nExactness at {fmt_int(vehicles)} vehicles: {a['queries']} query points (seed {a['seed']}), "
              f"customer {CUSTOMER}'s {fmt_int(a['fleet_customer_vehicles'])} vehicles, "
              f"{a['oracle_mean_answers']:.2f} vehicles per exact answer on average "
              f"({a['oracle_empty']} empty answers).", end="")
        for name in sorted(k for k in a if isinstance(a[k], dict)):
            if name in a:
                s = a[name]
                print(f" {name}: {s['returned']} returned / {s['expected']} expected, {s['beyond_radius']} beyond "
                      f"5 km (exact), worst k-th distance excess {s['max_rank_dist_excess_m']:.3g} m.", end="")
        print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("export")
    p.add_argument("fleet_json")
    p.add_argument("out_csv")
    p.set_defaults(run=export)
    p = sub.add_parser("redis-resp")
    p.add_argument("csv")
    p.add_argument("key_prefix")
    p.set_defaults(run=redis_resp)
    p = sub.add_parser("accuracy")
    p.add_argument("--fleet", required=True)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--seed", type=int, default=20)
    p.add_argument("--serve", help="serve's base URL, e.g. http://127.0.0.1:18080")
    p.add_argument("--token", default="")
    p.add_argument("--serve-name", default="serve", help="the key of serve's figures in the output")
    p.add_argument("--redis-port", type=int)
    p.add_argument("--redis-key")
    p.add_argument("--psql", help="psql command line (split on spaces)")
    p.add_argument("--pg", action="append", help="NAME=PGBENCH_SCRIPT: a PostGIS query to check (repeatable)")
    p.add_argument("--out", required=True)
    p.set_defaults(run=accuracy)
    p = sub.add_parser("table")
    p.add_argument("results")
    p.set_defaults(run=table)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
