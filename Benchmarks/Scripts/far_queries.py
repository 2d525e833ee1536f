#!/usr/bin/env python3
"""Far-query rows for the peers comparison (issue 21, item 1): kNN (k = 10) where the nearest vehicles are far away,
ours (`nearest-bench peers --phases knn,tree,results`) against the harness' nanoflann binary, same session, same files.

    python3 Benchmarks/Scripts/far_queries.py PEERS_DIR OUT_DIR NEAREST_BENCH [--size 1m] [--queries 1000]

PEERS_DIR: a writable copy of ../shared/peers with its data generated (gen_fleet.py) and nanoflann built
(bench_peers.py builds build/nanoflann_bench; this script builds it the same way when missing).
Query sets (written to OUT_DIR/far_<set>.csv, seeded, same bytes on every run):
  far500     uniform points of the sphere at least 500 km from every vehicle of the fleet
  hard       the harness' own pole / polar / equator / null-island / ocean / antimeridian queries (queries_10k.kinds.csv)
  continent  the fleet cut to Europe (lat 35..72, lon -25..45; its own fleet file) queried from the harness'
             cluster queries on the other continents
  sparse100, sparse1000
             sparse fleets: 100 and 1 000 vehicles drawn (seeded) from the fleet, queried by the harness' first
             queries (every kind): the 10th vehicle is hundreds to thousands of km away from every query, and a
             query's fixed costs weigh most; these rows time the 5 km radius search too (nearly always empty)
Exactness: the first 100 (--check) queries of each set are checked against a numpy brute force (score.py, the harness'
scorer; exit status 1 when one is not exact), the radius answers of the sparse sets too. Writes OUT_DIR/far.json and
markdown tables on stdout (mean ns per query, ours / nanoflann).
"""
import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np


def nanoflann_exe(peers):
    """The harness' nanoflann binary, built as bench_peers.py builds it when missing."""
    exe = os.path.join(peers, "build", "nanoflann_bench")
    if not os.path.exists(exe):
        os.makedirs(os.path.dirname(exe), exist_ok=True)
        subprocess.run(["g++", "-O3", "-march=native", "-std=c++17", "-fopenmp", "-o", exe,
                        os.path.join(peers, "nanoflann_bench.cpp")], check=True)
    return exe


def write_unit_vectors(lat, lon, path):
    """The file ``nanoflann_run`` reads for points or queries: their unit vectors (the harness' ``to_xyz``) as
    little-endian float64, x, y, z per point."""
    import common  # the harness' helpers (PEERS_DIR on sys.path)
    common.to_xyz(lat, lon).astype("<f8").tofile(path)


def nanoflann_run(peers, points_bin, queries_bin, out_dir, radius_queries=None):
    """The harness' nanoflann binary (``nanoflann_exe``) on unit-vector files, on one thread with the harness'
    arguments (k, the 5 km chord, 3 repetitions): its JSON report. `radius_queries`: time the radius search on the
    first N queries only (1: the kNN figures alone; None: every query)."""
    import common  # the harness' helpers (PEERS_DIR on sys.path)
    exe = nanoflann_exe(peers)
    os.makedirs(out_dir, exist_ok=True)
    command = [exe, points_bin, queries_bin, str(common.K), repr(float(common.chord_of_distance(common.RADIUS_M))),
               "0", "3", out_dir, "1"]
    if radius_queries is not None:
        command.append(str(radius_queries))
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def nanoflann_knn(peers, points_bin, queries_bin, out_dir):
    """``nanoflann_run`` for k-nearest only: its JSON report and the median of its kNN means (ns per query)."""
    report = nanoflann_run(peers, points_bin, queries_bin, out_dir, radius_queries=1)
    return report, float(np.median(report["knn_ns_per_query"]))


# What `nearest-bench peers` prints, by figure: each pattern's group (ns per query, or ms for the builds).
OURS_FIGURES = {
    "knn": r"kNN k=\d+: mean ([\d.]+) ns/q",
    "knn_p50": r"kNN k=\d+: mean [\d.]+ ns/q, p50 ([\d.]+)",
    "knn_p99": r"kNN k=\d+: mean [\d.]+ ns/q, p50 [\d.]+, p99 ([\d.]+)",
    "within": r"within [\d.]+ m \(\d+ queries\): mean ([\d.]+) ns/q",
    "tree_knn": r"KDTree alone: kNN mean ([\d.]+) ns/q",
    "tree_within": r"KDTree alone: kNN mean [\d.]+ ns/q, within mean ([\d.]+) ns/q",
    "build": r"FleetIndex.load: ([\d.]+) ms",
    "tree_build": r"KDTree build: ([\d.]+) ms",
}


def run_ours(bench, fleet, queries, out_dir, phases, *extra):
    """`nearest-bench peers` on a fleet and a query CSV with `phases` (and `extra` arguments): its log, and the
    figures it printed (``OURS_FIGURES``; a phase not run prints 0)."""
    run = subprocess.run([bench, "peers", "--fleet", fleet, "--queries", queries, "--phases", phases,
                          "--out", out_dir, *extra], capture_output=True, text=True, check=True)
    text = run.stdout + run.stderr
    figures = {}
    for name, pattern in OURS_FIGURES.items():
        match = re.search(pattern, text)
        if match:
            figures[name] = float(match.group(1))
    return text, figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peers")
    ap.add_argument("out")
    ap.add_argument("bench")
    ap.add_argument("--size", default="1m")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--check", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261206)
    a = ap.parse_args()
    sys.path.insert(0, a.peers)
    import common  # the harness' loaders and helpers

    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    ids, lat, lon = common.load_fleet(os.path.join(a.peers, "data", f"fleet_{a.size}.csv"))
    from scipy.spatial import cKDTree

    sets = {}
    # far500: uniform on the sphere, rejected when a vehicle is within 500 km.
    tree = cKDTree(common.to_xyz(lat, lon))
    chord500 = float(common.chord_of_distance(500_000.0))
    picked = []
    while len(picked) < a.queries:
        z = rng.uniform(-1, 1, 4 * a.queries)
        qlat = np.degrees(np.arcsin(z))
        qlon = rng.uniform(-180, 180, z.size)
        d, _ = tree.query(common.to_xyz(qlat, qlon), k=1)
        for la, lo in zip(qlat[d > chord500 * 1.0001], qlon[d > chord500 * 1.0001]):
            picked.append((round(float(la), 7), round(float(lo), 7)))
    sets["far500"] = (f"fleet_{a.size}.csv", picked[: a.queries])
    # hard: the harness' far-ish kinds.
    qids, qlat, qlon = common.load_queries(os.path.join(a.peers, "data", "queries_10k.csv"))
    kinds = common.load_query_kinds(os.path.join(a.peers, "data", "queries_10k.csv"))
    hard_kinds = {"pole", "polar", "equator", "equator_meridian", "null_island", "prime_meridian", "ocean",
                  "antimeridian", "redis_lat_limit"}
    hard = [(float(la), float(lo)) for q, la, lo in zip(qids, qlat, qlon) if kinds.get(q) in hard_kinds]
    sets["hard"] = (f"fleet_{a.size}.csv", hard[: a.queries])
    # continent: a fleet in Europe, queried from the cluster queries elsewhere.
    europe = (lat >= 35) & (lat <= 72) & (lon >= -25) & (lon <= 45)
    fleet_eu = os.path.join(a.out, f"fleet_{a.size}_europe.csv")
    with open(os.path.join(a.peers, "data", f"fleet_{a.size}.csv")) as src, open(fleet_eu, "w") as dst:
        dst.write(src.readline())
        for row, line in enumerate(src):
            if europe[row]:
                dst.write(line)
    elsewhere = [(float(la), float(lo)) for q, la, lo in zip(qids, qlat, qlon)
                 if kinds.get(q) == "cluster" and not (35 <= la <= 72 and -25 <= lo <= 45)]
    sets["continent"] = (fleet_eu, elsewhere[: a.queries])
    # sparse: a few vehicles drawn from the fleet (file order kept), every kind of query.
    all_queries = [(float(la), float(lo)) for la, lo in zip(qlat, qlon)]
    with open(os.path.join(a.peers, "data", f"fleet_{a.size}.csv")) as src:
        header, lines = src.readline(), src.readlines()
    for vehicles in (100, 1000):
        drawn = np.sort(rng.choice(len(lines), size=vehicles, replace=False))
        fleet_sparse = os.path.join(a.out, f"fleet_sparse{vehicles}.csv")
        with open(fleet_sparse, "w") as dst:
            dst.write(header)
            dst.writelines(lines[i] for i in drawn)
        sets[f"sparse{vehicles}"] = (fleet_sparse, all_queries[: a.queries])

    rows, within_rows, report, exact = [], [], {}, True
    for name, (fleet, queries) in sets.items():
        sparse = name.startswith("sparse")
        fleet_path = fleet if os.path.isabs(fleet) else os.path.join(a.peers, "data", fleet)
        qpath = os.path.join(a.out, f"far_{name}.csv")
        with open(qpath, "w") as f:
            f.write("qid,latitude,longitude\n")
            for i, (la, lo) in enumerate(queries):
                f.write(f"F{i + 1:05d},{la:.7f},{lo:.7f}\n")
        fids, flat, flon = common.load_fleet(fleet_path)
        _, qla, qlo = common.load_queries(qpath)
        # Oracle for the first `check` queries (numpy brute force, the harness' ranking: rint(d / 1e-6), then id).
        oracle_path = os.path.join(a.out, f"oracle_far_{name}.jsonl")
        radius_oracle_path = os.path.join(a.out, f"oracle_far_{name}_r5km.jsonl" if sparse else os.devnull)
        with open(oracle_path, "w") as f, open(radius_oracle_path, "w") as r:
            for i in range(min(a.check, len(qla))):
                d = common.haversine_m(qla[i], qlo[i], flat, flon)
                order = np.lexsort((np.arange(d.size), np.rint(d / 1e-6)))
                f.write(json.dumps({"qid": f"F{i + 1:05d}",
                                    "results": [[str(fids[j]), round(float(d[j]), 6)] for j in order[: common.K]]})
                        + "\n")
                r.write(json.dumps({"qid": f"F{i + 1:05d}",
                                    "results": [[str(fids[j]), round(float(d[j]), 6)] for j in order
                                                if d[j] <= common.RADIUS_M]}) + "\n")
        # nanoflann (one thread for the batch and latency figures; the harness' binary and arguments).
        tmp = os.path.join(a.out, f"nf_{name}")
        os.makedirs(tmp, exist_ok=True)
        write_unit_vectors(flat, flon, os.path.join(tmp, "p.bin"))
        write_unit_vectors(qla, qlo, os.path.join(tmp, "q.bin"))
        if sparse:
            nf = nanoflann_run(a.peers, os.path.join(tmp, "p.bin"), os.path.join(tmp, "q.bin"), tmp)
            nf_mean = float(np.median(nf["knn_ns_per_query"]))
        else:
            nf, nf_mean = nanoflann_knn(a.peers, os.path.join(tmp, "p.bin"), os.path.join(tmp, "q.bin"), tmp)
        # Ours.
        ours_dir = os.path.join(a.out, f"ours_{name}")
        phases = "knn,within,tree,results" if sparse else "knn,tree,results"
        text, figures = run_ours(a.bench, fleet_path, qpath, ours_dir, phases, "--threads", "1")
        open(os.path.join(a.out, f"ours_{name}.log"), "w").write(text)
        ours = {"knn_ns_per_query": {"mean": figures["knn"], "p50": figures["knn_p50"], "p99": figures["knn_p99"]},
                "kdtree_knn_ns_per_query": {"mean": figures["tree_knn"]}}
        score = subprocess.run([sys.executable, os.path.join(a.peers, "score.py"),
                                os.path.join(ours_dir, "knn.jsonl"), oracle_path], capture_output=True, text=True)
        exact = exact and score.returncode == 0
        knn, tree_knn = ours["knn_ns_per_query"], ours["kdtree_knn_ns_per_query"]
        report[name] = {"fleet": os.path.basename(fleet_path), "vehicles": int(fids.size), "queries": len(queries),
                        "nanoflann_knn_ns_mean": nf_mean, "nanoflann_knn_latency_ns": nf["knn_latency_ns"],
                        "ours_knn_ns": knn, "ours_kdtree_knn_ns": tree_knn,
                        "ratio_mean": knn["mean"] / nf_mean, "kdtree_ratio_mean": tree_knn["mean"] / nf_mean,
                        "score": score.stdout.strip().splitlines()[-1] if score.stdout.strip() else score.stderr[-200:]}
        if sparse:
            radius_score = subprocess.run([sys.executable, os.path.join(a.peers, "score.py"),
                                           os.path.join(ours_dir, "within.jsonl"), radius_oracle_path],
                                          capture_output=True, text=True)
            exact = exact and radius_score.returncode == 0
            nf_within = float(np.median(nf["radius_ns_per_query"]))
            report[name].update({
                "nanoflann_within_ns_mean": nf_within, "ours_within_ns_mean": figures["within"],
                "ours_kdtree_within_ns_mean": figures["tree_within"], "within_ratio_mean": figures["within"] / nf_within,
                "within_score": radius_score.stdout.strip().splitlines()[-1] if radius_score.stdout.strip()
                else radius_score.stderr[-200:]})
            within_rows.append(
                f"| within 5 km `{name}` ({fids.size} vehicles, {len(queries)} queries) | {figures['within']:.0f} | "
                f"{figures['tree_within']:.0f} | {nf_within:.0f} | {figures['within'] / nf_within:.2f}x | "
                f"{report[name]['within_score']} |")
        rows.append(f"| far kNN `{name}` ({fids.size} vehicles, {len(queries)} queries) | {knn['mean']:.0f} "
                    f"({knn['p50']:.0f} / {knn['p99']:.0f}) | {tree_knn['mean']:.0f} | {nf_mean:.0f} "
                    f"({nf['knn_latency_ns']['p50']:.0f} / {nf['knn_latency_ns']['p99']:.0f}) | "
                    f"{knn['mean'] / nf_mean:.2f}x | {report[name]['score']} |")
    json.dump(report, open(os.path.join(a.out, "far.json"), "w"), indent=1)
    print("| query set | ours FleetIndex ns mean (p50 / p99) | ours KDTree ns mean | nanoflann ns mean (p50 / p99) "
          f"| ratio (mean) | exactness (first {a.check}, score.py) |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    if within_rows:
        print()
        print("| query set | ours FleetIndex ns mean | ours KDTree ns mean | nanoflann ns mean | ratio (mean) "
              f"| exactness (first {a.check}, score.py) |")
        print("|---|---|---|---|---|---|")
        print("\n".join(within_rows))
    sys.exit(0 if exact else 1)


if __name__ == "__main__":
    main()
