#!/usr/bin/env python3
"""Reference great-circle distances for Tests/SpatialIndexTests/KDTreeHaversineTests.swift.

Independent of our code: Python mpmath at 50 significant digits, from the exact binary64 value of each input
(mpf(float) is exact), with the model the engine documents: haversine on R = 6 371 008.8 m, central angle
2 atan2(sqrt(h), sqrt(1 - h)) with h = sin^2(dphi/2) + cos(phi1) cos(phi2) sin^2(dlambda/2).

    pip install mpmath && python3 Scripts/haversine-reference.py   # prints the Swift rows of the table
"""
from mpmath import mp, mpf, sin, cos, atan2, sqrt, pi, nstr

mp.dps = 50
R = mpf("6371008.8")

# (name, lat1, lon1, lat2, lon2): the shapes the tree's fleets hold (poles, antimeridian, clusters, far apart).
PAIRS = [
    ("query at the north pole, point at 89.5", 90.0, 0.0, 89.5, -123.25),
    ("both near the south pole", -89.9999, 10.0, -89.99995, -170.0),
    ("south pole to a point at -89", -90.0, 180.0, -89.0, 45.5),
    ("across the antimeridian, 10 m", -16.5, 179.99995, -16.5, -179.99995),
    ("+180 against 179.5", -16.25, 180.0, -16.75, 179.5),
    ("-180 against 179.99", -16.9, -180.0, -16.1, 179.99),
    ("inside a city cluster, 37 m", 48.8566, 2.3522, 48.8569, 2.3525),
    ("inside a city cluster, 12 km", 40.4168, -3.7038, 40.5, -3.6),
    ("null island to the Gulf of Guinea", 0.0, 0.0, 4.0517, 9.7043),
    ("open Pacific to Hawaii", 0.0, -150.0, 21.3069, -157.8583),
    ("Europe fleet from Sydney", -33.87, 151.21, 38.7223, -9.1393),
    ("Europe fleet from New York", 40.71, -74.01, 53.3498, -6.2603),
    ("equator, quarter circumference", 0.0, 0.0, 0.0, 90.0),
    ("near antipodes, 1 km short", 35.0, 139.0, -35.0, -41.00898315),
    ("exact antipodes, oblique", 12.345, -67.89, -12.345, 112.11),
    ("1 cm apart", -45.0, 170.0, -45.00000009, 170.0),
]


def distance(lat1, lon1, lat2, lon2):
    d = pi / 180
    p1, p2 = mpf(lat1) * d, mpf(lat2) * d
    dphi = p2 - p1
    dlam = (mpf(lon2) - mpf(lon1)) * d
    h = sin(dphi / 2) ** 2 + cos(p1) * cos(p2) * sin(dlam / 2) ** 2
    return R * 2 * atan2(sqrt(h), sqrt(1 - h))


for name, a, b, c, e in PAIRS:
    print(f'        .init("{name}", {a!r}, {b!r}, {c!r}, {e!r}, {nstr(distance(a, b, c, e), 20)}),')
