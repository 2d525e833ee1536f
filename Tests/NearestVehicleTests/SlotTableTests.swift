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
}
