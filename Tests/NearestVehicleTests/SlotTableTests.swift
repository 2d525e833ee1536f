import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// The id -> slot table (`WriterState.ids` over its `IDArena`, and its per-slot columns): a slot's place must
/// follow its vehicle through loads with duplicates, customer moves, removals and re-adds (the slot is kept), and
/// rebuild installs (places rewritten by slot), so `position(forID:)`, `count`, `customerIds` and queries agree with an oracle.
@Suite struct SlotTableTests {
    @Test(arguments: [false, true])
    func placesFollowVehiclesThroughRebuilds(background: Bool) throws {
        let seed = testSeed(default: 0x5107)
        var generator = SplitMix64(seed: seed)
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 16, rebuildDeltaFraction: 0.25,
                                                     batchSliceSize: 7, rebuildsInBackground: background,
                                                     logSegmentSize: 5)
        configuration.replayUnderLockLimit = 0
        let customers = ["A", "B", "C"]
        let ids = (0..<120).map { "s\($0)" }
        let centre = Fleets.uniform(&generator)
        func vehicle(_ id: String, _ generator: inout SplitMix64) -> VehiclePosition {
            var vehicle = TestFleets.vehicle(id: id, at: Fleets.near(centre, spreadDegrees: 0.05, &generator),
                                             &generator, customers: customers)
            vehicle.timestamp = TestFleets.now.addingTimeInterval(Double(Int.random(in: -600...600, using: &generator)))
            return vehicle
        }
        // A load with duplicates (stale and equal timestamps) across customers.
        let initial = (0..<200).map { _ in vehicle(ids.randomElement(using: &generator)!, &generator) }
        var oracle = FleetOracle()
        for record in initial { _ = oracle.upsert(record) }
        let index = FleetIndex.load(initial, configuration: configuration).index
        for round in 0..<40 {
            for _ in 0..<Int.random(in: 1...30, using: &generator) {
                let id = ids.randomElement(using: &generator)!
                if Int.random(in: 0..<5, using: &generator) == 0 {
                    #expect(index.remove(id: id) == oracle.remove(id), "round \(round) \(seedNote(seed))")
                } else {
                    let record = vehicle(id, &generator)
                    _ = oracle.upsert(record)
                    index.upsert(record)
                }
            }
            if round % 10 == 9 { index.compact() }
            #expect(index.count == oracle.vehicles.count, "round \(round) \(seedNote(seed))")
            for id in ids {
                #expect(index.position(forID: id) == oracle.vehicles[id], "\(id) round \(round) \(seedNote(seed))")
            }
            #expect(index.customerIds == Set(oracle.vehicles.values.map(\.customerId)).sorted())
            for customer in customers {
                let filter = VehicleFilter(customerId: customer, includesPrivacyMode: true)
                let want = oracle.evaluate(centre, filter).nearest(15)
                #expect(try index.nearest(15, to: centre, filter: filter).rows == want, "round \(round) \(seedNote(seed))")
            }
        }
    }

    /// More customers than a 16-bit customer code holds: the per-slot customer column widens, and vehicles moved to
    /// and from customers past code 65 534 keep their customer, counts and answers.
    @Test func moreThan65535Customers() throws {
        var generator = SplitMix64(seed: testSeed(default: 0x10001))
        let customers = 65_540
        let centre = try Coordinate(latitude: 45, longitude: 5)
        let vehicles = (0..<customers).map { number in
            VehiclePosition(id: "w\(number)", coordinate: Fleets.near(centre,
                                                                       spreadDegrees: 1, &generator),
                            timestamp: TestFleets.now, customerId: "c\(number)")
        }
        let index = FleetIndex.load(vehicles).index
        #expect(index.count(customerId: "c65539") == 1)
        // w0 moves to the last customer (code 65 539), w65539 to the first, w65535 is removed, a new id joins c65536.
        var moved = vehicles[0]
        moved.customerId = "c65539"
        moved.timestamp = TestFleets.now.addingTimeInterval(1)
        var back = vehicles[65_539]
        back.customerId = "c0"
        back.timestamp = TestFleets.now.addingTimeInterval(1)
        let joined = VehiclePosition(id: "new", coordinate: centre,
                                     timestamp: TestFleets.now, customerId: "c65536")
        _ = index.upsert(contentsOf: [moved, back, joined])
        #expect(index.remove(id: "w65535"))
        #expect(index.position(forID: "w0")?.customerId == "c65539")
        #expect(index.position(forID: "w65539")?.customerId == "c0")
        #expect(index.position(forID: "new")?.customerId == "c65536")
        #expect(index.position(forID: "w65535") == nil)
        #expect(index.count(customerId: "c65539") == 1 && index.count(customerId: "c0") == 1)
        #expect(index.count(customerId: "c65535") == 0 && index.count(customerId: "c65536") == 2)
        #expect(index.count == customers)
        let ids = try index.nearest(5, to: centre,
                                    filter: VehicleFilter(customerId: "c65539")).vehicles.map(\.vehicle.id)
        #expect(ids == ["w0"])
        #expect(index.customerIds.count == customers - 1)
    }
}

