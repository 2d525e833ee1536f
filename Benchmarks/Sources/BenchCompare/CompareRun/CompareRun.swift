import BenchSupport
import Foundation
import Geo
import NearestVehicle
import OceanAPI
import OceanEmulator
import SeededRandom

/// `nearest-bench compare`: the local crow-flies index against the remote API (real Ocean with OCEAN_* credentials,
/// or the embedded emulator on 127.0.0.1, port 0), query by query.
public struct CompareRun: Sendable {
    public enum Remote: Sendable {
        /// The embedded emulator with a synthetic fleet of this many vehicles (seeded).
        case emulator(vehicles: Int, seed: UInt64)
        /// A real Ocean base URL; credentials from OCEAN_LOGIN / OCEAN_PASSWORD (never logged).
        case url(URL)
    }

    public enum Queries: Sendable {
        case file(String, limit: Int?)
        /// N points within ~5 km of the emulator's city centres (Paris, Lyon, Marseille).
        case random(Int, seed: UInt64)
    }

    public var remote: Remote
    public var queries: Queries
    public var k: Int
    public var customerId: Int64?
    /// Also send every VOL_OISEAU query through `nearest serve` (in-process, in front of the remote).
    public var throughServe: Bool
    public var log: @Sendable (String) -> Void

    public init(remote: Remote, queries: Queries, k: Int = 10, customerId: Int64? = nil, throughServe: Bool = false,
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.remote = remote
        self.queries = queries
        self.k = k
        self.customerId = customerId
        self.throughServe = throughServe
        self.log = log
    }

    public func run() async throws -> CompareReport {
        let points = try queryPoints()
        switch remote {
        case .emulator(let vehicles, let seed):
            var configuration = EmulatorConfiguration.synthetic(seed: seed, vehicleCount: vehicles, port: 0)
            configuration.adminEnabled = false
            let emulator = OceanEmulator(configuration: configuration)
            let user = configuration.users[0]
            let customer = customerId ?? user.customerIds[0]
            return try await emulator.withRunningServer { url in
                log("embedded emulator at \(url) (\(vehicles) vehicles, seed \(seed))")
                let configuration = OceanClientConfiguration(
                    baseURL: url, login: user.login, password: user.password, customerId: customer)
                let name = "embedded emulator (\(vehicles) vehicles, seed \(seed))"
                return try await compare(remote: url, configuration, points: points, remoteName: name, seed: seed)
            }
        case .url(let url):
            let configuration = try OceanClientConfiguration.fromEnvironment(baseURL: url, customerId: customerId)
            return try await compare(remote: url, configuration, points: points, remoteName: url.absoluteString,
                                     seed: nil)
        }
    }

    /// The comparison against the remote at `url` (reached with `configuration`), and with ``throughServe`` also
    /// through `nearest serve` in front of it, syncing the configured customer with the same account.
    func compare(remote url: URL, _ configuration: OceanClientConfiguration, points: [Coordinate],
                 remoteName: String, seed: UInt64?) async throws -> CompareReport {
        let client = OceanClient(configuration: configuration)
        guard throughServe else {
            return try await compare(client: client, customerId: configuration.customerId, points: points,
                                     remoteName: remoteName, seed: seed)
        }
        guard let customer = configuration.customerId else {
            throw CompareError("--through-serve needs a customer id (--customer-id or OCEAN_CUSTOMER_ID)")
        }
        return try await withServe(upstream: url, sync: configuration, customerId: customer) { serve, serveURL in
            log("nearest serve at \(serveURL), in front of \(remoteName), customer \(customer) synced")
            return try await compare(client: client, customerId: customer, points: points, remoteName: remoteName,
                                     seed: seed, serve: (serve, serveURL))
        }
    }

    func queryPoints() throws -> [Coordinate] {
        switch queries {
        case .file(let path, let limit):
            return try PeerCSV.loadQueries(path: path).prefix(limit ?? .max).map(\.coordinate)
        case .random(let count, let seed):
            var generator = SplitMix64(seed: seed)
            let cities = EmulatedFleet.cities
            return (0..<count).map { _ in
                let city = cities[Int(generator.next(upperBound: UInt64(cities.count)))]
                let latitude = city.latitude + Double.random(in: -0.045...0.045, using: &generator)
                let longitude = city.longitude + Double.random(in: -0.06...0.06, using: &generator)
                return try! Coordinate(latitude: latitude, longitude: longitude)
            }
        }
    }

    func compare(client: OceanClient, customerId: Int64?, points: [Coordinate], remoteName: String,
                 seed: UInt64?, serve: (client: OceanClient, url: URL)? = nil) async throws -> CompareReport {
        var servePass = ServePass()
        // Local index from the remote's own positions (what a service syncing from Ocean would hold).
        let positions = try await client.vehiclePositions(customerId: customerId)
        let tenant = customerId.map(String.init) ?? "default"
        var vehicles: [VehiclePosition] = []
        for position in positions {
            guard let id = position.vehicleId, let coordinate = position.position?.coordinate else { continue }
            vehicles.append(VehiclePosition(id: id, coordinate: coordinate,
                                            timestamp: position.position?.timestamp ?? Date(timeIntervalSince1970: 0),
                                            customerId: tenant))
        }
        let index = FleetIndex.load(vehicles).index
        log("local index: \(index.count) vehicles with a position (of \(positions.count) listed)")
        let filter = VehicleFilter(customerId: tenant, now: Date(), includesPrivacyMode: false)
        let options = QueryOptions(countsExclusions: false)

        var localNs: [Double] = [], crowNs: [Double] = [], roadNs: [Double] = []
        var recallSum = 0.0, sameOrder = 0, ranksEqual = 0, ranksTotal = 0, maxDelta = 0.0
        var crowNotRoad = 0, roadQueries = 0, roadRecallSum = 0.0
        var detours: [Double] = []
        let clock = ContinuousClock()
        // Local latency in its own warm pass (as a busy service sees it); interleaved with HTTP calls the caches
        // are cold and a call costs several times more, which would flatter the remote.
        var localResults: [[NearbyVehicle]] = []
        for point in points { localResults.append(Array(try index.nearest(k, to: point, filter: filter, options: options).vehicles)) }
        for point in points {
            let start = monotonicNanoseconds()
            let result = try index.nearest(k, to: point, filter: filter, options: options)
            localNs.append(Double(monotonicNanoseconds() - start))
            consume(result)
        }
        for (offset, point) in points.enumerated() {
            let local = localResults[offset]
            let localIDs = local.map(\.vehicle.id)
            let localDistance = Dictionary(local.map { ($0.vehicle.id, $0.distanceMeters) }, uniquingKeysWith: { a, _ in a })

            var crow: [OceanNearestVehicle] = []
            let elapsed = try await clock.measure {
                crow = try await client.nearestVehicles(
                    NearestVehiclesQuery(point: point, mode: .crowFlies, resultsLimit: Int32(k)), customerId: customerId)
            }
            crowNs.append(Self.nanoseconds(elapsed))
            let crowIDs = crow.compactMap { $0.vehicleId.map(String.init) }
            if !crowIDs.isEmpty {
                recallSum += Double(Set(crowIDs).intersection(localIDs).count) / Double(crowIDs.count)
            } else {
                recallSum += localIDs.isEmpty ? 1 : 0
            }
            if crowIDs == localIDs { sameOrder += 1 }
            for (rank, id) in crowIDs.enumerated() {
                ranksTotal += 1
                if rank < localIDs.count, localIDs[rank] == id { ranksEqual += 1 }
            }
            for remote in crow {
                if let id = remote.vehicleId.map(String.init), let mine = localDistance[id], let theirs = remote.distance {
                    maxDelta = Swift.max(maxDelta, abs(mine - theirs))
                }
            }

            if let serve {
                // The same question through serve: answered from its own synced index, in Ocean's shape.
                var served: [OceanNearestVehicle] = []
                let start = monotonicNanoseconds()
                served = try await serve.client.nearestVehicles(
                    NearestVehiclesQuery(point: point, mode: .crowFlies, resultsLimit: Int32(k)), customerId: customerId)
                servePass.latencyNs.append(Double(monotonicNanoseconds() - start))
                servePass.compared += 1
                if served.compactMap({ $0.vehicleId }) == crow.compactMap({ $0.vehicleId }) { servePass.sameOrder += 1 }
                let upstreamDistance = Dictionary(
                    crow.compactMap { vehicle in vehicle.vehicleId.flatMap { id in vehicle.distance.map { (id, $0) } } },
                    uniquingKeysWith: { a, _ in a })
                for vehicle in served {
                    if let id = vehicle.vehicleId, let mine = vehicle.distance, let theirs = upstreamDistance[id] {
                        servePass.maxDelta = Swift.max(servePass.maxDelta, abs(mine - theirs))
                    }
                }
            }

            var road: [OceanNearestVehicle] = []
            let start = monotonicNanoseconds()
            road = try await client.nearestVehicles(
                NearestVehiclesQuery(point: point, mode: .byRoad, resultsLimit: Int32(Swift.min(k, 10))),
                customerId: customerId)
            roadNs.append(Double(monotonicNanoseconds() - start))
            let roadIDs = road.compactMap { $0.vehicleId.map(String.init) }
            if let first = roadIDs.first {
                roadQueries += 1
                if localIDs.first != first { crowNotRoad += 1 }
                roadRecallSum += Double(Set(roadIDs).intersection(localIDs).count) / Double(roadIDs.count)
            }
            for remote in road {
                guard let id = remote.vehicleId.map(String.init), let roadMeters = remote.distance,
                      let position = index.position(forID: id) else { continue }
                let crowMeters = point.distance(to: position.coordinate)
                if crowMeters >= 1 { detours.append(roadMeters / crowMeters) }
            }
            if (offset + 1) % 100 == 0 { log("\(offset + 1)/\(points.count) queries") }
        }
        detours.sort()
        func quantile(_ q: Double) -> Double {
            detours.isEmpty ? .nan : detours[Swift.min(detours.count - 1, Int(q * Double(detours.count - 1)))]
        }
        let local = CompareReport.Percentiles(localNs), crowLatency = CompareReport.Percentiles(crowNs)
        var throughServe: CompareReport.ThroughServe? = nil
        if let serve {
            let sources = try await Self.servedBySource(serve.url)
            let latency = CompareReport.Percentiles(servePass.latencyNs)
            throughServe = CompareReport.ThroughServe(
                latencyNs: latency,
                sameOrderAsRemoteFraction: Double(servePass.sameOrder) / Double(Swift.max(1, servePass.compared)),
                maxAbsDistanceDeltaM: servePass.maxDelta,
                answeredLocally: sources["local", default: 0], answeredUpstream: sources["upstream", default: 0],
                remoteOverServeP50: crowLatency.p50 / latency.p50, remoteOverServeP99: crowLatency.p99 / latency.p99)
        }
        return CompareReport(
            remote: remoteName, queries: points.count, vehicles: index.count, k: k, seed: seed,
            crowRecallAtK: recallSum / Double(Swift.max(1, points.count)),
            crowSameOrderFraction: Double(sameOrder) / Double(Swift.max(1, points.count)),
            crowRankAgreement: ranksTotal == 0 ? 1 : Double(ranksEqual) / Double(ranksTotal),
            crowMaxAbsDistanceDeltaM: maxDelta,
            crowNearestIsNotRoadNearestFraction: Double(crowNotRoad) / Double(Swift.max(1, roadQueries)),
            roadTopKRecallInCrowTopK: roadRecallSum / Double(Swift.max(1, roadQueries)),
            detourRatioMedian: quantile(0.5), detourRatioP90: quantile(0.9), roadResultsCompared: detours.count,
            localLatencyNs: local, remoteCrowLatencyNs: crowLatency,
            remoteRoadLatencyNs: CompareReport.Percentiles(roadNs),
            remoteOverLocalP50: crowLatency.p50 / local.p50, remoteOverLocalP99: crowLatency.p99 / local.p99,
            throughServe: throughServe)
    }

    static func nanoseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
