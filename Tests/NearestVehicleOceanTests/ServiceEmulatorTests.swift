import Foundation
import Geo
import NearestVehicleOcean
import OceanEmulator
import Testing

/// NearestVehicleService with OceanRoadProvider against the emulator on a live port 0: both modes, every field,
/// agreement with the emulator's own VOL_OISEAU, faults under both fallback policies, refusals, tenants.
@Suite struct ServiceEmulatorTests {
    static let mile = 1_609.344

    // MARK: Crow-flies agreement

    /// Query points: the three city centres, a point between two Paris districts, and one far from every vehicle.
    static let points: [(Double, Double)] = [
        (48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698), (48.87, 2.30), (47.0, 3.5),
    ]

    /// The emulator's VOL_OISEAU is a brute-force haversine over its own fleet (`OceanHandlers+Nearest.swift`,
    /// `Haversine.swift`): `Geo.Coordinate.distance(to:)` on R = 6 371 008.8 m, sorted by (distance, id), radius
    /// inclusive. Our index ranks by the same haversine through the k-d tree, on positions that went through
    /// Ocean's JSON (doubles round-trip exactly), but its tree may derive a distance through a different
    /// floating-point path (chord, then haversine), so the last bits may differ. Tolerance: 1 mm per distance
    /// (double rounding is ~1e-15 relative, nanometres at these ranges; fleet gaps are metres), and identical ids
    /// in identical order.
    @Test(arguments: points)
    func crowFliesAgreesWithTheEmulator(_ point: (Double, Double)) async throws {
        try await ServiceWorld.emulator().withRunningServer { url in
            let client = ServiceWorld.client(url)
            let index = FleetIndex()
            try await ServiceWorld.load(client, customerId: 1001, into: index)
            let service = ServiceWorld.service(index, client)
            let center = try Coordinate(latitude: point.0, longitude: point.1)
            // Radius only (every vehicle within 3 km), then limit only (the 7 nearest, any distance).
            let cases: [(radius: Int32?, limit: Int?)] = [(3, nil), (nil, 7), (4, 3)]
            for (radius, limit) in cases {
                let remote = try await client.nearestVehicles(
                    NearestVehiclesQuery(point: center, mode: .crowFlies, radius: radius, radiusUnit: "KM",
                                         resultsLimit: limit.map(Int32.init)),
                    customerId: 1001)
                let local = try await service.nearestVehicles(try NearestVehiclesRequest(
                    customerId: "1001", latitude: point.0, longitude: point.1, radius: radius.map(Double.init),
                    radiusUnit: "km", resultsLimit: limit))
                #expect(local.vehicles.map(\.vehicleId) == remote.map { String($0.vehicleId!) }, "\(point) \(radius as Any) \(limit as Any)")
                for (ours, theirs) in zip(local.vehicles, remote) {
                    #expect(abs(ours.distanceMeters - theirs.distance!) <= 1e-3)
                    #expect(abs(ours.distance - theirs.distance! / 1_000) <= 1e-6)
                }
                if limit == 7 { #expect(local.vehicles.count == 7) }

                // Exact WGS84: every geodesic within the documented -0.45 % .. +0.56 % of the emulator's haversine.
                let exact = try await service.nearestVehicles(try NearestVehiclesRequest(
                    customerId: "1001", latitude: point.0, longitude: point.1, resultsLimit: 7, exactWGS84: true))
                let haversine = Dictionary(uniqueKeysWithValues: try await client.nearestVehicles(
                    NearestVehiclesQuery(point: center, mode: .crowFlies), customerId: 1001)
                    .map { (String($0.vehicleId!), $0.distance!) })
                for vehicle in exact.vehicles {
                    let ratio = try #require(haversine[vehicle.vehicleId]) / vehicle.distanceMeters
                    #expect(ratio >= 0.9955 && ratio <= 1.0057, "\(vehicle.vehicleId): \(ratio)")
                    #expect(vehicle.distanceSource == .localWGS84Geodesic)
                }
            }
        }
    }

    // MARK: By road

    @Test func byRoadMapsEveryField() async throws {
        let emulator = ServiceWorld.emulator()
        let fleet = Dictionary(uniqueKeysWithValues: emulator.configuration.fleet.vehicles.map { (String($0.id), $0) })
        try await emulator.withRunningServer { url in
            let client = ServiceWorld.client(url)
            let index = FleetIndex()
            let details = try await ServiceWorld.load(client, customerId: 1001, into: index)
            let service = ServiceWorld.service(index, client, details: details)
            let (latitude, longitude) = ServiceWorld.paris
            let answer = try await service.nearestVehicles(try NearestVehiclesRequest(
                customerId: "1001", latitude: latitude, longitude: longitude, radiusUnit: "mi", resultsLimit: 5,
                mode: .byRoad))
            let raw = try await client.nearestVehicles(
                NearestVehiclesQuery(latitude: latitude, longitude: longitude, mode: .byRoad, resultsLimit: 5),
                customerId: 1001)
            #expect(answer.mode == .byRoad && !answer.isDegraded && answer.unit.symbol == "mi")
            #expect(answer.vehicles.count == 5)
            #expect(answer.vehicles.map(\.vehicleId) == raw.map { String($0.vehicleId!) })
            for (result, remote) in zip(answer.vehicles, raw) {
                let vehicle = try #require(fleet[result.vehicleId])
                #expect(vehicle.customerId == 1001)
                #expect(result.distanceMeters == remote.distance)
                #expect(abs(result.distance - remote.distance! / Self.mile) <= 1e-12 * result.distance)
                let seconds = try #require(result.duration).components.seconds
                #expect(result.duration == remote.duration && seconds > 0)
                // The emulator's ETA is its clock (the reference date) plus the duration.
                let eta = try #require(result.eta)
                #expect(abs(eta.timeIntervalSince(ServiceWorld.referenceDate) - Double(seconds)) <= 1.001)
                #expect(result.coordinate == (try Coordinate(latitude: vehicle.latitude, longitude: vehicle.longitude)))
                #expect(result.positionTime == vehicle.gmtPos)
                #expect(result.positionAge == ServiceWorld.referenceDate.timeIntervalSince(vehicle.gmtPos))
                #expect(result.state == VehicleState(rawValue: vehicle.etatMobile))
                #expect(result.groupId == vehicle.groupId.map(String.init))
                #expect(result.entityId == String(vehicle.entityId))  // from the local index
                #expect(result.details.name == vehicle.description)
                #expect(result.details.registration == vehicle.immatriculation)  // from the lookup
                #expect(result.details.driver?.id == vehicle.driver.map { String($0.id) })
                #expect(result.details.driver?.firstName == vehicle.driver?.prenom)
                #expect(result.details.driver?.lastName == vehicle.driver?.nom)
                #expect(result.details.driver?.employeeNumber == vehicle.driver?.matricule)
                #expect(result.details.driver?.phone == vehicle.driver?.gsm)
                #expect(result.mode == .byRoad && result.distanceSource == .remoteRoad)
                #expect(result.durationSource == .remoteRoad && result.positionSource == .remote)
                // A road is never shorter than the great circle.
                let crow = try Coordinate(latitude: latitude, longitude: longitude)
                    .distance(to: try #require(result.coordinate))
                #expect(result.distanceMeters >= crow - 1e-6)
            }
        }
    }

    /// 2 mi = 3218.688 m is sent as radius 3219, unit "M" (whole metres, rounded up); the service then keeps only
    /// road distances <= 3218.688 m.
    @Test func byRoadRadiusIsSentInWholeMetresRoundedUp() async throws {
        try await ServiceWorld.emulator().withRunningServer { url in
            let client = ServiceWorld.client(url)
            let service = ServiceWorld.service(FleetIndex(), client)
            let (latitude, longitude) = ServiceWorld.paris
            let answer = try await service.nearestVehicles(try NearestVehiclesRequest(
                customerId: "1001", latitude: latitude, longitude: longitude, radius: 2, radiusUnit: "miles",
                mode: .byRoad))
            let raw = try await client.nearestVehicles(
                NearestVehiclesQuery(latitude: latitude, longitude: longitude, mode: .byRoad, radius: 3_219,
                                     radiusUnit: "M", resultsLimit: 10),
                customerId: 1001)
            let expected = raw.filter { $0.distance! <= 3_218.688 }.map { String($0.vehicleId!) }
            #expect(!expected.isEmpty)
            #expect(answer.vehicles.map(\.vehicleId) == expected)
            #expect(answer.vehicles.allSatisfy { $0.distance <= 2 })
        }
    }

    /// (metres, expected int32 radius, unit), by hand: ceil in metres; beyond int32 ceil in kilometres.
    static let radii: [(Double, Int32, String)] = [
        (3_218.688, 3_219, "M"), (8_046.72, 8_047, "M"), (1_000, 1_000, "M"), (0.2, 1, "M"),
        (2_147_483_647, 2_147_483_647, "M"), (2_147_483_647.5, 2_147_484, "KM"), (3e9, 3_000_000, "KM"),
        (1e300, Int32.max, "KM"),
    ]

    @Test(arguments: radii)
    func remoteRadius(_ row: (Double, Int32, String)) {
        let radius = OceanRoadProvider.remoteRadius(meters: row.0)
        #expect(radius.value == row.1 && radius.unit == row.2)
    }

    // MARK: Faults

    struct Fault: CustomTestStringConvertible, Sendable {
        let label: String
        let faults: FaultConfiguration
        let expected: RoadProviderError
        var testDescription: String { label }
    }

    /// Every fault persists through the client's retries (2 attempts here), so the call fails unavailable.
    static let faults: [Fault] = [
        Fault(label: "latency beyond the timeout", faults: FaultConfiguration(latencyMs: 5_000), expected: .timeout),
        Fault(label: "500 burst", faults: FaultConfiguration(errorBurstCount: 50, errorBurstStatus: 500),
              expected: .serverError),
        Fault(label: "503 burst", faults: FaultConfiguration(errorBurstCount: 50, errorBurstStatus: 503),
              expected: .serverError),
        Fault(label: "429 on every call", faults: FaultConfiguration(rateLimitEvery: 1, retryAfterSeconds: 0),
              expected: .rateLimited),
        Fault(label: "dropped connections", faults: FaultConfiguration(dropConnections: 50),
              expected: .connectionFailed),
        Fault(label: "malformed bodies", faults: FaultConfiguration(malformedResponses: 50),
              expected: .invalidResponse),
    ]

    @Test(arguments: faults)
    func unavailableRemoteUnderBothPolicies(_ fault: Fault) async throws {
        let emulator = ServiceWorld.emulator()
        try await emulator.withRunningServer { url in
            let index = FleetIndex()
            let patient = ServiceWorld.client(url)
            try await ServiceWorld.load(patient, customerId: 1001, into: index)
            // The service's client times out after 2 s (the latency fault is 5 s: wide margins both ways, as a
            // loaded CI machine can take most of a second to answer); it authenticates before the faults, so the
            // fault hits nearestVehicles itself.
            let client = ServiceWorld.client(url, timeout: .seconds(2))
            try await client.authenticate()
            let service = ServiceWorld.service(index, client)
            let (latitude, longitude) = ServiceWorld.paris
            func request(_ fallback: NearestVehiclesRequest.Fallback) throws -> NearestVehiclesRequest {
                try NearestVehiclesRequest(
                    customerId: "1001", latitude: latitude, longitude: longitude, radius: 6, resultsLimit: 4,
                    mode: .byRoad, fallback: fallback)
            }
            let crowFlies = try await service.nearestVehicles(try NearestVehiclesRequest(
                customerId: "1001", latitude: latitude, longitude: longitude, radius: 6, resultsLimit: 4))

            let failing = try request(.fail)
            await emulator.setFaults(fault.faults)
            do throws(NearestVehicleServiceError) {
                let answer = try await service.nearestVehicles(failing)
                Issue.record("answered under \(fault.label): \(answer)")
            } catch {
                #expect(error == .remoteUnavailable)
                #expect(error.providerError == fault.expected, "\(error)")
            }

            await emulator.setFaults(fault.faults)  // countdowns restart
            let degraded = try await service.nearestVehicles(try request(.crowFlies))
            #expect(degraded.isDegraded && degraded.degradation?.reason == fault.expected)
            #expect(degraded.requestedMode == .byRoad && degraded.mode == .crowFlies)
            #expect(degraded.vehicles == crowFlies.vehicles && degraded.vehicles.count == 4)

            await emulator.setFaults(.none)
            let recovered = try await ServiceWorld.service(index, patient).nearestVehicles(try request(.crowFlies))
            #expect(!recovered.isDegraded && recovered.mode == .byRoad && !recovered.vehicles.isEmpty)
        }
    }

    /// An expired token is not a fault: the client re-authenticates once and the answer is by road.
    @Test func expiredTokenIsRenewedNotDegraded() async throws {
        let emulator = ServiceWorld.emulator()
        try await emulator.withRunningServer { url in
            let client = ServiceWorld.client(url)
            let index = FleetIndex()
            try await ServiceWorld.load(client, customerId: 1001, into: index)
            await emulator.expireAllTokens()
            let answer = try await ServiceWorld.service(index, client).nearestVehicles(try NearestVehiclesRequest(
                customerId: "1001", latitude: ServiceWorld.paris.latitude, longitude: ServiceWorld.paris.longitude,
                resultsLimit: 3, mode: .byRoad, fallback: .crowFlies))
            #expect(!answer.isDegraded && answer.mode == .byRoad && answer.vehicles.count == 3)
        }
    }

    // MARK: Refusals and tenants

    @Test func rejectedRequestsNeverFallBack() async throws {
        try await ServiceWorld.emulator().withRunningServer { url in
            let index = FleetIndex()
            try await ServiceWorld.load(ServiceWorld.client(url), customerId: 1001, into: index)
            try await ServiceWorld.load(
                ServiceWorld.client(url, login: "other", password: "other-password"), customerId: 1002, into: index)
            let (latitude, longitude) = ServiceWorld.paris
            func request(_ customer: String) throws -> NearestVehiclesRequest {
                try NearestVehiclesRequest(
                    customerId: customer, latitude: latitude, longitude: longitude, mode: .byRoad, fallback: .crowFlies)
            }
            let cases: [(String, NearestVehicleService, String, RoadProviderError)] = [
                ("bad password", ServiceWorld.service(index, ServiceWorld.client(url, password: "wrong")), "1001",
                 .unauthorized),
                // demo may not see 1002: the index holds 1002's vehicles, a fallback would leak them.
                ("other customer", ServiceWorld.service(index, ServiceWorld.client(url)), "1002", .forbidden),
                ("not an Ocean id", ServiceWorld.service(index, ServiceWorld.client(url)), "acme", .badRequest),
            ]
            for (label, service, customer, expected) in cases {
                let refused = try request(customer)
                do throws(NearestVehicleServiceError) {
                    let answer = try await service.nearestVehicles(refused)
                    Issue.record("\(label): answered \(answer)")
                } catch {
                    #expect(error == .remoteRejected, "\(label)")
                    #expect(error.providerError == expected, "\(label): \(error)")
                }
            }
        }
    }

    @Test func tenantsNeverSeeEachOther() async throws {
        let emulator = ServiceWorld.emulator()
        let owner = Dictionary(uniqueKeysWithValues: emulator.configuration.fleet.vehicles.map { (String($0.id), $0) })
        try await emulator.withRunningServer { url in
            let demo = ServiceWorld.client(url)
            let other = ServiceWorld.client(url, login: "other", password: "other-password")
            let index = FleetIndex()
            try await ServiceWorld.load(demo, customerId: 1001, into: index)
            try await ServiceWorld.load(other, customerId: 1002, into: index)
            for (customer, client) in [(Int64(1001), demo), (1002, other)] {
                let service = ServiceWorld.service(index, client)
                let everything = try await service.nearestVehicles(try NearestVehiclesRequest(
                    customerId: String(customer), latitude: 46, longitude: 4))
                let expected = Set(emulator.configuration.fleet.vehicles
                    .filter { $0.customerId == customer && !$0.privacyEnabled }.map { String($0.id) })
                #expect(Set(everything.vehicles.map(\.vehicleId)) == expected)
                #expect(everything.vehicles.count == expected.count)
                let road = try await service.nearestVehicles(try NearestVehiclesRequest(
                    customerId: String(customer), latitude: ServiceWorld.paris.latitude,
                    longitude: ServiceWorld.paris.longitude, mode: .byRoad))
                #expect(!road.vehicles.isEmpty)
                #expect(road.vehicles.allSatisfy { owner[$0.vehicleId]?.customerId == customer })
            }
        }
    }

    // MARK: Classification

    static let classification: [(OceanError, RoadProviderError)] = [
        (.timeout, .timeout), (.serverError, .serverError), (.rateLimited, .rateLimited),
        (.connection, .connectionFailed), (.undecodableResponse, .invalidResponse),
        (.badCredentials, .unauthorized), (.unauthorized, .unauthorized), (.forbidden, .forbidden),
        (.badRequest, .badRequest), (.notFound, .rejected), (.unexpectedStatus, .rejected),
        (.configuration, .rejected),
    ]

    @Test(arguments: classification)
    func oceanErrorsAreClassified(_ row: (OceanError, RoadProviderError)) {
        #expect(OceanRoadProvider.classify(row.0) == row.1)
    }

    @Test func cancellationIsNotAnOutage() {
        #expect(OceanRoadProvider.classify(CancellationError()) == .cancelled)
        #expect(!RoadProviderError.cancelled.isRemoteUnavailable)
    }
}
