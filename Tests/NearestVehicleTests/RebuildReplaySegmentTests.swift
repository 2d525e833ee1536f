import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// A writer that outpaces the background rebuilds: each rebuild replays a long backlog into its fresh log, which is
/// then indexed as segments while writes go on. Answers after the writes (no quiet compaction, so the segmented logs
/// are what queries search) equal the brute-force oracle's.
@Suite struct RebuildReplaySegmentTests {
    @Test func replayedBacklogIsSegmentedAndExact() throws {
        let seed = testSeed(default: 0x5E6_BAC)
        var generator = SplitMix64(seed: seed)
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 64, rebuildDeltaFraction: 0.01,
                                                     batchSliceSize: 50, logSegmentSize: 16)
        configuration.quietCompactionDelay = nil
        let vehicles = TestFleets.fleet("clustered", count: 2_000, &generator, customers: ["A"])
        let index = FleetIndex.load(vehicles, configuration: configuration).index
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        for round in 1...120 {
            let batch = (0..<100).map { _ in
                var copy = vehicles[Int(generator.next() % UInt64(vehicles.count))]
                copy.timestamp = copy.timestamp.addingTimeInterval(Double(round))
                copy.coordinate = Fleets.uniform(&generator)
                return copy
            }
            index.upsert(contentsOf: batch)
            for vehicle in batch { oracle.upsert(vehicle) }
        }
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now, includesPrivacyMode: true)
        for point in Fleets.queries(for: vehicles.map(\.coordinate), count: 40, &generator) {
            let want = oracle.evaluate(point, filter)
            #expect(try index.nearest(10, to: point, filter: filter).rows == want.nearest(10), "\(seedNote(seed))")
            #expect(try index.within(300_000, of: point, filter: filter).rows == want.within(300_000),
                    "\(seedNote(seed))")
        }
        index.compact()
        #expect(index.logShape(customerId: "A") == (segments: 0, logEntries: 0))
        #expect(index.count == 2_000)  // moves only: every id is still held once
    }
}
