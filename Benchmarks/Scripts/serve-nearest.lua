-- wrk script: POST nearestVehicles VOL_OISEAU to `nearest serve`, random points around Paris, Lyon and Marseille
-- (a fixed-seed LCG per thread, so runs repeat), resultsLimit 10, customer 1001 or 1002. Token from SERVE_TOKEN.
-- Reports non-2xx answers and socket errors (wrk's counts), and answers not served locally (X-Nearest-Source).
-- SERVE_RADIUS_KM (optional): adds `radius=<km>` to every query (radiusUnit defaults to km).
local token = os.getenv("SERVE_TOKEN") or ""
local radiusKm = os.getenv("SERVE_RADIUS_KM") or ""
local radius = radiusKm ~= "" and ("&radius=" .. radiusKm) or ""
local cities = { {48.8566, 2.3522}, {45.7640, 4.8357}, {43.2965, 5.3698} }
local seed = 12345
local function rnd()
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
end
notLocal = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  seed = 12345 + math.floor(rnd() * 1000)
end

function request()
  local c = cities[math.floor(rnd() * 3) + 1]
  local lat = c[1] + (rnd() - 0.5) * 0.2
  local lon = c[2] + (rnd() - 0.5) * 0.2
  local path = string.format(
    "/restapi/vehicule_engin/nearestVehicles?customerId=1001&latitude=%.6f&longitude=%.6f&resultsLimit=10%s", lat, lon,
    radius)
  return wrk.format("POST", path,
    { ["X-AUTH-TOKEN"] = token, ["Content-Type"] = "application/json" }, '{"computeMode":"VOL_OISEAU"}')
end

function response(status, headers, body)
  if headers["X-Nearest-Source"] ~= "local" then notLocal = notLocal + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000))
  io.write(string.format("requests %d  non-2xx/socket errors %d/%d  req/s %.0f\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6)))
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("notLocal") or 0) end
  io.write(string.format("answers not served locally %d\n", total))
end
