-- wrk script for serve-tenants.sh: POST nearestVehicles VOL_OISEAU to `nearest serve`, a random tenant of
-- SERVE_CUSTOMERS (comma-separated), random points around the ten cities of tenants_fleet.py (fixed-seed LCG per
-- thread), resultsLimit 10, radius SERVE_RADIUS_KM (default 5) km. Token from SERVE_TOKEN. Counts answers not served
-- locally (X-Nearest-Source).
local token = os.getenv("SERVE_TOKEN") or ""
local radiusKm = os.getenv("SERVE_RADIUS_KM") or "5"
local customers = {}
for id in string.gmatch(os.getenv("SERVE_CUSTOMERS") or "2001", "[^,]+") do table.insert(customers, id) end
local cities = { {48.8566, 2.3522}, {45.7640, 4.8357}, {43.2965, 5.3698}, {43.6047, 1.4442}, {50.6292, 3.0573},
  {44.8378, -0.5792}, {47.2184, -1.5536}, {48.5734, 7.7521}, {43.7102, 7.2620}, {49.2583, 4.0317} }
local seed = 4242
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
  seed = 4242 + math.floor(rnd() * 1000)
end

function request()
  local c = cities[math.floor(rnd() * #cities) + 1]
  local customer = customers[math.floor(rnd() * #customers) + 1]
  local path = string.format(
    "/restapi/vehicule_engin/nearestVehicles?customerId=%s&latitude=%.6f&longitude=%.6f&resultsLimit=10&radius=%s",
    customer, c[1] + (rnd() - 0.5) * 0.4, c[2] + (rnd() - 0.5) * 0.4, radiusKm)
  return wrk.format("POST", path,
    { ["X-AUTH-TOKEN"] = token, ["Content-Type"] = "application/json" }, '{"computeMode":"VOL_OISEAU"}')
end

function response(status, headers, body)
  if headers["X-Nearest-Source"] ~= "local" then notLocal = notLocal + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("notLocal") or 0) end
  io.write(string.format("answers not served locally: %d\n", total))
end
