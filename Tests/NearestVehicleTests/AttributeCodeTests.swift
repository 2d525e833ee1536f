import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// A base stores each vehicle's (entity, group, state, privacy) as one attribute code: 16 bits while it has at most
/// 65 536 distinct tuples, 32 beyond; and its timestamps as 32-bit whole seconds when they all are, else as
/// `Double`s. Every combination filters (maximum age included), counts exclusions and reports attributes and
/// timestamps as the brute-force oracle (which evaluates the filter on each `VehiclePosition`).
@Suite struct AttributeCodeTests {
    @Test(arguments: [2_000, 70_000], [false, true])
    func filtersMatchOracleAtBothCodeWidths(distinctEntities: Int, fractionalSeconds: Bool) throws {
        let seed = testSeed(default: 0xA77_C0DE &+ UInt64(distinctEntities))
        var generator = SplitMix64(seed: seed)
        let states: [VehicleState] = [.stopped, .traveling, .waiting, "CUSTOM_STATE"]
        let centre = Fleets.uniform(&generator)
        // 70 000 vehicles; with 70 000 distinct entities, 69 306 have their own (entity, ...) tuple: more than 65 536,
        // so that base stores 32-bit codes; with 2 000 entities it stores 16-bit ones.
        let vehicles = (0..<70_000).map { number in
            VehiclePosition(
                id: "v\(number)", coordinate: Fleets.near(centre, spreadDegrees: 2, &generator),
                timestamp: TestFleets.now.addingTimeInterval(-Double(number % 900) - (fractionalSeconds ? 0.001 : 0)),
                customerId: "A",
                entityId: number % 101 == 0 ? nil : "e\(number % distinctEntities)",
                groupId: number % 13 == 0 ? nil : "g\(number % 7)", state: states[number % states.count],
                isPrivacyMode: number % 5 == 0)
        }
        let index = FleetIndex.load(vehicles).index
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        let filters = [
            VehicleFilter(customerId: "A", now: TestFleets.now),
            VehicleFilter(customerId: "A", entityIds: ["e3", "e4", "e69999", "e1999"], now: TestFleets.now,
                          includesPrivacyMode: true),
            VehicleFilter(customerId: "A", groupIds: ["g2", "g5"], states: [.traveling, "CUSTOM_STATE"],
                          maxPositionAge: 600, now: TestFleets.now),
            VehicleFilter(customerId: "A", entityIds: ["e12"], groupIds: ["g5"], now: TestFleets.now,
                          includesPrivacyMode: true),
        ]
        for (number, point) in Fleets.queries(for: vehicles.map(\.coordinate), count: 6, &generator).enumerated() {
            for (filterNumber, filter) in filters.enumerated() {
                let want = oracle.evaluate(point, filter)
                let nearest = try index.nearest(10, to: point, filter: filter)
                #expect(nearest.rows == want.nearest(10), "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                #expect(nearest.excluded == want.nearestExclusions(10),
                        "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                let within = try index.within(20_000, of: point, filter: filter)
                #expect(within.rows == want.within(20_000), "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                #expect(within.excluded == want.exclusions(20_000),
                        "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                // Every attribute read back from the columns is the one upserted.
                for answer in nearest.vehicles {
                    let original = vehicles[Int(answer.vehicle.id.dropFirst())!]
                    #expect(answer.vehicle == original, "\(answer.vehicle.id) \(seedNote(seed))")
                }
            }
        }
    }
}
