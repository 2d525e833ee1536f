import Dispatch
import Foundation
import Geo
@testable import NearestVehicle
import Testing
import TestSupport

/// A writer that outpaces the rebuilds (issue 21 item 2): every entry written while a rebuild builds its tree is
/// replayed onto the fresh log. Before, that backlog was installed unsegmented and indexed only afterwards, by a
/// segment build that the next rebuild's install dropped, so an unpaced writer kept tens of thousands of log entries
/// unsegmented (queries scan those one by one). Now the rebuild indexes the backlog before it installs: counted here
/// through the diagnostic (`unsegmentedLogEntries`), at the rebuild's own events, not timed. And the backlog is indexed
/// once: the rebuild cuts its snapshot where the segments end, so the writers' segments cover exactly what it replays
/// and its fresh log takes them over (`indexedLogEntries`: nothing indexed by the rebuild).
@Suite struct LogSegmentationTests {
    @Test func backlogWrittenDuringARebuildIsInstalledSegmented() throws {
        let seed = testSeed(default: 0x5E6_0021)
        var generator = SplitMix64(seed: seed)
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 256, rebuildDeltaFraction: 0,
                                                     batchSliceSize: 100, logSegmentSize: 64)
        configuration.quietCompactionDelay = nil
        let vehicles = TestFleets.fleet("clustered", count: 2_000, &generator, customers: ["A"])
        let index = FleetIndex.load(vehicles, configuration: configuration).index
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }

        // The first rebuild stops once its tree is built until the backlog is written; the install is reported.
        let built = DispatchSemaphore(value: 0), proceed = DispatchSemaphore(value: 0)
        let installed = DispatchSemaphore(value: 0)
        let unsegmentedAtInstall = LockedState<[Int]>([])
        let first = LockedState(true)
        index.rebuildObserver.withLock { observer in
            observer = { event, customerId in
                switch event {
                case .built:
                    if first.withLock({ isFirst in defer { isFirst = false }; return isFirst }) {
                        built.signal()
                        proceed.wait()
                    }
                case .installed:
                    unsegmentedAtInstall.withLock { $0.append(index.unsegmentedLogEntries(customerId: customerId)) }
                    installed.signal()
                }
            }
        }
        var round = 0.0
        func write(_ count: Int) {
            round += 1
            let batch = (0..<count).map { _ in
                var copy = vehicles[Int(generator.next() % UInt64(vehicles.count))]
                copy.timestamp = copy.timestamp.addingTimeInterval(round)
                copy.coordinate = Fleets.uniform(&generator)
                return copy
            }
            index.upsert(contentsOf: batch)
            for vehicle in batch { oracle.upsert(vehicle) }
        }
        write(256)  // the rebuild threshold: a background rebuild is claimed
        built.wait()
        for _ in 0..<50 { write(100) }  // 5 000 entries while the rebuild waits: its backlog
        let indexedByWriters = index.indexedLogEntries.bySegmentBuilds
        proceed.signal()
        installed.wait()
        index.rebuildObserver.withLock { $0 = nil }
        // The writers indexed the backlog (each entry once per merge level); the rebuild took their segments over.
        #expect(indexedByWriters >= 5_000)
        #expect(index.indexedLogEntries.byRebuilds == 0, "\(seedNote(seed))")

        // The backlog (5 000 entries) was replayed onto the fresh log and indexed before the install: fewer than one
        // segment's worth is left to scan (before: all 5 000).
        let atInstall = unsegmentedAtInstall.withLock { $0 }
        #expect(atInstall.count == 1)
        #expect((atInstall.first ?? .max) < configuration.logSegmentSize, "\(seedNote(seed))")
        #expect(index.logShape(customerId: "A").logEntries >= 5_000)
        #expect(index.logShape(customerId: "A").segments >= 1)

        // And the segmented log answers exactly.
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now, includesPrivacyMode: true)
        for point in Fleets.queries(for: vehicles.map(\.coordinate), count: 30, &generator) {
            let want = oracle.evaluate(point, filter)
            #expect(try index.nearest(10, to: point, filter: filter).rows == want.nearest(10), "\(seedNote(seed))")
            #expect(try index.within(300_000, of: point, filter: filter).rows == want.within(300_000),
                    "\(seedNote(seed))")
        }
    }

    /// The public segment count (`logSegmentCount`, sampled by the benchmark during ingest), by hand: none for an
    /// unknown customer or a loaded one; one after a write of exactly one segment's worth (nothing to merge with); none
    /// after `compact()` folds the log into the base.
    @Test func logSegmentCountByHand() throws {
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 10_000, rebuildDeltaFraction: 0,
                                                     batchSliceSize: 16, logSegmentSize: 16)
        configuration.quietCompactionDelay = nil
        var generator = SplitMix64(seed: testSeed(default: 0x5E6_C0))
        let vehicles = TestFleets.fleet("clustered", count: 100, &generator, customers: ["A"])
        let index = FleetIndex.load(vehicles, configuration: configuration).index
        #expect(index.logSegmentCount(customerId: "B") == 0)
        #expect(index.logSegmentCount(customerId: "A") == 0)
        index.upsert(contentsOf: vehicles.prefix(16).map { vehicle in
            var newer = vehicle
            newer.timestamp = vehicle.timestamp.addingTimeInterval(1)
            return newer
        })
        #expect(index.logSegmentCount(customerId: "A") == 1)
        index.compact()
        #expect(index.logSegmentCount(customerId: "A") == 0)
    }

    /// A rebuild cuts its snapshot where the segments end only when they cover most of the log: with a segment size
    /// above the rebuild threshold there are no segments, and a cut there would replay the whole log into the fresh
    /// one (and the next write would claim the same rebuild again). Each rebuild must fold the log into the base.
    @Test func rebuildsFoldTheLogWhenSegmentsLag() throws {
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 64, rebuildDeltaFraction: 0,
                                                     rebuildsInBackground: false, logSegmentSize: 1_000)
        configuration.quietCompactionDelay = nil
        var generator = SplitMix64(seed: testSeed(default: 0x5E6_1A6))
        let vehicles = TestFleets.fleet("clustered", count: 500, &generator, customers: ["A"])
        let index = FleetIndex.load(vehicles, configuration: configuration).index
        for (step, vehicle) in vehicles.enumerated() {
            var newer = vehicle
            newer.timestamp = vehicle.timestamp.addingTimeInterval(1)
            index.upsert(newer)
            #expect(index.logShape(customerId: "A").logEntries < 64, "step \(step)")
        }
    }
}
