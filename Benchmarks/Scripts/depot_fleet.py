#!/usr/bin/env python3
"""A depot-heavy fleet for the tie corner (Benchmarks/README section 2, session 12).

100 000 vehicles: every even one parked at one of 10 depots (5 000 at exactly the same coordinate each), the odd
ones uniform; 1 000 queries within ~1 km of the 20 depot sites (half of the sites hold no vehicle). Writes, into
OUT (default: the current directory): depot.csv and depotq.csv (nearest-bench peers), depot.bin and depotq.bin
(unit vectors, float64, for the harness' nanoflann_bench).

  python3 depot_fleet.py /tmp/depot
  nearest-bench peers --fleet /tmp/depot/depot.csv --queries /tmp/depot/depotq.csv --phases knn,within,tree --out /tmp/depot/ours
  nanoflann_bench /tmp/depot/depot.bin /tmp/depot/depotq.bin 10 0.000785 0 3 /tmp/depot/nf 1
"""
import csv
import math
import os
import random
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
random.seed(7)
depots = [(random.uniform(-50, 60), random.uniform(-170, 170)) for _ in range(20)]


def unit(lat, lon):
    lat, lon = math.radians(lat), math.radians(lon)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def write(name, header, rows):
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    with open(os.path.join(out, name + ".bin"), "wb") as f:
        for row in rows:
            f.write(struct.pack("<3d", *unit(float(row[1]), float(row[2]))))


fleet = []
for i in range(100_000):
    lat, lon = depots[i % 20] if i % 2 == 0 else (random.uniform(-60, 70), random.uniform(-180, 180))
    fleet.append((f"V{i:06d}", f"{lat:.7f}", f"{lon:.7f}", "2025-06-01T12:00:00Z"))
write("depot", ["id", "latitude", "longitude", "timestamp"], fleet)
queries = []
for i in range(1000):
    lat, lon = depots[i % 20]
    queries.append((f"Q{i}", f"{lat + random.uniform(-0.01, 0.01):.7f}", f"{lon + random.uniform(-0.01, 0.01):.7f}"))
write("depotq", ["qid", "latitude", "longitude"], queries)
