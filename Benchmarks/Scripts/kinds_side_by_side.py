#!/usr/bin/env python3
"""Where a kNN ratio comes from: the harness' query set split by kind (queries_10k.kinds.csv: cluster, depot,
ocean, polar, ...), each kind timed with ours (`nearest-bench peers --phases knn`) and the harness' nanoflann on
the same fleet, one after the other. Session 13 found the `hard` set's tail this way (null island: ties, not
distance) and the 10k floor (a depot-kind query: nanoflann 195 ns, ours ~1 µs).

    python3 Benchmarks/Scripts/kinds_side_by_side.py PEERS_DIR OUT_DIR NEAREST_BENCH [--size 10k] [--repeat 1]

PEERS_DIR: a writable copy of ../shared/peers with its data generated (nanoflann is built when missing, as in
far_queries.py, whose runner this uses).
--repeat N: each kind's queries N times over (a small kind's mean is otherwise mostly cold caches).
Prints a markdown table: kind, queries, ours mean ns, nanoflann mean ns, ratio.
"""
import argparse
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from far_queries import nanoflann_knn, run_ours, write_unit_vectors  # noqa: E402  (the same runs as the far rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peers")
    ap.add_argument("out")
    ap.add_argument("bench")
    ap.add_argument("--size", default="10k")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    sys.path.insert(0, a.peers)
    import common  # the harness' loaders and helpers

    os.makedirs(a.out, exist_ok=True)
    data = os.path.join(a.peers, "data")
    kinds = {row["qid"]: row["kind"] for row in csv.DictReader(open(os.path.join(data, "queries_10k.kinds.csv")))}
    groups = {}
    for row in csv.DictReader(open(os.path.join(data, "queries_10k.csv"))):
        groups.setdefault(kinds.get(row["qid"], "unknown"), []).append(row)
    fleet = os.path.join(data, f"fleet_{a.size}.csv")
    _, lat, lon = common.load_fleet(fleet)
    points = os.path.join(a.out, "p.bin")
    write_unit_vectors(lat, lon, points)
    print("| kind | queries | ours kNN mean ns | nanoflann kNN mean ns | ratio |")
    print("|---|---|---|---|---|")
    for kind, rows in sorted(groups.items(), key=lambda item: -len(item[1])):
        rows = rows * a.repeat
        qcsv = os.path.join(a.out, f"{kind}.csv")
        with open(qcsv, "w") as f:
            f.write("qid,latitude,longitude\n")
            for number, row in enumerate(rows):
                f.write(f"K{number:06d},{row['latitude']},{row['longitude']}\n")
        qla = np.array([float(row["latitude"]) for row in rows])
        qlo = np.array([float(row["longitude"]) for row in rows])
        qbin = os.path.join(a.out, f"{kind}.q.bin")
        write_unit_vectors(qla, qlo, qbin)
        _, nf_mean = nanoflann_knn(a.peers, points, qbin, os.path.join(a.out, f"nf_{kind}"))
        ours = run_ours(a.bench, fleet, qcsv, os.path.join(a.out, f"ours_{kind}"), "knn")[1]["knn"]
        print(f"| {kind} | {len(rows)} | {ours:.0f} | {nf_mean:.0f} | {ours / nf_mean:.2f}x |")


if __name__ == "__main__":
    main()
