# Reference unit vectors for UnitVector(coordinate), with mpmath at 50 digits from the exact binary64 latitude and
# longitude (degrees): (cos φ cos λ, cos φ sin λ, sin φ), printed to 20 significant digits. Coordinates: seeded
# uniform ones, the quadrant boundaries of the longitude (0, ±45, ±90, ±135, ±180 and their neighbours), the
# latitude branch point (±45) and the poles. Regenerate: python3 Scripts/unit-vector-reference.py (seed 20261206).
import random, mpmath
mpmath.mp.dps = 50
rnd = random.Random(20261206)
coords = [(0.0, 0.0), (0.0, 180.0), (0.0, -180.0), (90.0, 0.0), (-90.0, 37.5), (45.0, 45.0), (-45.0, -45.0),
          (44.999999999999, 89.999999999999), (45.000000000001, 90.000000000001), (12.5, 135.0), (-12.5, -135.0),
          (30.0, 134.99999999999), (30.0, -135.00000000001), (60.0, 179.99999999999), (-60.0, -179.99999999999),
          (89.99999999999, 100.0), (-89.9999999, -100.0), (1e-9, 1e-9), (48.8566, 2.3522), (-33.8688, 151.2093)]
coords += [(rnd.uniform(-90, 90), rnd.uniform(-180, 180)) for _ in range(30)]
for lat, lon in coords:
    d = mpmath.pi / 180
    phi, lam = mpmath.mpf(lat) * d, mpmath.mpf(lon) * d
    # cos(±π/2) is 0 (mpmath's 50-digit π leaves 1e-51), and likewise sin(±π) and cos(±π/2).
    c = mpmath.mpf(0) if abs(lat) == 90 else mpmath.cos(phi)
    sl = mpmath.mpf(0) if abs(lon) == 180 else mpmath.sin(lam)
    cl = mpmath.mpf(0) if abs(lon) == 90 else mpmath.cos(lam)
    x, y, z = c * cl, c * sl, mpmath.sin(phi)
    print('        (%r, %r, %s, %s, %s),' % (lat, lon, mpmath.nstr(x, 20), mpmath.nstr(y, 20), mpmath.nstr(z, 20)))
