#!/usr/bin/env python3
"""Ratios to nanoflann that the machine's load does not decide: ours and nanoflann alternated, round after round,
on the same fleet and queries, and each round's ratio taken (a load swing moves both sides of a round together).

`peers-side-by-side.sh` runs nanoflann at every size first and ours minutes later, so a busy minute on one side
moves a ratio by up to a third either way (runs 24-30: 10k kNN 1.24x-2.19x for the same code paths). Here each
round times both back to back, in alternating order (ours first on odd rounds), and the median of the rounds'
ratios is reported with their range.

    python3 Benchmarks/Scripts/interleaved_ratios.py PEERS_DIR OUT_DIR NEAREST_BENCH [--sizes 10k,100k,1m]
        [--rounds 5]

PEERS_DIR: a writable copy of ../shared/peers with its data generated (gen_fleet.py); nanoflann is built when
missing, as in far_queries.py. Ours: `nearest-bench peers --phases knn,within,tree` (FleetIndex and the bare tree,
median of 3 repetitions, as in the side-by-side run); nanoflann: the harness' binary on one thread, 3 repetitions,
within on the first 2000 queries at 1M (as bench_peers.py --radius-queries 1m:2000). Exactness is not checked here
(the side-by-side run and score.py do that).
Writes OUT_DIR/interleaved.json (every round) and prints a markdown table: per size and figure, the median ratio,
its range over the rounds, and the median ns of each side.
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from far_queries import nanoflann_run, run_ours, write_unit_vectors  # noqa: E402  (the same runs as the far rows)


def ours_round(bench, fleet, queries, out, limit_within):
    """FleetIndex and the bare tree: kNN, within and build (``far_queries.run_ours``)."""
    extra = ["--limit-within-queries", str(limit_within)] if limit_within else []
    return run_ours(bench, fleet, queries, out, "knn,within,tree", *extra)[1]


def nanoflann_round(peers, points, queries, out, limit_within):
    """nanoflann's kNN, radius and build medians (``far_queries.nanoflann_run``)."""
    report = nanoflann_run(peers, points, queries, out, radius_queries=limit_within)
    return {"knn": statistics.median(report["knn_ns_per_query"]),
            "within": statistics.median(report["radius_ns_per_query"]),
            "build": statistics.median(report["build_ms"])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peers")
    ap.add_argument("out")
    ap.add_argument("bench")
    ap.add_argument("--sizes", default="10k,100k,1m")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    sys.path.insert(0, a.peers)
    import common  # the harness' loaders and helpers

    os.makedirs(a.out, exist_ok=True)
    data = os.path.join(a.peers, "data")
    queries_csv = os.path.join(data, "queries_10k.csv")
    _, qla, qlo = common.load_queries(queries_csv)
    queries_bin = os.path.join(a.out, "q.bin")
    write_unit_vectors(qla, qlo, queries_bin)
    rounds = {}
    for size in a.sizes.split(","):
        fleet = os.path.join(data, f"fleet_{size}.csv")
        _, lat, lon = common.load_fleet(fleet)
        points_bin = os.path.join(a.out, f"p_{size}.bin")
        write_unit_vectors(lat, lon, points_bin)
        limit_within = 2000 if size == "1m" else None
        rounds[size] = []
        for number in range(a.rounds):
            started = time.strftime("%H:%M:%S", time.gmtime())
            sides = {}
            order = ["nanoflann", "ours"] if number % 2 == 0 else ["ours", "nanoflann"]
            for side in order:
                if side == "ours":
                    sides[side] = ours_round(a.bench, fleet, queries_csv, os.path.join(a.out, f"ours_{size}"),
                                             limit_within)
                else:
                    sides[side] = nanoflann_round(a.peers, points_bin, queries_bin, os.path.join(a.out, f"nf_{size}"),
                                                  limit_within)
            loadavg = open("/proc/loadavg").read().split()[0]
            rounds[size].append({"started": started, "loadavg": loadavg, **sides})
            print(f"{size} round {number + 1} ({started}, load {loadavg}): kNN {sides['ours']['knn']:.0f} / "
                  f"{sides['nanoflann']['knn']:.0f} ns, within {sides['ours']['within']:.0f} / "
                  f"{sides['nanoflann']['within']:.0f} ns", file=sys.stderr)
    json.dump(rounds, open(os.path.join(a.out, "interleaved.json"), "w"), indent=1)

    figures = [("kNN (FleetIndex)", "knn", "knn"), ("within (FleetIndex)", "within", "within"),
               ("build (FleetIndex.load)", "build", "build"), ("kNN (bare KDTree)", "tree_knn", "knn"),
               ("within (bare KDTree)", "tree_within", "within"), ("build (bare KDTree)", "tree_build", "build")]
    print(f"| fleet | figure | median ratio | range over {a.rounds} rounds | ours median | nanoflann median |")
    print("|---|---|---|---|---|---|")
    for size, entries in rounds.items():
        for label, ours_key, peer_key in figures:
            ratios = [entry["ours"][ours_key] / entry["nanoflann"][peer_key] for entry in entries]
            unit = "ms" if peer_key == "build" else "ns"
            ours = statistics.median(entry["ours"][ours_key] for entry in entries)
            peer = statistics.median(entry["nanoflann"][peer_key] for entry in entries)
            print(f"| {size} | {label} | {statistics.median(ratios):.2f}x | {min(ratios):.2f}-{max(ratios):.2f}x | "
                  f"{ours:.1f} {unit} | {peer:.1f} {unit} |")


if __name__ == "__main__":
    main()
