#!/usr/bin/env python3
"""A many-tenant fleet for the emulator (`ocean-emulator --fleet F --users U`), for serve at 1M vehicles.

    tenants_fleet.py VEHICLES CUSTOMERS OUT_DIR [SEED]

Writes OUT_DIR/fleet.json (the emulator's --save-fleet format: customers 2001.., one entity each, vehicles spread
around ten French cities, Gaussian, sigma ~0.15 degrees, 10 % privacy mode off-limits as in Ocean), OUT_DIR/users.json
(login `multi` / `multi-password` for every customer) and OUT_DIR/customers.txt (comma-separated ids for
`nearest serve --customer`). Real Ocean tenants are far smaller than the emulator's two 500 000-vehicle customers at
1M, whose whole-fleet answers (~300 MB) do not arrive within a 30 s timeout; a million vehicles across tens of
tenants is the realistic large serve.
"""
import json, random, sys

CITIES = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698), (43.6047, 1.4442), (50.6292, 3.0573),
          (44.8378, -0.5792), (47.2184, -1.5536), (48.5734, 7.7521), (43.7102, 7.2620), (49.2583, 4.0317)]
STATES = ["TRAVELING", "STOP_ACTION", "UNDEFINED", "UNDEFINED_STATE", "PAUSE"]


def main(vehicles, customers, out, seed):
    rng = random.Random(seed)
    ids = [2001 + n for n in range(customers)]
    fleet = {"customers": [{"id": c, "name": f"Tenant {c}"} for c in ids],
             "entities": [{"customerId": c, "id": c * 10, "nom": f"Agence {c}"} for c in ids],
             "vehicles": []}
    for n in range(vehicles):
        customer = ids[n % customers]
        lat0, lon0 = CITIES[rng.randrange(len(CITIES))]
        fleet["vehicles"].append({
            "cap": rng.randrange(360), "customerId": customer, "description": "Van", "entityId": customer * 10,
            "etatMobile": rng.choice(STATES), "gmtPos": "2026-12-06T10:00:00Z", "groupId": customer * 100,
            "id": 1_000_000 + n, "immatriculation": f"T{n:07d}", "latitude": lat0 + rng.gauss(0, 0.15),
            "longitude": lon0 + rng.gauss(0, 0.2), "marque": "Renault", "modele": "Master",
            "privacyEnabled": rng.random() < 0.1, "speedKmh": rng.randrange(90)})
    with open(f"{out}/fleet.json", "w") as file:
        json.dump(fleet, file, separators=(",", ":"))
    with open(f"{out}/users.json", "w") as file:
        json.dump([{"login": "multi", "password": "multi-password", "customerIds": ids}], file)
    with open(f"{out}/customers.txt", "w") as file:
        file.write(",".join(map(str, ids)))


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]) if len(sys.argv) == 5 else 1)
