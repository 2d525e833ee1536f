import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// A depot in a FleetIndex: hundreds of vehicles at one coordinate, whose base tree holds them as a stack in id
/// order (KDTree stacks). Reference by hand: every vehicle at the depot is at distance 0, so the answer is the ids
/// in UTF-8 byte order, minus those moved away or filtered out, first 10.
@Suite struct DepotStackTests {
    @Test func depotAnswersTheSmallestIdsStillThere() throws {
        let depot = try Coordinate(latitude: 45.75, longitude: 4.85)
        let away = try Coordinate(latitude: 46.2, longitude: 5.3)
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        var generator = SplitMix64(seed: testSeed(default: 0xDE90))
        // "d10" < "d9" in bytes: load order, numeric order and id order all differ.
        let ids = (0..<400).map { "d\($0)" }.shuffled(using: &generator)
        var vehicles = ids.map { id in
            VehiclePosition(id: id, coordinate: depot, timestamp: now, customerId: "A", state: .stopped)
        }
        for number in 0..<100 {
            vehicles.append(VehiclePosition(id: "n\(number)", coordinate: Fleets.near(depot, spreadDegrees: 0.01, &generator),
                                            timestamp: now, customerId: "A", state: .stopped))
        }
        vehicles.shuffle(using: &generator)
        let index = FleetIndex.load(vehicles).index
        let byBytes = ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let all = VehicleFilter(customerId: "A", now: now)
        let first = try index.nearest(10, to: depot, filter: all).vehicles
        #expect(first.map(\.vehicle.id) == Array(byBytes.prefix(10)))
        #expect(first.allSatisfy { $0.distanceMeters == 0 })

        // The seven smallest ids drive away (their base entries are superseded), the next five break down.
        for id in byBytes.prefix(7) {
            index.upsert(VehiclePosition(id: id, coordinate: away, timestamp: now + 1, customerId: "A", state: .stopped))
        }
        for id in byBytes[7..<12] {
            index.upsert(VehiclePosition(id: id, coordinate: depot, timestamp: now + 1, customerId: "A",
                                         state: .outOfOrder))
        }
        let stopped = VehicleFilter(customerId: "A", states: [.stopped], now: now + 2)
        let later = try index.nearest(10, to: depot, filter: stopped).vehicles
        #expect(later.map(\.vehicle.id) == Array(byBytes[12..<22]))
        let withBroken = try index.nearest(10, to: depot, filter: VehicleFilter(customerId: "A", now: now + 2)).vehicles
        #expect(withBroken.map(\.vehicle.id) == Array(byBytes[7..<17]))
        // k beyond the depot: all 393 still there (by id), then the vehicles around it, nearest first.
        let many = try index.nearest(450, to: depot, filter: all).vehicles
        #expect(many.prefix(393).map(\.vehicle.id) == Array(byBytes.dropFirst(7)))
        #expect(many.dropFirst(393).allSatisfy { $0.vehicle.id.hasPrefix("n") && $0.distanceMeters > 0 })
    }
}
