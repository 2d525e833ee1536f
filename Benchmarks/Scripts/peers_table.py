#!/usr/bin/env python3
"""peers_table.py OUT_DIR -> markdown: ours vs nanoflann vs scipy cKDTree from one peers-side-by-side.sh run."""
import json, os, re, sys

out = sys.argv[1]
peers = json.load(open(os.path.join(out, "peers.json")))
rows = {(r["peer"], r["fleet"]): r for r in peers["rows"]}
scores = {}
for line in open(os.path.join(out, "score.txt")):
    m = re.match(r"(\S+)\s+(\S+)\s+queries (\d+) missing (\d+) strict (\S+) tie-aware (\S+)", line)
    if m:
        scores[(m.group(1), m.group(2))] = (float(m.group(5)), float(m.group(6)))


def ns(v):
    if v is None:
        return "-"
    return f"{v / 1000:.1f} µs" if v >= 10_000 else f"{v:.0f} ns"


print("| engine | fleet | build ms | kNN/q (mean) | within 5 km/q (mean) | kNN recall strict / tie | "
      "r5km recall strict / tie |")
print("|---|---|---|---|---|---|---|")
ratios = []
for size in ("10k", "100k", "1m"):
    s = json.load(open(os.path.join(out, f"ours_{size}", "summary.json")))
    k = scores.get((size, "knn"), (None, None))
    w = scores.get((size, "within"), (None, None))
    print(f"| NearestVehicle FleetIndex | {size} | {s['build_ms']:.1f} | {ns(s['knn_ns_per_query']['mean'])} | "
          f"{ns(s['within_ns_per_query']['mean'])} | {k[0]} / {k[1]} | {w[0]} / {w[1]} |")
    print(f"| (bare SpatialIndex.KDTree) | {size} | {s['kdtree_build_ms']:.1f} | "
          f"{ns(s['kdtree_knn_ns_per_query']['mean'])} | {ns(s['kdtree_within_ns_per_query']['mean'])} | - | - |")
    for peer in ("nanoflann", "scipy-cKDTree"):
        r = rows.get((peer, size))
        if not r or "error" in r:
            continue
        kr, rr = r.get("knn_recall", {}), r.get("radius_recall", {})
        print(f"| {peer} | {size} | {r['build_ms']:.1f} | {ns(r.get('knn_ns'))} | {ns(r.get('radius_ns'))} | "
              f"{kr.get('recall_strict')} / {kr.get('recall_tie_aware')} | {rr.get('recall')} / - |")
    n = rows.get(("nanoflann", size))
    if n and "error" not in n:
        ratios.append((size, s["knn_ns_per_query"]["mean"] / n["knn_ns"], s["within_ns_per_query"]["mean"] / n["radius_ns"],
                       s["build_ms"] / n["build_ms"], s["kdtree_knn_ns_per_query"]["mean"] / n["knn_ns"],
                       s["kdtree_within_ns_per_query"]["mean"] / n["radius_ns"], s["kdtree_build_ms"] / n["build_ms"]))
print()
print("| fleet | FleetIndex / nanoflann: kNN | within | build | bare KDTree / nanoflann: kNN | within | build |")
print("|---|---|---|---|---|---|---|")
for size, *r in ratios:
    print(f"| {size} | " + " | ".join(f"{x:.2f}x" for x in r) + " |")
print()
print("| fleet | upserts/s (batch) | single upsert calls/s | kNN during ingest / idle (mean, p99) | "
      "within during ingest / idle | writer upserts/s meanwhile | heap B/vehicle | bare KDTree B/vehicle |")
print("|---|---|---|---|---|---|---|---|")
for size in ("10k", "100k", "1m"):
    s = json.load(open(os.path.join(out, f"ours_{size}", "summary.json")))
    print(f"| {size} | {s['upserts_per_s']:,.0f} | {s['single_upserts_per_s']:,.0f} | "
          f"{s['knn_ingest_ratio_mean']:.1f}x, {s['knn_ingest_ratio_p99']:.1f}x | {s['within_ingest_ratio_mean']:.1f}x | "
          f"{s['concurrent_writer_upserts_per_s']:,.0f} | {s['bytes_per_vehicle']:.0f} | {s['kdtree_bytes_per_vehicle']:.0f} |")
