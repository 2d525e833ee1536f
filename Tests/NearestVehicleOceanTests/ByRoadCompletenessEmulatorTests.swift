import Foundation
import Geo
import NearestVehicleOcean
import OceanEmulator
import Testing
import TestSupport

/// Issue 19 against the emulator: for seeded random points, filters and limits, a by-road answer is "Ocean's own
/// PAR_ROUTE top 10 (fetched directly with the client), filtered by this test, first k", and it is complete
/// exactly when k were found or Ocean returned fewer than 10.
@Suite struct ByRoadCompletenessEmulatorTests {
    static let cities: [(Double, Double)] = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698)]
    static let states = ["TRAVELING", "STOPPED", "WAITING", "START_ACTION"]

    @Test func filteredByRoadAnswersAreTheFirstKEligibleOfOceansTop10() async throws {
        let seed = testSeed(default: 19)
        let emulator = ServiceWorld.emulator(vehicles: 240)
        try await emulator.withRunningServer { url in
            var random = SplitMix64(seed: seed)
            let client = ServiceWorld.client(url)
            let index = FleetIndex()
            try await ServiceWorld.load(client, customerId: 1001, into: index)
            let service = ServiceWorld.service(index, client)
            var outcomes = (complete: 0, incomplete: 0, exhausted: 0)
            for round in 0..<36 {
                let city = Self.cities[round % Self.cities.count]
                let latitude = city.0 + (Double(random.next() % 1_000) / 1_000 - 0.5) * 0.1
                let longitude = city.1 + (Double(random.next() % 1_000) / 1_000 - 0.5) * 0.1
                let k = Int(random.next() % 10) + 1
                // Half the rounds filter by one or two states, a third by age, some by both; a few small radii.
                let states: Set<String>? = random.next() % 2 == 0
                    ? Set((0..<Int(random.next() % 2 + 1)).map { _ in Self.states[Int(random.next() % 4)] }) : nil
                let maxAge: Double? = random.next() % 3 == 0 ? [600.0, 1_800][Int(random.next() % 2)] : nil
                let radiusKm: Double? = random.next() % 4 == 0 ? [1.0, 3][Int(random.next() % 2)] : nil
                let note = "round \(round): \(latitude),\(longitude) k \(k) states \(states ?? []) age \(maxAge as Any) "
                    + "radius \(radiusKm as Any); \(seedNote(seed))"

                let answer = try await service.nearestVehicles(try NearestVehiclesRequest(
                    customerId: "1001", latitude: latitude, longitude: longitude, radius: radiusKm, radiusUnit: "km",
                    resultsLimit: k, mode: .byRoad, states: states.map { Set($0.map { VehicleState($0) }) },
                    maxPositionAge: maxAge))

                // Ocean's own top 10, asked directly (radius in whole metres, rounded up, then cut exactly).
                let top10 = try await client.nearestVehicles(
                    NearestVehiclesQuery(latitude: latitude, longitude: longitude, mode: .byRoad,
                                         radius: radiusKm.map { Int32(($0 * 1_000).rounded(.up)) },
                                         radiusUnit: "M", resultsLimit: 10),
                    customerId: 1001)
                let eligible = top10.filter { vehicle in
                    guard let distance = vehicle.distance, distance <= (radiusKm.map { $0 * 1_000 } ?? .infinity)
                    else { return false }
                    if let states, !states.contains(vehicle.state?.rawValue ?? "") { return false }
                    if let maxAge, let time = vehicle.positionTime,
                       ServiceWorld.referenceDate.timeIntervalSince(time) > maxAge { return false }
                    return true
                }
                let expected = eligible.prefix(k).map { String($0.vehicleId!) }
                #expect(answer.vehicles.map(\.vehicleId) == expected, "\(note)")
                let complete = expected.count >= k || top10.count < 10
                #expect(answer.isComplete == complete, "\(note): \(answer.completeness)")
                if !complete {
                    outcomes.incomplete += 1
                    // The bound is Ocean's 10th answer's travel time.
                    #expect(answer.missing?.travelTimeAtLeast == top10.last?.duration, "\(note)")
                } else if expected.count < k {
                    outcomes.exhausted += 1
                } else {
                    outcomes.complete += 1
                }
            }
            // The seed must exercise each case, or the test proves nothing about it.
            #expect(outcomes.complete > 0 && outcomes.incomplete > 0, "\(outcomes); \(seedNote(seed))")
        }
    }
}
