#!/usr/bin/env python3
"""Bounded nearestVehicles load for failover.sh, and its report.

load:    failover_load.py load URL TOKEN SECONDS CONNECTIONS OUT.csv
         CONNECTIONS threads, each a keep-alive HTTP/1.1 connection, each sending VOL_OISEAU queries (random points
         around the customers' cities, customers 1001 and 1002 alternately, 10 nearest within 5 km) back to back
         for SECONDS; one CSV row per request: start (epoch s), customer, status (0: connection error or no
         answer), latency (ms). A failed connection is reopened for the next request.
report:  failover_load.py report OUT.csv EVENTS.tsv HAPROXY.log
         EVENTS.tsv rows: epoch-seconds<TAB>label. Prints a Markdown table: the whole run, then each event's window
         (from the event to 5 s after it): requests, failed (status != 200), p50/p99 latency; and how many requests
         HAProxy retried (its log's retries field > 0) and redispatched, per backend/server.
"""
import csv, http.client, random, re, sys, threading, time, urllib.parse

CITIES = {1001: (48.8566, 2.3522), 1002: (45.7640, 4.8357)}
BODY = b'{"computeMode":"VOL_OISEAU"}'


def load(url, token, seconds, connections, out):
    parts = urllib.parse.urlsplit(url)
    stop = time.time() + seconds
    rows, lock = [], threading.Lock()

    def worker(number):
        rng = random.Random(number)
        connection = None
        mine = []
        while time.time() < stop:
            customer = 1001 if rng.random() < 0.5 else 1002
            lat, lon = CITIES[customer]
            query = urllib.parse.urlencode({
                "customerId": customer, "latitude": f"{lat + rng.uniform(-0.1, 0.1):.6f}",
                "longitude": f"{lon + rng.uniform(-0.1, 0.1):.6f}", "radius": 5, "resultsLimit": 10})
            started = time.time()
            status = 0
            error = ""
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
                connection.request("POST", "/restapi/vehicule_engin/nearestVehicles?" + query, body=BODY,
                                   headers={"X-AUTH-TOKEN": token, "Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except Exception as failure:
                error = type(failure).__name__
                if connection is not None:
                    connection.close()
                connection = None
            mine.append((started, customer, status, (time.time() - started) * 1000, error))
        with lock:
            rows.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(out, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["start", "customer", "status", "ms", "error"])
        for row in sorted(rows):
            writer.writerow([f"{row[0]:.6f}", row[1], row[2], f"{row[3]:.3f}", row[4]])


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(out, events_path, haproxy_log):
    rows = [(float(r["start"]), int(r["customer"]), int(r["status"]), float(r["ms"]), r["error"])
            for r in csv.DictReader(open(out))]
    events = [(float(line.split("\t")[0]), line.split("\t")[1].strip())
              for line in open(events_path) if line.strip()]

    def line(label, subset):
        failed = [r for r in subset if r[2] != 200]
        statuses = {}
        for r in failed:
            statuses[r[2]] = statuses.get(r[2], 0) + 1
        detail = ", ".join(f"{'no answer' if s == 0 else s}: {n}" for s, n in sorted(statuses.items())) or "-"
        latencies = [r[3] for r in subset]
        return (f"| {label} | {len(subset)} | {len(failed)} | {detail} | {percentile(latencies, 0.5):.1f} | "
                f"{percentile(latencies, 0.99):.1f} |")

    print("| window | requests | failed | failures by status | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    print(line("whole run", rows))
    for at, label in events:
        print(line(f"{label} (+0-5 s)", [r for r in rows if at <= r[0] < at + 5]))
    retried, redispatched, total, odd = {}, 0, 0, []
    pattern = re.compile(r" (\S+)/(\S+) \S+ (-?\d+) .* (\d+)/(\d+)/(\d+)/(\d+)/(\+?)(\d+) \d+/\d+ \"")
    for text in open(haproxy_log, errors="replace"):
        match = pattern.search(text)
        if not match:
            continue
        total += 1
        if match.group(3) != "200" and len(odd) < 10:
            odd.append(text.strip()[:300])
        if int(match.group(9)) > 0:
            key = f"{match.group(1)}/{match.group(2)} {match.group(3)}"
            retried[key] = retried.get(key, 0) + 1
            redispatched += match.group(8) == "+"
    print()
    first = rows[0][0] if rows else 0
    for r in [r for r in rows if r[2] != 200][:20]:
        print(f"failed: t={r[0] - first:.3f} s (ended {r[0] + r[3] / 1000 - first:.3f} s) customer {r[1]} "
              f"status {r[2]} {r[4]}")
    print("events: " + ", ".join(f"{label} at t={at - first:.3f} s" for at, label in events))
    print(f"HAProxy logged {total} requests; retried {sum(retried.values())} "
          f"(redispatched to another server: {redispatched})"
          + ("".join(f"; {key}: {count}" for key, count in sorted(retried.items())) if retried else ""))
    for text in odd:
        print("HAProxy, not 200: " + text)


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif len(sys.argv) == 5 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
