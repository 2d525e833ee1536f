#!/usr/bin/env python3
"""Batch dispatch benchmark (issue 22): `nearest dispatch` next to scipy's dense linear_sum_assignment.

For each instance (a seeded fleet of clustered vehicles, incidents drawn near the same clusters) it runs the release
`nearest dispatch --stats --format json` and reads the planning time it reports (after loading: the load of a 1M
CSV is the loader's benchmark, Benchmarks/README section 4), its peak RSS, and the total distance. Where the dense
cost matrix fits (incidents x vehicles <= --dense-limit entries) it solves the same instance with
scipy.optimize.linear_sum_assignment on the haversine matrix (R = 6 371 008.8 m) and checks that the totals agree
to 1e-9 relative.

Usage: python3 Benchmarks/Scripts/dispatch-bench.py [--nearest .build/release/nearest] [--sizes 1000x1000000,...]
Needs numpy and scipy (python3 -m pip install numpy scipy) and /usr/bin/time (Debian `time`).
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

R = 6_371_008.8
CITIES = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698), (50.6292, 3.0573), (44.8378, -0.5792)]


def points(rng, count, spread_deg):
    """Points around the cities, Gaussian, `spread_deg` standard deviation."""
    city = rng.integers(0, len(CITIES), count)
    centres = np.array(CITIES)[city]
    return centres + rng.normal(0.0, spread_deg, (count, 2))


def write_csv(path, header, rows):
    with open(path, "w") as handle:
        handle.write(header + "\n")
        handle.writelines(rows)


def haversine_matrix(incidents, vehicles):
    lat1 = np.radians(incidents[:, 0])[:, None]
    lon1 = np.radians(incidents[:, 1])[:, None]
    lat2 = np.radians(vehicles[:, 0])[None, :]
    lon2 = np.radians(vehicles[:, 1])[None, :]
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * R * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def run_dispatch(nearest, incidents_csv, fleet_csv):
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        # Peak RSS from /usr/bin/time: Linux keeps a forked child's pre-exec RSS (this Python process, with its
        # arrays) in ru_maxrss, so Python's own rusage would report Python's size.
        child = subprocess.Popen(
            ["/usr/bin/time", "-f", "maxrss_kb=%M", nearest, "dispatch", "--incidents", incidents_csv,
             "--file", fleet_csv, "--customer", "C", "--format", "json", "--stats"], stdout=out, stderr=err)
        _, status, _ = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"nearest dispatch failed ({code}): {stderr}")
    match = re.search(r"planned (\d+) incidents in ([0-9.]+) ms .*?: (\d+) rounds, (\d+) candidates"
                      r"(?:, (\d+) dense levels)?", stderr)
    if not match:
        sys.exit(f"no stats line in: {stderr}")
    answer = json.loads(stdout)
    rss = re.search(r"maxrss_kb=(\d+)", stderr)
    return {
        "plan_ms": float(match.group(2)), "rounds": int(match.group(3)), "candidates": int(match.group(4)),
        "dense": int(match.group(5) or 0),
        "wall_s": wall, "max_rss_mb": int(rss.group(1)) / 1024 if rss else float("nan"), "total_m": answer["totalDistanceMeters"],
        "greedy_m": answer["greedy"]["totalDistanceMeters"], "unserved": len(answer["unserved"]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nearest", default=".build/release/nearest")
    parser.add_argument("--sizes", default="1000x20000,2000x50000,1000x1000000,10000x1000000",
                        help="incidents x vehicles, comma-separated; tight fleets (issue 22): 300x300,1000x1100,"
                             "2000x2000,3000x3300")
    parser.add_argument("--dense-limit", type=float, default=1.2e8, help="largest dense matrix for scipy (entries)")
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    from scipy.optimize import linear_sum_assignment

    print(f"# dispatch benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}; seed {args.seed}; binary {args.nearest}")
    print("| incidents | vehicles | plan (ms) | rounds | dense | candidates | peak RSS (MB) | total (km) | greedy (km) "
          "| scipy dense (s) | scipy total (km) | agreement |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="dispatch-bench-") as folder:
        for size in args.sizes.split(","):
            incident_count, vehicle_count = (int(part) for part in size.split("x"))
            rng = np.random.default_rng(args.seed + incident_count + vehicle_count)
            vehicles = points(rng, vehicle_count, 0.15)
            incidents = points(rng, incident_count, 0.15)
            fleet_csv = os.path.join(folder, f"fleet-{vehicle_count}.csv")
            incidents_csv = os.path.join(folder, f"incidents-{size}.csv")
            write_csv(fleet_csv, "id,latitude,longitude,customer",
                      (f"v{i},{float(lat)!r},{float(lon)!r},C\n" for i, (lat, lon) in enumerate(vehicles)))
            write_csv(incidents_csv, "id,latitude,longitude",
                      (f"i{i},{float(lat)!r},{float(lon)!r}\n" for i, (lat, lon) in enumerate(incidents)))
            ours = run_dispatch(args.nearest, incidents_csv, fleet_csv)
            dense_s, dense_total, agreement = "—", "—", "dense does not fit"
            if incident_count * vehicle_count <= args.dense_limit:
                started = time.perf_counter()
                cost = haversine_matrix(incidents, vehicles)
                rows, columns = linear_sum_assignment(cost)
                dense = float(cost[rows, columns].sum())
                dense_s = f"{time.perf_counter() - started:.2f}"
                dense_total = f"{dense / 1000:.6f}"
                relative = abs(ours["total_m"] - dense) / dense
                agreement = f"{relative:.1e} relative" + (" OK" if relative <= 1e-9 else " MISMATCH")
                del cost
            print(f"| {incident_count} | {vehicle_count} | {ours['plan_ms']:.1f} | {ours['rounds']} | "
                  f"{'yes' if ours['dense'] else 'no'} | "
                  f"{ours['candidates']} | {ours['max_rss_mb']:.0f} | {ours['total_m'] / 1000:.6f} | "
                  f"{ours['greedy_m'] / 1000:.3f} | {dense_s} | {dense_total} | {agreement} |", flush=True)


if __name__ == "__main__":
    main()
