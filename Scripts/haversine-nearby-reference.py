# Reference distances for nearby pairs (the Taylor-series path of Coordinate.centralAngle), with mpmath at 50 digits
# from the exact binary64 inputs; same model as HaversineReference: haversine on R = 6 371 008.8 m, 2 atan2(√h, √(1 − h)).
import random, mpmath
mpmath.mp.dps = 50
R = mpmath.mpf('6371008.8')
rnd = random.Random(20261206)
def ref(lat1, lon1, lat2, lon2):
    d = mpmath.pi / 180
    p1, p2 = mpmath.mpf(lat1) * d, mpmath.mpf(lat2) * d
    dl = mpmath.mpf(lon2) - mpmath.mpf(lon1)
    if dl > 180: dl -= 360
    if dl < -180: dl += 360
    h = mpmath.sin((p2 - p1) / 2) ** 2 + mpmath.cos(p1) * mpmath.cos(p2) * mpmath.sin(dl * d / 2) ** 2
    return 2 * R * mpmath.atan2(mpmath.sqrt(h), mpmath.sqrt(1 - h))
rows = []
for i in range(48):
    lat1 = rnd.uniform(-85, 85) if i % 6 else rnd.choice([0.0, 60.0, -84.9, 84.9])
    lon1 = rnd.uniform(-180, 180) if i % 5 else rnd.choice([179.99, -179.995, 0.0])
    scale = 10 ** rnd.uniform(-8, 0.06)  # degrees: ~1 mm .. ~127 km, some just past the series' reach
    lat2 = max(-90.0, min(90.0, lat1 + rnd.uniform(-1, 1) * scale))
    lon2 = lon1 + rnd.uniform(-1, 1) * scale
    if lon2 > 180: lon2 -= 360
    if lon2 < -180: lon2 += 360
    lat1, lon1, lat2, lon2 = (float(repr(round(v, 12))) for v in (lat1, lon1, lat2, lon2))
    rows.append((lat1, lon1, lat2, lon2, mpmath.nstr(ref(lat1, lon1, lat2, lon2), 20)))
for r in rows:
    print('        (%r, %r, %r, %r, %s),' % r)
