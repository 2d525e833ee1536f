#!/usr/bin/env python3
"""Writes Sources/FleetFile/Resources/sample-fleet.csv: a deterministic sample fleet (seeded).

3000 vehicles around Paris, Lyon and Marseille, two customers, entities per city, groups, Ocean mobile
states (etatMobile), ~3% in privacy mode (state PRIVACY), ~5% stale positions (1-3 days old). Timestamps are
before the reference time 2025-06-01T12:00:00Z (SampleFleet.referenceDate in Swift).

Header: id,latitude,longitude,timestamp,customer_id,entity_id,group_id,state,privacy_mode
  id           6-digit decimal string (Ocean ids are int64), unique, increasing with row
  latitude     WGS84 degrees, 6 decimals
  longitude    WGS84 degrees, 6 decimals
  timestamp    ISO-8601 UTC, e.g. 2025-06-01T11:58:03Z
  customer_id  "1001" or "1002"
  entity_id    entity (one per customer and city), may be empty
  group_id     group within the entity, may be empty
  state        STOPPED, STOP_ACTION, TRAVELING, WAITING, START_ACTION, ENGINE_UP, UNDEFINED, OUT_OF_ORDER, PRIVACY
  privacy_mode true / false

Run: python3 Scripts/make-sample-fleet.py [--seed 20250601]. Same seed, same bytes.
"""
import argparse
import datetime as dt
import math
import os
import random

CITIES = [  # name, latitude, longitude, vehicles, core sigma (km)
    ("PAR", 48.8566, 2.3522, 1500, 6.0),
    ("LYO", 45.7640, 4.8357, 800, 4.0),
    ("MRS", 43.2965, 5.3698, 700, 4.5),
]
STATES = [("TRAVELING", 40), ("STOPPED", 25), ("WAITING", 10), ("STOP_ACTION", 8), ("ENGINE_UP", 5),
          ("START_ACTION", 4), ("OUT_OF_ORDER", 3), ("UNDEFINED", 5)]
REFERENCE = dt.datetime(2025, 6, 1, 12, 0, 0, tzinfo=dt.timezone.utc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Sources", "FleetFile",
                                                  "Resources", "sample-fleet.csv"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    states = [s for s, w in STATES for _ in range(w)]
    rows = []
    number = 100001
    for city_index, (city, lat0, lon0, n, sigma_km) in enumerate(CITIES):
        for _ in range(n):
            # 80% core Gaussian, 20% suburban halo up to 25 km
            if rng.random() < 0.8:
                dn, de = rng.gauss(0, sigma_km), rng.gauss(0, sigma_km)
            else:
                r, t = rng.uniform(8, 25), rng.uniform(0, 2 * math.pi)
                dn, de = r * math.sin(t), r * math.cos(t)
            lat = lat0 + dn / 111.2
            lon = lon0 + de / (111.2 * math.cos(math.radians(lat0)))
            customer = "1001" if rng.random() < 0.65 else "1002"
            entity = f"{customer}{city_index + 1}" if rng.random() < 0.95 else ""
            group = f"{entity}{rng.randint(1, 3)}" if entity and rng.random() < 0.9 else ""
            privacy = rng.random() < 0.03
            state = "PRIVACY" if privacy else rng.choice(states)
            if rng.random() < 0.05:
                age = rng.uniform(86400, 3 * 86400)
            else:
                age = rng.expovariate(1 / 900.0)
            ts = REFERENCE - dt.timedelta(seconds=max(1, int(age)))
            rows.append((str(number), f"{lat:.6f}", f"{lon:.6f}", ts.strftime("%Y-%m-%dT%H:%M:%SZ"), customer, entity,
                         group, state, "true" if privacy else "false"))
            number += 1
    # a depot: 12 vehicles parked at exactly the same spot (ties), customer 1001, Paris
    for i in range(12):
        rows.append((str(number), "48.900000", "2.250000", "2025-06-01T11:00:00Z", "1001", "10011", "100111",
                     "STOPPED", "false"))
        number += 1
    with open(a.out, "w", newline="\n") as f:
        f.write("id,latitude,longitude,timestamp,customer_id,entity_id,group_id,state,privacy_mode\n")
        for row in rows:
            f.write(",".join(row) + "\n")
    print(f"wrote {len(rows)} vehicles to {os.path.normpath(a.out)}")


if __name__ == "__main__":
    main()
