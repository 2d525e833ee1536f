import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// Interleaved upserts, removals and queries against an oracle replay.
@Suite struct LiveUpdateTests {
    @Test(arguments: [(7, 1, false, 0), (64, 5, true, 8), (1024, 300, false, 16), (31, 2, true, 3), (5000, 7, false, 0)])
    func interleavedUpdatesMatchReplay(minimumRebuildDelta: Int, sliceSize: Int, background: Bool, segment: Int) throws {
        let seed = testSeed(default: 0x11FE &+ UInt64(minimumRebuildDelta))
        var generator = SplitMix64(seed: seed)
        let index = FleetIndex(configuration: .init(minimumRebuildDelta: minimumRebuildDelta,
                                                    rebuildDeltaFraction: 0.25, batchSliceSize: sliceSize,
                                                    rebuildsInBackground: background, logSegmentSize: segment))
        var oracle = FleetOracle()
        let centres = (0..<4).map { _ in Fleets.uniform(&generator) }
        let ids = (0..<300).map { "id\($0)" }
        for step in 0..<1500 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6:
                // Out-of-order timestamps: up to an hour back or forward of "now", so many updates are stale.
                let id = ids.randomElement(using: &generator)!
                let point = Fleets.near(centres.randomElement(using: &generator)!, spreadDegrees: 0.05, &generator)
                var vehicle = TestFleets.vehicle(id: id, at: point, &generator, customers: ["A", "B"])
                vehicle.timestamp = TestFleets.now.addingTimeInterval(Double(Int.random(in: -3600...3600, using: &generator)))
                let want = oracle.upsert(vehicle)
                let report = index.upsert(vehicle)
                #expect(report.inserted == (want == .inserted ? 1 : 0) && report.updated == (want == .updated ? 1 : 0)
                        && report.stale == (want == .stale ? 1 : 0), "step \(step) \(seedNote(seed))")
            case 6:
                let id = ids.randomElement(using: &generator)!
                #expect(index.remove(id: id) == oracle.remove(id), "remove step \(step) \(seedNote(seed))")
            case 7:
                // A batch with duplicates of the same id: later records compete by timestamp.
                let batch = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                    var vehicle = TestFleets.vehicle(
                        id: ids.randomElement(using: &generator)!,
                        at: Fleets.near(centres.randomElement(using: &generator)!, spreadDegrees: 0.05, &generator),
                        &generator, customers: ["A", "B"])
                    vehicle.timestamp = TestFleets.now.addingTimeInterval(Double(Int.random(in: -3600...3600, using: &generator)))
                    return vehicle
                }
                var inserted = 0, updated = 0, stale = 0
                for vehicle in batch {
                    switch oracle.upsert(vehicle) {
                    case .inserted: inserted += 1
                    case .updated: updated += 1
                    case .stale: stale += 1
                    }
                }
                let report = index.upsert(contentsOf: batch)
                let counts: [Int] = [report.inserted, report.updated, report.stale]
                let expected: [Int] = [inserted, updated, stale]
                #expect(counts == expected, "batch step \(step) \(seedNote(seed))")
            default:
                let point = Fleets.near(centres.randomElement(using: &generator)!, spreadDegrees: 0.05, &generator)
                let filter = VehicleFilter(customerId: ["A", "B"].randomElement(using: &generator)!,
                                           maxPositionAge: step % 2 == 0 ? nil : 2400, now: TestFleets.now)
                let want = oracle.evaluate(point, filter)
                let k = Int.random(in: 1...30, using: &generator)
                let nearest = try index.nearest(k, to: point, filter: filter)
                #expect(nearest.rows == want.nearest(k), "kNN step \(step) \(seedNote(seed))")
                #expect(nearest.excluded == want.nearestExclusions(k), "kNN exclusions step \(step) \(seedNote(seed))")
                let within = try index.within(3000, of: point, filter: filter)
                #expect(within.rows == want.within(3000), "within step \(step) \(seedNote(seed))")
                // Without exclusion counts, and with a filter every vehicle passes (the search's own predicate then
                // checks only that a base vehicle is current: moved and removed ones must not come back).
                let plain = VehicleFilter(customerId: filter.customerId, now: TestFleets.now, includesPrivacyMode: true)
                let uncounted = QueryOptions(countsExclusions: false)
                for filter in [filter, plain] {
                    let got = try index.within(3000, of: point, filter: filter, options: uncounted)
                    #expect(got.rows == oracle.evaluate(point, filter).within(3000),
                            "uncounted within step \(step) \(seedNote(seed))")
                }
            }
            #expect(index.count == oracle.vehicles.count, "count step \(step) \(seedNote(seed))")
        }
        for id in ids { #expect(index.position(forID: id) == oracle.vehicles[id], "lookup \(id) \(seedNote(seed))") }
        for customer in ["A", "B"] {
            let held = Set(index.positions(customerId: customer))
            let expected = Set(oracle.vehicles.values.filter { $0.customerId == customer })
            #expect(held == expected, "\(seedNote(seed))")
        }
        index.compact()
        let point = centres[0]
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now)
        #expect(try index.nearest(20, to: point, filter: filter).rows == oracle.evaluate(point, filter).nearest(20))
    }

    @Test func newestTimestampWins() throws {
        let index = FleetIndex()
        let here = try Coordinate(latitude: 10, longitude: 10), there = try Coordinate(latitude: 11, longitude: 11)
        let t0 = TestFleets.now
        #expect(index.upsert(VehiclePosition(id: "x", coordinate: here, timestamp: t0, customerId: "c")).inserted == 1)
        // Older: ignored, reported stale.
        #expect(index.upsert(VehiclePosition(id: "x", coordinate: there, timestamp: t0 - 1, customerId: "c")).stale == 1)
        #expect(index.position(forID: "x")?.coordinate == here)
        // Equal timestamp: replaces (last write wins).
        #expect(index.upsert(VehiclePosition(id: "x", coordinate: there, timestamp: t0, customerId: "c")).updated == 1)
        #expect(index.position(forID: "x")?.coordinate == there)
        // Newer, other customer: the vehicle moves.
        index.upsert(VehiclePosition(id: "x", coordinate: here, timestamp: t0 + 1, customerId: "d"))
        #expect(try index.nearest(1, to: here, filter: VehicleFilter(customerId: "c")).vehicles.isEmpty)
        #expect(try index.nearest(1, to: here, filter: VehicleFilter(customerId: "d")).rows.map(\.id) == ["x"])
        #expect(index.count == 1)
        // Removal forgets; a later upsert, even older, adds it back.
        #expect(index.remove(id: "x"))
        #expect(!index.remove(id: "x"))
        #expect(index.count == 0)
        #expect(index.upsert(VehiclePosition(id: "x", coordinate: here, timestamp: t0 - 100, customerId: "c")).inserted == 1)
    }
}

@Suite struct BulkLoadTests {
    @Test func loadKeepsNewestAndReportsEverything() throws {
        let here = try Coordinate(latitude: 1, longitude: 1), there = try Coordinate(latitude: 2, longitude: 2)
        let t = TestFleets.now
        let positions = [
            VehiclePosition(id: "a", coordinate: here, timestamp: t, customerId: "c"),
            VehiclePosition(id: "a", coordinate: there, timestamp: t - 5, customerId: "c"),   // stale
            VehiclePosition(id: "b", coordinate: here, timestamp: t, customerId: "c"),
            VehiclePosition(id: "b", coordinate: there, timestamp: t, customerId: "d"),       // equal: replaces, moves
            VehiclePosition(id: "", coordinate: here, timestamp: t, customerId: "c"),
            VehiclePosition(id: "e", coordinate: here, timestamp: t, customerId: ""),
        ]
        let (index, report) = FleetIndex.load(positions)
        #expect(report.inserted == 2 && report.updated == 1 && report.stale == 1)
        #expect(report.rejections.map(\.offset) == [4, 5])
        #expect(index.count == 2)
        #expect(index.position(forID: "a")?.coordinate == here)
        #expect(index.position(forID: "b")?.customerId == "d")
        #expect(try index.nearest(5, to: here, filter: VehicleFilter(customerId: "c", now: t)).rows.map(\.id) == ["a"])
        // The loaded index is live: upserts and removals work on top of it.
        index.upsert(VehiclePosition(id: "a", coordinate: there, timestamp: t + 1, customerId: "c"))
        #expect(index.position(forID: "a")?.coordinate == there)
        #expect(index.remove(id: "b") && index.count == 1)
    }
}

@Suite struct BatchUpsertTests {
    /// A batch applied in slices of 2 (records read in place, the current customer's shard held across a run):
    /// rejections keep their offsets across slices, and an id moving A -> B -> A inside one slice ends in A only.
    @Test func slicedBatchWithMovesAndRejections() throws {
        let here = try Coordinate(latitude: 1, longitude: 1), there = try Coordinate(latitude: 2, longitude: 2)
        let t = TestFleets.now
        let index = FleetIndex(configuration: .init(batchSliceSize: 2, rebuildsInBackground: false))
        let batch = [
            VehiclePosition(id: "m", coordinate: here, timestamp: t, customerId: "A"),
            VehiclePosition(id: "", coordinate: here, timestamp: t, customerId: "A"),         // rejected, offset 1
            VehiclePosition(id: "m", coordinate: there, timestamp: t + 1, customerId: "B"),   // moves to B
            VehiclePosition(id: "m", coordinate: here, timestamp: t + 2, customerId: "A"),    // back to A
            VehiclePosition(id: "n", coordinate: there, timestamp: t, customerId: "B"),
            VehiclePosition(id: "n", coordinate: here, timestamp: t - 1, customerId: "A"),    // stale
            VehiclePosition(id: "o", coordinate: here, timestamp: t, customerId: ""),          // rejected, offset 6
        ]
        // Any sequence, not only an array.
        let report = index.upsert(contentsOf: AnySequence(batch))
        #expect(report.inserted == 2 && report.updated == 2 && report.stale == 1)
        #expect(report.rejections.map(\.offset) == [1, 6])
        #expect(report.rejections.map(\.reason) == [.emptyID, .emptyCustomerID])
        #expect(index.count == 2)
        #expect(index.position(forID: "m")?.customerId == "A" && index.position(forID: "m")?.coordinate == here)
        #expect(index.positions(customerId: "A").map(\.id) == ["m"])
        #expect(index.positions(customerId: "B").map(\.id) == ["n"])
        #expect(try index.nearest(5, to: here, filter: VehicleFilter(customerId: "B", now: t)).rows.map(\.id) == ["n"])
    }
}
