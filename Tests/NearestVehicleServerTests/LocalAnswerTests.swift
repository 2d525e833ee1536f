import Foundation
import NearestVehicleServer
import OceanEmulator
import OceanTestSupport
import Testing
import TestSupport

/// Local VOL_OISEAU answers: distances against an independent reference (mpmath), and ids and order against the
/// emulator's own answers.
@Suite struct LocalAnswerTests {
    static let cities = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698)]

    // MARK: Independent reference

    /// A fixed fleet of customer 1001 (id, WGS84 degrees): metres to kilometres apart around Paris, a tie across
    /// the antimeridian, the north pole, the antipode of Paris and a point 1 m from it.
    static let referenceFleet: [(id: Int64, latitude: Double, longitude: Double)] = [
        (200001, 48.8566, 2.3522),
        (200002, 48.8566, 2.3523),
        (200003, 48.85660001, 2.3522),
        (200004, 48.8584, 2.2945),
        (200005, 48.8738, 2.295),
        (200006, 45.764, 4.8357),
        (200007, 43.2965, 5.3698),
        (200008, -16.8, 179.9999),
        (200009, -16.8, -179.9999),
        (200010, 90.0, 0.0),
        (200011, 89.9999, 45.0),
        (200012, -48.8566, -177.6478),
        (200013, -48.85659, -177.6478),
    ]

    /// Haversine distances on R = 6 371 008.8 m from each query point to each vehicle of ``referenceFleet``, in
    /// metres, computed once with Python mpmath 1.3.0 at 50 significant digits from the exact binary64 values of
    /// the degrees (never with our code or the emulator's), printed with 20 significant digits:
    ///
    ///     from mpmath import mp, mpf, sin, cos, atan2, sqrt, pi, nstr
    ///     mp.dps = 50
    ///     R = mpf('6371008.8')
    ///     def haversine(lat1, lon1, lat2, lon2):  # Python floats; mpf(float) is its exact binary64 value
    ///         p1, p2 = mpf(lat1) * pi / 180, mpf(lat2) * pi / 180
    ///         dl = (mpf(lon2) - mpf(lon1)) * pi / 180
    ///         h = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    ///         return 2 * R * atan2(sqrt(h), sqrt(1 - h))
    ///     # for each query (qlat, qlon) and vehicle (lat, lon) below:
    ///     print(nstr(haversine(qlat, qlon, lat, lon), 20))
    static let referenceDistances: [(query: String, latitude: Double, longitude: Double, metres: [Int64: Double])] = [
        ("Paris centre", 48.8566, 2.3522, [
            200001: 0.0,
            200002: 7.3160342802766001645,
            200003: 0.0011119508943385510464,
            200004: 4226.0181860404890425,
            200005: 4600.4524757399933751,
            200006: 391499.47243561322735,
            200007: 660479.29196525773147,
            200008: 16444212.291680178013,
            200009: 16444213.373125589424,
            200010: 4574943.6640803380186,
            200011: 4574935.4853299536393,
            200012: 20015114.442035923533,
            200013: 20015113.330085121624,
        ]),
        ("antimeridian", -16.8, 180.0, [
            200001: 16444212.832414334678,
            200002: 16444212.29168017803,
            200003: 16444212.831305425003,
            200004: 16444321.386492436167,
            200005: 16442610.801285704997,
            200006: 16763323.138822121629,
            200007: 17025464.648652214147,
            200008: 10.644921834073625128,
            200009: 10.644921834073625128,
            200010: 11875634.568941315171,
            200011: 11875642.431619377356,
            200012: 3570901.6096215896916,
            200013: 3570900.5007120064434,
        ]),
        ("near the north pole", 89.99, -120.0, [
            200001: 4575538.7729047451212,
            200002: 4575538.7745440402403,
            200003: 4575538.7717927942548,
            200004: 4575337.6755899330346,
            200005: 4573625.2795990779834,
            200006: 4919460.8105508763346,
            200007: 5193843.1448046296786,
            200008: 11875078.573250837952,
            200009: 11875078.569889500425,
            200010: 1111.9508023358979922,
            200011: 1122.6951110044415811,
            200012: 15439575.669131179191,
            200013: 15439574.557180404417,
        ]),
        ("Lyon, Part-Dieu", 45.7605, 4.8597, [
            200001: 392711.01240343949089,
            200002: 392707.3874516327502,
            200003: 392711.0133692964642,
            200004: 394993.8933356400703,
            200005: 396455.52635113620699,
            200006: 1902.0142874171008337,
            200007: 276950.72232891026655,
            200008: 16763397.347434624314,
            200009: 16763399.923159921899,
            200010: 4919214.7519913792536,
            200011: 4919206.2514857260118,
            200012: 19622403.429632485208,
            200013: 19622404.395488992525,
        ]),
    ]

    /// The emulator's world with ``referenceFleet`` as customer 1001's vehicles (and none for 1002).
    static func referenceUpstream() throws -> EmulatorConfiguration {
        var configuration = EmulatorWorld.configuration(vehicles: 0, seed: 7)
        configuration.fleet.vehicles = Self.referenceFleet.map { vehicle in
            EmulatedFleet.Vehicle(
                id: vehicle.id, customerId: 1001, entityId: 10010, groupId: 100_100,
                immatriculation: "RF-\(vehicle.id % 1_000)-AA", latitude: vehicle.latitude,
                longitude: vehicle.longitude, gmtPos: EmulatorWorld.referenceDate - 60)
        }
        return configuration
    }

    /// Every vehicle (no radius, no limit) from each query point: the local answer lists the whole fleet sorted by
    /// (reference distance, id) with each distance within 1e-6 m of the reference; upstream's too.
    @Test func distancesEqualAnIndependentReference() async throws {
        try await ServeWorld.withStack(upstream: try Self.referenceUpstream(), syncCustomers: [1001]) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            for row in Self.referenceDistances {
                let expected = row.metres.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
                for (base, source) in [(stack.serveURL, "local"), (stack.upstreamURL, nil)] {
                    let answer = try await ServeWorld.nearest(
                        base, token: token, customerId: 1001, latitude: row.latitude, longitude: row.longitude)
                    let context = "\(row.query), \(source ?? "upstream")"
                    #expect(answer.status == 200, "\(context): \(answer.text)")
                    if let source { #expect(answer.source == source, "\(context)") }
                    let hits = try ServeWorld.hits(answer)
                    #expect(hits.map { $0.vehicle?.id } == expected.map(\.key), "\(context)")
                    for (hit, reference) in zip(hits, expected) {
                        let distance = try #require(hit.distance, "\(context)")
                        #expect(abs(distance - reference.value) <= 1e-6,
                                "\(context), vehicle \(reference.key): \(distance) m, reference \(reference.value) m")
                    }
                }
            }
        }
    }

    // MARK: Against the emulator

    @Test func randomQueriesEqualTheEmulatorsAnswers() async throws {
        let seed = testSeed(default: 0x5E_12_7E)
        try await ServeWorld.withStack(vehicles: 300) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.multi)
            var random = SplitMix64(seed: seed)
            var nonEmpty = 0
            for round in 0..<150 {
                let city = Self.cities[Int(random.next() % 3)]
                let spread = [0.01, 0.05, 0.3, 2.0][Int(random.next() % 4)]
                let latitude = city.0 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * spread
                let longitude = city.1 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * spread
                let customerId: Int64 = random.next() % 2 == 0 ? 1001 : 1002
                let limit: Int? = random.next() % 4 == 0 ? nil : Int(1 + random.next() % 15)
                let radius: Int? = random.next() % 3 == 0 ? nil : Int(random.next() % 40)
                let unit: String? = [nil, "km", "m", "mi", "KM", "nmi", "ft"][Int(random.next() % 7)]
                let scaledRadius = radius.map { unit == "m" || unit == "ft" ? $0 * 1000 : $0 }
                let local = try await ServeWorld.nearest(
                    stack.serveURL, token: token, customerId: customerId, latitude: latitude, longitude: longitude,
                    radius: scaledRadius, unit: unit, limit: limit)
                let direct = try await ServeWorld.nearest(
                    stack.upstreamURL, token: token, customerId: customerId, latitude: latitude,
                    longitude: longitude, radius: scaledRadius, unit: unit, limit: limit)
                let context = "seed \(seed) round \(round): \(customerId) (\(latitude), \(longitude)) r=\(String(describing: scaledRadius)) \(unit ?? "-") k=\(String(describing: limit))"
                #expect(local.status == 200, "\(context)")
                #expect(local.source == "local", "\(context)")
                let ours = try ServeWorld.hits(local)
                let theirs = try ServeWorld.hits(direct)
                #expect(ours.map { $0.vehicle?.id } == theirs.map { $0.vehicle?.id }, "\(context)")
                for (a, b) in zip(ours, theirs) {
                    #expect(abs((a.distance ?? .nan) - (b.distance ?? .nan)) <= 1e-3, "\(context)")
                }
                if !ours.isEmpty { nonEmpty += 1 }
            }
            #expect(nonEmpty > 75, "most random queries must find vehicles, or the comparison proves little")
        }
    }

    @Test func answersUpstreamWhenNotSureOrNotSynced() async throws {
        try await ServeWorld.withStack(syncCustomers: [1001]) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.multi)
            // Not synced yet: upstream, then the sync starts on this first authorised use.
            let first = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3)
            #expect(first.status == 200)
            #expect(first.source == "upstream")
            // No customerId, unknown unit, PAR_ROUTE: upstream.
            let noCustomer = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: nil, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(noCustomer.source == "upstream")
            #expect(noCustomer.status == 400)  // multi-customer user without customerId: upstream's answer
            let unknownUnit = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, radius: 3,
                unit: "furlong")
            #expect(unknownUnit.source == "upstream")
            #expect(unknownUnit.status == 400)
            let outOfRange = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 91, longitude: 2.35)
            #expect(outOfRange.source == "upstream")
            #expect(outOfRange.status == 400)
            // The sync of 1002 started by the first call: it becomes local.
            let start = ContinuousClock.now
            var source = "upstream"
            while source != "local", ContinuousClock.now - start < .seconds(10) {
                try await Task.sleep(for: .milliseconds(20))
                source = try await ServeWorld.nearest(
                    stack.serveURL, token: token, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3
                ).source ?? "none"
            }
            #expect(source == "local")
        }
    }

    @Test func staleCustomerIsAnsweredUpstream() async throws {
        try await ServeWorld.withStack(configure: { $0.maxSyncAge = .seconds(100) }) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let fresh = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(fresh.source == "local")
            stack.clock.advance(seconds: 101)
            let stale = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(stale.status == 200)
            #expect(stale.source == "upstream")
            #expect(try ServeWorld.hits(stale) == ServeWorld.hits(fresh))
        }
    }
}
