#!/usr/bin/env python3
"""Reference values for Tests/GeoTests/ArctangentTests.swift, independent of our code: Python mpmath at 50
significant digits from the exact binary64 inputs (mpf(float) is exact).

1. atan2(y, x) for y, x >= 0: the unit-circle pairs the haversine gives (y = sin a, x = cos a rounded to binary64,
   a uniform in [0, pi/2]), the ratios at and halfway between sixteenths (y/x = i/16 and (2i+1)/32), and a few
   extremes (0, 1, tiny ratios).
2. Haversine distances of far pairs (the half angle's two branches: up to a quarter of the circumference and
   beyond, towards the antipode), same model as Scripts/haversine-reference.py: R = 6 371 008.8 m, central angle
   2 atan2(sqrt(h), sqrt(1 - h)).

    pip install mpmath && python3 Scripts/arctangent-reference.py   # prints the Swift rows (seed 20261207)
"""
import math
import random

from mpmath import mp, mpf, sin, cos, atan2, sqrt, pi, nstr

mp.dps = 50
R = mpf("6371008.8")
rng = random.Random(20261207)

pairs = []
for _ in range(48):
    a = rng.uniform(0, math.pi / 2)
    pairs.append((math.sin(a), math.cos(a)))
for i in range(17):
    pairs.append((i / 16, 1.0))                    # at a sixteenth
    if i < 16:
        pairs.append(((2 * i + 1) / 32, 1.0))      # halfway: the choice of i may go either way
        pairs.append((math.nextafter((2 * i + 1) / 32, 0), 1.0))
    y = i / 16 / math.sqrt(1 + (i / 16) ** 2)
    pairs.append((y, math.sqrt(1 - y * y)))        # the same ratios on the unit circle
pairs += [(0.0, 1.0), (1.0, 0.0), (1.0, 1.0), (1e-300, 1.0), (1.0, 1e-300), (2.0 ** -30, 1.0), (1.0, 2.0 ** -30),
          (0.7071067811865476, 0.7071067811865475), (0.7071067811865475, 0.7071067811865476)]
print("    static let arctangents: [(y: Double, x: Double, atan2: Double)] = [")
for y, x in pairs:
    print(f"        ({y!r}, {x!r}, {nstr(atan2(mpf(y), mpf(x)), 20)}),")
print("    ]")


def distance(lat1, lon1, lat2, lon2):
    d = pi / 180
    p1, p2 = mpf(lat1) * d, mpf(lat2) * d
    h = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin((mpf(lon2) - mpf(lon1)) * d / 2) ** 2
    return R * 2 * atan2(sqrt(h), sqrt(1 - h))


print("    static let farPairs: [(Double, Double, Double, Double, Double)] = [")
for n in range(40):
    lat1, lon1 = round(rng.uniform(-90, 90), 6), round(rng.uniform(-180, 180), 6)
    if n % 2 == 0:   # anywhere: mostly past a quarter of the circumference
        lat2, lon2 = round(rng.uniform(-90, 90), 6), round(rng.uniform(-180, 180), 6)
    else:            # 150 km to 10 000 km: the first branch
        lat2 = max(-90.0, min(90.0, round(lat1 + rng.uniform(-60, 60), 6)))
        lon2 = round((lon1 + rng.uniform(-60, 60) + 540) % 360 - 180, 6)
    print(f"        ({lat1!r}, {lon1!r}, {lat2!r}, {lon2!r}, {nstr(distance(lat1, lon1, lat2, lon2), 20)}),")
print("    ]")
