import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// `FleetIndex.count(customerId:)` (kept by writers, O(1)) against a plain replay of who holds which id, through
/// loads, inserts, stale updates, moves between customers and removals.
@Suite struct CustomerCountTests {
    @Test func countsFollowEveryWrite() throws {
        let seed = testSeed(default: 0xC0_07)
        var generator = SplitMix64(seed: seed)
        let customers = ["A", "B", "C"]
        let centre = Fleets.uniform(&generator)
        func vehicle(_ id: String, age: Double) -> VehiclePosition {
            var vehicle = TestFleets.vehicle(
                id: id, at: Fleets.near(centre, spreadDegrees: 0.1, &generator), &generator, customers: customers)
            vehicle.timestamp = TestFleets.now.addingTimeInterval(-age)
            return vehicle
        }
        let loaded = (0..<400).map { vehicle("id\($0 % 300)", age: Double($0 % 7)) }
        var holder: [String: String] = [:]  // id -> customer of its newest record
        var newest: [String: Date] = [:]
        for record in loaded where record.timestamp >= newest[record.id] ?? .distantPast {
            holder[record.id] = record.customerId
            newest[record.id] = record.timestamp
        }
        let (index, _) = FleetIndex.load(loaded, configuration: .init(minimumRebuildDelta: 16))
        func check(_ step: Int) {
            for customer in customers + ["never-seen"] {
                let expected = holder.values.filter { $0 == customer }.count
                #expect(index.count(customerId: customer) == expected, "step \(step) \(customer) \(seedNote(seed))")
            }
        }
        check(-1)
        for step in 0..<600 {
            let id = "id\(Int.random(in: 0..<350, using: &generator))"
            if Int.random(in: 0..<5, using: &generator) == 0 {
                if index.remove(id: id) { holder[id] = nil; newest[id] = nil }
            } else {
                let record = vehicle(id, age: Double(Int.random(in: -20...20, using: &generator)))
                if record.timestamp >= newest[id] ?? .distantPast {
                    holder[id] = record.customerId
                    newest[id] = record.timestamp
                }
                _ = index.upsert(record)
            }
            if step % 10 == 0 { check(step) }
        }
        check(600)
        index.compact()
        check(601)
    }
}
