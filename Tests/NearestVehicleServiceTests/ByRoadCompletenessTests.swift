import Foundation
import Geo
import NearestVehicle
import NearestVehicleService
import Testing

/// A by-road provider that ranks a fixed list by travel time, as Ocean does, and honours the limit it is asked
/// for; records the limits asked.
final class RankedRoadProvider: RoadNearestProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var _limits: [Int] = []
    let ranked: [RoadNearestVehicle]

    init(_ ranked: [RoadNearestVehicle]) { self.ranked = ranked }

    var limits: [Int] { lock.withLock { _limits } }
    var ranking: RoadRanking { .travelTime }

    func nearestByRoad(_ query: RoadNearestQuery) async throws(RoadProviderError) -> [RoadNearestVehicle] {
        lock.withLock { _limits.append(query.resultsLimit) }
        return Array(ranked.prefix(query.resultsLimit))
    }
}

/// Issue 19: a filtered by-road answer is the first k eligible vehicles of the remote's full (10-vehicle) answer,
/// and says how complete it is. Expected answers are written out by hand from the stub's list below (not computed
/// by the code under test); lower bounds are closed forms.
@Suite struct ByRoadCompletenessTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    /// r0…r11 on the equator at longitude 0.01·(i+1)°, ranked by the remote in that order: r_i takes 60·(i+1) s
    /// and 1500·(i+1) m by road. States by the remote: r0, r10, r11 TRAVELING, the others STOPPED.
    static let remote: [RoadNearestVehicle] = (0..<12).map { (i: Int) -> RoadNearestVehicle in
        let rank = Double(i + 1)
        let state: VehicleState = [0, 10, 11].contains(i) ? .traveling : .stopped
        let coordinate = try! Coordinate(latitude: 0, longitude: 0.01 * rank)
        return RoadNearestVehicle(
            vehicleId: "r\(i)", distanceMeters: 1_500 * rank, duration: .seconds(60 * (i + 1)),
            coordinate: coordinate, positionTime: now - 60, state: state, groupId: "g", isPrivacyMode: false)
    }

    /// The index holds the remote's vehicles (same states), plus x1, TRAVELING at 0.005° east: nearest of all as
    /// the crow flies, unknown to the remote (unreachable by road).
    static func index() -> FleetIndex {
        let index = FleetIndex()
        index.upsert(contentsOf: remote.map {
            VehiclePosition(id: $0.vehicleId, coordinate: $0.coordinate!, timestamp: now - 60, customerId: "A",
                            entityId: "e", groupId: "g", state: $0.state!)
        } + [
            VehiclePosition(id: "x1", coordinate: try! Coordinate(latitude: 0, longitude: 0.005), timestamp: now - 60,
                            customerId: "A", entityId: "e", groupId: "g", state: .traveling),
        ])
        return index
    }

    static func service(_ provider: RankedRoadProvider) -> NearestVehicleService {
        NearestVehicleService(index: index(), roadProvider: provider, now: { now })
    }

    static func request(
        k: Int?, radius: Double? = nil, states: Set<VehicleState>? = nil, fill: NearestVehiclesRequest.FillPolicy = .leaveShort
    ) throws -> NearestVehiclesRequest {
        try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: radius, radiusUnit: "m", resultsLimit: k, mode: .byRoad,
            fill: fill, states: states)
    }

    @Test func aFilteredRequestAsksForTheRemotesMaximumAndKeepsTheFirstKEligible() async throws {
        let provider = RankedRoadProvider(Self.remote)
        let answer = try await Self.service(provider).nearestVehicles(try Self.request(k: 3, states: [.traveling]))
        #expect(provider.limits == [10])
        // The remote's top 10 are r0…r9: only r0 is TRAVELING (r10, r11 rank 11th and 12th).
        #expect(answer.vehicles.map(\.vehicleId) == ["r0"])
        #expect(answer.excluded.state == 9 && answer.excluded.total == 9)
        #expect(!answer.isComplete)
        let missing = try #require(answer.missing)
        // Every TRAVELING vehicle not shown takes at least as long as the remote's 10th answer (r9: 600 s);
        // ranked by travel time, no road-distance bound is claimed.
        #expect(missing.asked == 10 && missing.returned == 10 && missing.ranking == .travelTime)
        #expect(missing.travelTimeAtLeast == .seconds(600) && missing.roadDistanceAtLeastMeters == nil)
        #expect(answer.fill.isEmpty)
    }

    @Test func kEligibleFoundIsComplete() async throws {
        let provider = RankedRoadProvider(Self.remote)
        let answer = try await Self.service(provider).nearestVehicles(try Self.request(k: 1, states: [.traveling]))
        #expect(provider.limits == [10])
        #expect(answer.vehicles.map(\.vehicleId) == ["r0"] && answer.completeness == .limitReached)
        #expect(answer.excluded.total == 0)  // nothing ranked before r0
    }

    @Test func aRemoteReturningFewerThanAskedIsComplete() async throws {
        // Only r0…r2 within reach: the remote returns 3 of the 10 asked.
        let provider = RankedRoadProvider(Array(Self.remote.prefix(3)))
        let answer = try await Self.service(provider).nearestVehicles(try Self.request(k: 3, states: [.traveling]))
        #expect(answer.vehicles.map(\.vehicleId) == ["r0"])
        #expect(answer.completeness == .remoteExhausted(asked: 10, returned: 3) && answer.isComplete)
        #expect(answer.excluded.state == 2)
    }

    @Test func withoutFilterTheRemoteIsAskedForK() async throws {
        let provider = RankedRoadProvider(Self.remote)
        let answer = try await Self.service(provider).nearestVehicles(try Self.request(k: 3))
        #expect(provider.limits == [3])
        #expect(answer.vehicles.map(\.vehicleId) == ["r0", "r1", "r2"] && answer.completeness == .limitReached)
    }

    /// No filter, but the remote's first answer holds a vehicle the privacy exclusion drops: asked once more, for
    /// the maximum, rather than answering short.
    @Test func aShortUnfilteredAnswerIsAskedAgainForTheMaximum() async throws {
        var ranked = Self.remote
        ranked[1].state = .privacy
        let provider = RankedRoadProvider(ranked)
        let answer = try await Self.service(provider).nearestVehicles(try Self.request(k: 3))
        #expect(provider.limits == [3, 10])
        #expect(answer.vehicles.map(\.vehicleId) == ["r0", "r2", "r3"] && answer.completeness == .limitReached)
        #expect(answer.excluded.privacyMode == 1)
    }

    /// The radius applies to the road distance: r0 (1500 m) and r1 (3000 m) within 3 km; the remote returns all
    /// 12 regardless (a remote rounding up), so r2… are dropped as beyond the radius, not counted as excluded.
    @Test func resultsBeyondTheRadiusAreDroppedNotExcluded() async throws {
        let provider = RankedRoadProvider(Self.remote)
        let answer = try await Self.service(provider).nearestVehicles(try Self.request(k: 3, radius: 3_000))
        #expect(answer.vehicles.map(\.vehicleId) == ["r0", "r1"] && answer.excluded.total == 0)
        // Asked 3, got 3 (r2 beyond the radius): asked again for 10, still two within 3 km, and the remote
        // returned every vehicle asked: incomplete by the rule (the remote may rank a nearer-by-road vehicle later).
        #expect(provider.limits == [3, 10])
        #expect(!answer.isComplete)
    }

    @Test func fillCrowAppendsTheNearestEligibleVehiclesTheRemoteDidNotReturn() async throws {
        let provider = RankedRoadProvider(Self.remote)
        let answer = try await Self.service(provider).nearestVehicles(
            try Self.request(k: 3, states: [.traveling], fill: .crowFlies))
        #expect(answer.vehicles.map(\.vehicleId) == ["r0"])
        // TRAVELING in the index, not in the remote's answer (r0…r9), nearest as the crow flies: x1 (0.005°),
        // then r10 (0.11°); r11 (0.12°) is not needed.
        #expect(answer.fill.map(\.vehicleId) == ["x1", "r10"])
        #expect(answer.fill.allSatisfy { $0.mode == .crowFlies && $0.distanceSource == .localHaversine })
        #expect(answer.fill.allSatisfy { $0.travelTimeAtLeast == .seconds(600) })
        // Along the equator the WGS84 geodesic is the equator's arc, a·Δλ (a = 6 378 137 m): 556.597 m for 0.005°,
        // 12 245.144 m for 0.11°; the sphere's haversine (R = 6 371 008.8 m) is shorter: 555.975 m, 12 231.459 m.
        let x1 = answer.fill[0], r10 = answer.fill[1]
        let degree: Double = .pi / 180
        let x1Bound: Double = try #require(x1.roadDistanceAtLeastMeters)
        let r10Bound: Double = try #require(r10.roadDistanceAtLeastMeters)
        #expect(abs(x1Bound - 6_378_137 * 0.005 * degree) < 1e-6)
        #expect(abs(r10Bound - 6_378_137 * 0.11 * degree) < 1e-6)
        #expect(abs(x1.distanceMeters - 6_371_008.8 * 0.005 * degree) < 1e-6)
        #expect(answer.vehicles.allSatisfy { $0.roadDistanceAtLeastMeters == nil && $0.travelTimeAtLeast == nil })
        // A complete answer is never filled.
        let complete = try await Self.service(RankedRoadProvider(Self.remote)).nearestVehicles(
            try Self.request(k: 1, states: [.traveling], fill: .crowFlies))
        #expect(complete.fill.isEmpty)
    }

    /// A vehicle neither the remote nor the index describes is counted under the unknown reasons, not as failing.
    @Test func unknownFieldsAreCountedApart() async throws {
        let ghost = RoadNearestVehicle(vehicleId: "ghost", distanceMeters: 100, duration: .seconds(10))
        let provider = RankedRoadProvider([ghost] + Self.remote)
        let service = Self.service(provider)
        func excluded(_ request: NearestVehiclesRequest) async throws -> ExclusionCounts {
            try await service.nearestVehicles(request).excluded
        }
        let base = (customerId: "A", latitude: 0.0, longitude: 0.0)
        let byState = try await excluded(try Self.request(k: 1, states: [.traveling]))
        #expect(byState.unknownState == 1 && byState.state == 0)
        let byEntity = try await excluded(try NearestVehiclesRequest(
            customerId: base.customerId, latitude: base.latitude, longitude: base.longitude, resultsLimit: 1,
            mode: .byRoad, entityIds: ["e"]))
        #expect(byEntity.unknownEntity == 1 && byEntity.entity == 0)
        let byGroup = try await excluded(try NearestVehiclesRequest(
            customerId: base.customerId, latitude: base.latitude, longitude: base.longitude, resultsLimit: 1,
            mode: .byRoad, groupIds: ["g"]))
        #expect(byGroup.unknownGroup == 1 && byGroup.group == 0)
        let byAge = try await excluded(try NearestVehiclesRequest(
            customerId: base.customerId, latitude: base.latitude, longitude: base.longitude, resultsLimit: 1,
            mode: .byRoad, maxPositionAge: 3_600))
        #expect(byAge.unknownPositionTime == 1 && byAge.positionAge == 0)
        // A vehicle the index knows is judged on the index's values: a known STOPPED is "another state".
        var stopped = Self.remote[1]
        stopped.state = nil
        let known = try await Self.service(RankedRoadProvider([stopped])).nearestVehicles(
            try Self.request(k: 1, states: [.traveling]))
        #expect(known.excluded.state == 1 && known.excluded.unknownState == 0)
    }

    @Test func crowFliesAnswersAreExact() async throws {
        let answer = try await Self.service(RankedRoadProvider([])).nearestVehicles(try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, resultsLimit: 2))
        #expect(answer.completeness == .exact && answer.isComplete && answer.fill.isEmpty)
    }
}
