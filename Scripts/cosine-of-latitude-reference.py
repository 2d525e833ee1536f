# Reference values of cos(latitude) for Coordinate.cosineOfLatitude, with mpmath at 50 digits from the exact binary64
# latitude (degrees): cos(lat · π/180) with π and the product exact, printed to 20 significant digits.
# Latitudes: seeded uniform ones, both sides of the ±45° branch point, near and at the poles, tiny ones, and the
# round values fleets use. Regenerate: python3 Scripts/cosine-of-latitude-reference.py (seed 20261206).
import random, mpmath
mpmath.mp.dps = 50
rnd = random.Random(20261206)
lats = [0.0, 1e-300, 2.2250738585072014e-308, 1e-9, 0.5, 30.0, 44.999999999999, 45.0, 45.000000000001, 48.8566, 60.0, 84.9,
        89.9, 89.999, 89.9999999, 89.99999999999, 89.999999999999986, 90.0]
lats += [rnd.uniform(-90, 90) for _ in range(40)]
lats += [90 - 10 ** rnd.uniform(-13, 0) for _ in range(10)]
lats += [-x for x in lats[:18]]
for lat in lats:
    # cos(±π/2) is 0; mpmath's 50-digit π leaves a residue of 1e-51 there.
    value = mpmath.mpf(0) if abs(lat) == 90 else mpmath.cos(mpmath.mpf(lat) * mpmath.pi / 180)
    print('        (%r, %s),' % (lat, mpmath.nstr(value, 20)))
