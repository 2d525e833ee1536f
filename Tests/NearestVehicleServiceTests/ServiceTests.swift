import Foundation
import Geo
import NearestVehicle
import NearestVehicleService
import Proj
import Testing

/// A by-road provider that answers what the test says and records the queries it gets.
final class StubRoadProvider: RoadNearestProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var _queries: [RoadNearestQuery] = []
    let answer: Result<[RoadNearestVehicle], RoadProviderError>

    init(_ answer: Result<[RoadNearestVehicle], RoadProviderError>) {
        self.answer = answer
    }

    var queries: [RoadNearestQuery] {
        lock.withLock { _queries }
    }

    func nearestByRoad(_ query: RoadNearestQuery) async throws(RoadProviderError) -> [RoadNearestVehicle] {
        lock.withLock { _queries.append(query) }
        return try answer.get()
    }
}

/// NearestVehicleService over a hand-built fleet on the equator, with a stub provider for by-road answers.
///
/// Expected distances are closed forms, not the index's output: on the sphere (R = 6 371 008.8 m) an arc of Δ
/// degrees along the equator or a meridian is R·Δ·π/180 (0.01° = 1111.9508 m, 0.02° = 2223.9016 m,
/// 0.03° = 3335.8524 m); on WGS84, PROJ's `geod -I +ellps=WGS84` gives 1105.743 m for 0.01° of meridian and
/// 2226.390 m for 0.02° of equator.
@Suite struct ServiceTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let origin = try! Coordinate(latitude: 0, longitude: 0)
    static let mile = 1_609.344

    static func fleet() -> FleetIndex {
        func at(_ latitude: Double, _ longitude: Double) -> Coordinate {
            try! Coordinate(latitude: latitude, longitude: longitude)
        }
        let index = FleetIndex()
        index.upsert(contentsOf: [
            VehiclePosition(id: "v1", coordinate: at(0.01, 0), timestamp: now - 60, customerId: "A",
                            entityId: "e1", groupId: "g1", state: .traveling),
            VehiclePosition(id: "v2", coordinate: at(0, 0.02), timestamp: now - 120, customerId: "A",
                            entityId: "e2", groupId: "g2", state: .stopped),
            VehiclePosition(id: "v3", coordinate: at(-0.03, 0), timestamp: now - 30, customerId: "A",
                            entityId: "e1", groupId: "g1", state: .traveling),
            VehiclePosition(id: "p", coordinate: at(0.005, 0), timestamp: now, customerId: "A", isPrivacyMode: true),
            VehiclePosition(id: "b1", coordinate: at(0.001, 0), timestamp: now, customerId: "B"),
        ])
        return index
    }

    static let directory: [String: VehicleDetails] = [
        "v1": VehicleDetails(name: "Kangoo 1", registration: "AB-001-CD",
                             driver: .init(id: "7", firstName: "Léa", lastName: "Martin")),
        "v2": VehicleDetails(name: "Partner 2", registration: "AB-002-CD"),
    ]

    static func service(_ provider: (any RoadNearestProvider)? = nil) -> NearestVehicleService {
        NearestVehicleService(
            index: fleet(), roadProvider: provider, details: { directory[$0] }, now: { now })
    }

    // MARK: Crow-flies

    @Test func crowFliesFromTheIndexInTheRequestedUnit() async throws {
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: 2.5, radiusUnit: "km")
        let answer = try await Self.service().nearestVehicles(request)
        #expect(answer.vehicles.map(\.vehicleId) == ["v1", "v2"])  // v3 beyond 2.5 km, p private, b1 customer B
        #expect(answer.mode == .crowFlies && answer.requestedMode == .crowFlies && !answer.isDegraded)
        #expect(answer.excluded.privacyMode == 1 && answer.excluded.total == 1)
        let v1 = answer.vehicles[0], v2 = answer.vehicles[1]
        #expect(abs(v1.distanceMeters - 1_111.950_802_335_329) < 1e-6)
        #expect(abs(v2.distanceMeters - 2_223.901_604_670_658) < 1e-6)
        #expect(abs(v1.distance - 1.111_950_802_335_329) < 1e-9)  // km
        #expect(answer.unit.identifier == "EPSG:9036")
        #expect(v1.positionAge == 60 && v2.positionAge == 120)
        #expect(v1.positionTime == Self.now - 60)
        #expect(v1.coordinate == (try Coordinate(latitude: 0.01, longitude: 0)))
        #expect(v1.state == .traveling && v1.groupId == "g1" && v1.entityId == "e1")
        #expect(v1.details == Self.directory["v1"] && v2.details.registration == "AB-002-CD")
        #expect(v1.duration == nil && v1.eta == nil && v1.durationSource == nil)
        #expect(v1.distanceSource == .localHaversine && v1.positionSource == .localIndex && v1.mode == .crowFlies)
    }

    @Test func crowFliesInMilesWithALimit() async throws {
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: 5, radiusUnit: "mi", resultsLimit: 2)
        let answer = try await Self.service().nearestVehicles(request)
        #expect(answer.vehicles.map(\.vehicleId) == ["v1", "v2"])
        #expect(abs(answer.vehicles[0].distance - 1_111.950_802_335_329 / Self.mile) < 1e-9)
        #expect(abs(answer.vehicles[1].distance - 1.381_868_391_512_727) < 1e-9)
    }

    @Test func crowFliesWithoutRadiusOrLimitReturnsTheWholeCustomerFleet() async throws {
        let request = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, includesPrivacyMode: true)
        let answer = try await Self.service().nearestVehicles(request)
        #expect(answer.vehicles.map(\.vehicleId) == ["p", "v1", "v2", "v3"])
        #expect(abs(answer.vehicles[3].distanceMeters - 3_335.852_407_005_987) < 1e-6)
    }

    @Test func exactWGS84RanksByTheGeodesic() async throws {
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: 2_500, radiusUnit: "m", exactWGS84: true)
        let answer = try await Self.service().nearestVehicles(request)
        #expect(answer.vehicles.map(\.vehicleId) == ["v1", "v2"])
        #expect(abs(answer.vehicles[0].distanceMeters - 1_105.743) < 1e-3)  // geod
        #expect(abs(answer.vehicles[1].distanceMeters - 2_226.390) < 1e-3)  // geod
        #expect(answer.vehicles.allSatisfy { $0.distanceSource == .localWGS84Geodesic })
    }

    @Test func filtersReachTheIndex() async throws {
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, groupIds: ["g1"], states: [.traveling], maxPositionAge: 45)
        let answer = try await Self.service().nearestVehicles(request)
        #expect(answer.vehicles.map(\.vehicleId) == ["v3"])  // v1 is 60 s old, v2 in g2 and stopped
        #expect(answer.excluded.state == 1 && answer.excluded.positionAge == 1 && answer.excluded.privacyMode == 1)
    }

    @Test func tenantsAreIsolated() async throws {
        let a = try await Self.service().nearestVehicles(
            try NearestVehiclesRequest(customerId: "A", latitude: 0.001, longitude: 0, resultsLimit: 10))
        #expect(!a.vehicles.contains { $0.vehicleId == "b1" })
        let b = try await Self.service().nearestVehicles(
            try NearestVehiclesRequest(customerId: "B", latitude: 0, longitude: 0, resultsLimit: 10))
        #expect(b.vehicles.map(\.vehicleId) == ["b1"])
        let nobody = try await Self.service().nearestVehicles(
            try NearestVehiclesRequest(customerId: "Z", latitude: 0, longitude: 0))
        #expect(nobody.vehicles.isEmpty)
    }

    // MARK: By road

    static let eta = Date(timeIntervalSince1970: 1_750_000_300)

    static let roadAnswer: [RoadNearestVehicle] = [
        RoadNearestVehicle(
            vehicleId: "v2", distanceMeters: 3_000, duration: .seconds(240), eta: eta,
            coordinate: try! Coordinate(latitude: 0, longitude: 0.02), positionTime: now - 90, state: .stopped,
            groupId: "g2", isPrivacyMode: false,
            details: VehicleDetails(name: "Remote name", driver: .init(firstName: "Hugo"))),
        RoadNearestVehicle(vehicleId: "v1", distanceMeters: 8_046.72, duration: .seconds(600)),
        // Beyond 5 mi (8046.72 m) by 0.28 m: a remote rounding the radius up to whole metres returns it.
        RoadNearestVehicle(vehicleId: "v3", distanceMeters: 8_047),
    ]

    @Test func byRoadMapsTheRemoteAnswer() async throws {
        let provider = StubRoadProvider(.success(Self.roadAnswer))
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: 5, radiusUnit: "mi", mode: .byRoad)
        let answer = try await Self.service(provider).nearestVehicles(request)
        let query = try #require(provider.queries.first)
        #expect(provider.queries.count == 1)
        #expect(query.customerId == "A" && query.point == Self.origin && query.resultsLimit == 10)
        #expect(abs(try #require(query.radiusMeters) - 8_046.72) < 1e-9)

        #expect(answer.mode == .byRoad && answer.requestedMode == .byRoad && !answer.isDegraded)
        #expect(answer.vehicles.map(\.vehicleId) == ["v2", "v1"])  // remote order kept; v3 beyond the radius
        let v2 = answer.vehicles[0], v1 = answer.vehicles[1]
        #expect(v2.distanceMeters == 3_000 && abs(v2.distance - 3_000 / Self.mile) < 1e-12)
        #expect(v1.distanceMeters == 8_046.72 && abs(v1.distance - 5) < 1e-12)  // radius inclusive
        #expect(v2.duration == .seconds(240) && v2.eta == Self.eta)
        #expect(v2.positionTime == Self.now - 90 && v2.positionAge == 90)
        #expect(v2.state == .stopped && v2.groupId == "g2" && v2.entityId == "e2")  // entity from the index
        #expect(v2.coordinate == (try Coordinate(latitude: 0, longitude: 0.02)))
        // Remote details win; the lookup fills what the remote lacks (the plate).
        #expect(v2.details == VehicleDetails(name: "Remote name", registration: "AB-002-CD", driver: .init(firstName: "Hugo")))
        #expect(v2.distanceSource == .remoteRoad && v2.durationSource == .remoteRoad && v2.positionSource == .remote)
        #expect(v2.mode == .byRoad)
        // A remote result without fix time has no age; without duration/eta no duration source.
        #expect(v1.positionTime == nil && v1.positionAge == nil && v1.eta == nil && v1.durationSource == .remoteRoad)
        #expect(v1.details == Self.directory["v1"])
    }

    @Test func byRoadAppliesTheFiltersToTheRemoteAnswer() async throws {
        let provider = StubRoadProvider(.success(Self.roadAnswer))
        let byState = try await Self.service(provider).nearestVehicles(
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, mode: .byRoad, states: [.stopped]))
        // v1 and v3 come without a state from the remote: the index's state (traveling) decides.
        #expect(byState.vehicles.map(\.vehicleId) == ["v2"] && byState.excluded.state == 2)
        let byEntity = try await Self.service(provider).nearestVehicles(
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, mode: .byRoad, entityIds: ["e1"]))
        #expect(byEntity.vehicles.map(\.vehicleId) == ["v1", "v3"] && byEntity.excluded.entity == 1)
        let byAge = try await Self.service(provider).nearestVehicles(
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, mode: .byRoad, maxPositionAge: 45))
        // v2: remote fix 90 s old; v1: index fix 60 s old; v3: index fix 30 s old.
        #expect(byAge.vehicles.map(\.vehicleId) == ["v3"] && byAge.excluded.positionAge == 2)
    }

    /// Regression (review 2026-11-27): a by-road result in the PRIVACY state with no privacy flag, for a vehicle the
    /// index does not hold yet, was returned although privacy-mode vehicles are excluded by default.
    @Test func byRoadPrivacyStateExcludesTheVehicle() async throws {
        let provider = StubRoadProvider(.success([
            RoadNearestVehicle(vehicleId: "new", distanceMeters: 500, state: .privacy, isPrivacyMode: nil),
            RoadNearestVehicle(vehicleId: "v2", distanceMeters: 3_000),
        ]))
        let request = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, mode: .byRoad)
        let answer = try await Self.service(provider).nearestVehicles(request)
        #expect(answer.vehicles.map(\.vehicleId) == ["v2"] && answer.excluded.privacyMode == 1)
        let included = try await Self.service(provider).nearestVehicles(
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, mode: .byRoad,
                                       includesPrivacyMode: true))
        #expect(included.vehicles.map(\.vehicleId) == ["new", "v2"])
    }

    @Test func byRoadPassesTheLimitOn() async throws {
        let provider = StubRoadProvider(.success(Self.roadAnswer))
        let answer = try await Self.service(provider).nearestVehicles(
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 1, mode: .byRoad))
        #expect(provider.queries.first?.resultsLimit == 1 && provider.queries.first?.radiusMeters == nil)
        #expect(answer.vehicles.map(\.vehicleId) == ["v2"])  // a provider returning more is cut to the limit
    }

    // MARK: Fallback

    static let unavailable: [RoadProviderError] = [
        .timeout, .serverError, .rateLimited, .connectionFailed, .invalidResponse, .notConfigured,
    ]
    static let rejected: [RoadProviderError] = [.unauthorized, .forbidden, .badRequest, .cancelled, .rejected]

    @Test(arguments: unavailable)
    func unavailableRemoteFailsUnderTheFailPolicy(_ failure: RoadProviderError) async throws {
        #expect(failure.isRemoteUnavailable)
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: 2.5, mode: .byRoad, fallback: .fail)
        do {
            _ = try await Self.service(StubRoadProvider(.failure(failure))).nearestVehicles(request)
            Issue.record("answered despite \(failure)")
        } catch {
            #expect(error == .remoteUnavailable)
            #expect(error.providerError == failure)
        }
    }

    @Test(arguments: unavailable)
    func unavailableRemoteDegradesToCrowFliesWhenAllowed(_ failure: RoadProviderError) async throws {
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: 2.5, resultsLimit: 1, mode: .byRoad,
            fallback: .crowFlies)
        let answer = try await Self.service(StubRoadProvider(.failure(failure))).nearestVehicles(request)
        #expect(answer.isDegraded && answer.degradation?.reason == failure)
        #expect(answer.requestedMode == .byRoad && answer.mode == .crowFlies)
        #expect(answer.vehicles.map(\.vehicleId) == ["v1"])  // the by-road limit (1) and radius (2.5 km) apply
        #expect(answer.vehicles.allSatisfy { $0.mode == .crowFlies && $0.distanceSource == .localHaversine })
        #expect(abs(answer.vehicles[0].distanceMeters - 1_111.950_802_335_329) < 1e-6)
        #expect(answer.degradation?.description.contains("crow-flies") == true)
    }

    @Test func noProviderIsUnavailable() async throws {
        let failing = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, mode: .byRoad)
        await #expect(throws: NearestVehicleServiceError.remoteUnavailable) {
            try await Self.service(nil).nearestVehicles(failing)
        }
        let degrading = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, mode: .byRoad, fallback: .crowFlies)
        let answer = try await Self.service(nil).nearestVehicles(degrading)
        #expect(answer.degradation?.reason == .notConfigured)
        #expect(answer.vehicles.map(\.vehicleId) == ["v1", "v2", "v3"])  // default by-road limit 10
    }

    @Test(arguments: rejected)
    func rejectedRemoteNeverFallsBack(_ failure: RoadProviderError) async throws {
        #expect(!failure.isRemoteUnavailable)
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, mode: .byRoad, fallback: .crowFlies)
        do {
            _ = try await Self.service(StubRoadProvider(.failure(failure))).nearestVehicles(request)
            Issue.record("answered despite \(failure)")
        } catch {
            #expect(error == .remoteRejected)
            #expect(error.providerError == failure)
        }
    }

    @Test func crowFliesNeverCallsTheProvider() async throws {
        let provider = StubRoadProvider(.failure(.timeout))
        let answer = try await Self.service(provider).nearestVehicles(
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 1))
        #expect(provider.queries.isEmpty && answer.vehicles.map(\.vehicleId) == ["v1"])
    }
}
