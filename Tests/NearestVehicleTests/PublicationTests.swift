import Foundation
import Geo
import NearestVehicle
import Synchronization
import Testing
import TestSupport

/// Queries read without a lock (FleetIndex "Design"): every answer must be the brute-force answer over one state a
/// writer published — never a mix of two batches, never older than what was published before the query began —
/// and an answer's lazily read vehicles must not change when writers and rebuilds replace its snapshot.
@Suite struct PublicationTests {
    /// One writer applies batches (each published at once: batch <= `batchSliceSize`); after batch j returns,
    /// `progress` = j. A reader notes `progress` before (c0) and after (c1) each query: the answer must equal the
    /// oracle of some state j in c0 ... c1 + 1 (batch c1 + 1 may be published before `progress` moves).
    @Test func readersSeeExactlyOnePublishedState() throws {
        let seed = testSeed(default: 0x5EED_0B5)
        var generator = SplitMix64(seed: seed)
        let centre = try Coordinate(latitude: 48.85, longitude: 2.35)
        let fleetSize = 600, batches = 120, batchSize = 40
        // A small rebuild threshold and segments: readers cross rebuilds, segment installs and directory growth.
        let index = FleetIndex(configuration: .init(minimumRebuildDelta: 200, rebuildDeltaFraction: 0.05,
                                                    batchSliceSize: batchSize, logSegmentSize: 64))
        var oracle = FleetOracle()
        var states: [FleetOracle] = [oracle]
        var plan: [[VehiclePosition]] = []
        for batch in 0..<batches {
            var records: [VehiclePosition] = []
            for _ in 0..<batchSize {
                let id = "v\(Int.random(in: 0..<fleetSize, using: &generator))"
                var vehicle = TestFleets.vehicle(id: id, at: Fleets.near(centre, spreadDegrees: 0.05, &generator),
                                                 &generator, customers: ["A"])
                vehicle.timestamp = TestFleets.now.addingTimeInterval(Double(batch))
                records.append(vehicle)
                oracle.upsert(vehicle)
            }
            plan.append(records)
            states.append(oracle)
        }
        let queries = (0..<64).map { _ in Fleets.near(centre, spreadDegrees: 0.05, &generator) }
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now, includesPrivacyMode: true)
        let progress = Atomic<Int>(0)
        // Threads, not tasks: readers poll `progress`, which must not starve the writer of the cooperative pool.
        let done = DispatchGroup()
        let collected = Collected()
        done.enter()
        Thread { [plan] in
            for (number, records) in plan.enumerated() {
                index.upsert(contentsOf: records)
                progress.store(number + 1, ordering: .sequentiallyConsistent)
            }
            done.leave()
        }.start()
        for reader in 0..<3 {
            done.enter()
            Thread {
                var seen: [(Int, Int, Int, [FleetOracle.Row], Bool)] = []
                var step = 0
                while progress.load(ordering: .sequentiallyConsistent) < batches || step < 50 {
                    let query = (reader * 7 + step) % queries.count
                    let isWithin = step % 2 == 0
                    let before = progress.load(ordering: .sequentiallyConsistent)
                    let rows = isWithin
                        ? (try? index.within(2_500, of: queries[query], filter: filter))?.rows
                        : (try? index.nearest(7, to: queries[query], filter: filter))?.rows
                    let after = progress.load(ordering: .sequentiallyConsistent)
                    seen.append((before, after, query, rows ?? [], isWithin))
                    step += 1
                }
                collected.append(seen)
                done.leave()
            }.start()
        }
        done.wait()
        let observations = collected.all
        #expect(observations.count >= 150)
        var failures = 0
        // Every observation would take minutes of brute force in a debug build: check an even sample of ~400.
        let stride = Swift.max(1, observations.count / 400)
        for (before, after, query, rows, isWithin) in Swift.stride(from: 0, to: observations.count, by: stride).map({ observations[$0] }) {
            let candidates = states[before...Swift.min(after + 1, batches)]
            let matched = candidates.contains { state in
                let evaluation = state.evaluate(queries[query], filter)
                return rows == (isWithin ? evaluation.within(2_500) : evaluation.nearest(7))
            }
            if !matched { failures += 1 }
            #expect(matched, "query \(query) (\(isWithin ? "within" : "kNN")) between states \(before) and \(after + 1): \(rows) \(seedNote(seed))")
            if failures > 3 { break }
        }
    }

    /// An answer reads its vehicles from the snapshot it searched, lazily: after writers move every vehicle and a
    /// rebuild frees the old base from the index, the answer still lists the positions it found, unchanged.
    @Test func answersOutliveTheirSnapshot() throws {
        let seed = testSeed(default: 0xA115)
        var generator = SplitMix64(seed: seed)
        let vehicles = TestFleets.fleet("clustered", count: 500, &generator, customers: ["A"])
        let index = FleetIndex.load(vehicles).index
        let point = vehicles[17].coordinate
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now, includesPrivacyMode: true)
        let answer = try index.nearest(20, to: point, filter: filter)
        let byID = Dictionary(uniqueKeysWithValues: vehicles.map { ($0.id, $0) })
        index.upsert(contentsOf: vehicles.map { vehicle in
            var moved = vehicle
            moved.timestamp = vehicle.timestamp.addingTimeInterval(60)
            moved.coordinate = Fleets.uniform(&generator)
            moved.state = .outOfOrder
            return moved
        })
        index.compact()
        #expect(answer.vehicles.count == 20)
        for nearby in answer.vehicles {
            #expect(nearby.vehicle == byID[nearby.vehicle.id], "\(nearby.vehicle.id) \(seedNote(seed))")
            #expect(nearby.distanceMeters == point.distance(to: byID[nearby.vehicle.id]!.coordinate))
            #expect(nearby.positionAge == filter.now.timeIntervalSince(byID[nearby.vehicle.id]!.timestamp))
        }
        let again = try index.nearest(20, to: point, filter: filter)
        #expect(again.vehicles.map(\.vehicle.id) != answer.vehicles.map(\.vehicle.id), "the fleet moved \(seedNote(seed))")
    }

    /// Answers hold the snapshot through the lease of their thread's stripe, which the first query of a stripe
    /// creates: threads racing to create leases on a fresh snapshot all get answers that read that snapshot,
    /// after writers replaced it and after the index itself is gone.
    @Test func answersFromManyThreadsOutliveTheirSnapshotAndIndex() throws {
        let seed = testSeed(default: 0x1EA5E)
        var generator = SplitMix64(seed: seed)
        let vehicles = TestFleets.fleet("clustered", count: 400, &generator, customers: ["A"])
        var index: FleetIndex? = FleetIndex.load(vehicles).index
        let shared = index!
        let points = (0..<16).map { vehicles[$0 * 7].coordinate }
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now, includesPrivacyMode: true)
        let threads = 8
        let answers = Answers()
        let start = DispatchSemaphore(value: 0), done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread {
                start.wait()
                var mine: [(Int, NearbyVehicles, NearbyVehicles)] = []
                for (number, point) in points.enumerated() {
                    if let nearest = try? shared.nearest(12, to: point, filter: filter),
                       let within = try? shared.within(3_000, of: point, filter: filter) {
                        mine.append((number, nearest, within))
                    }
                }
                answers.append(mine)
                done.leave()
            }.start()
        }
        for _ in 0..<threads { start.signal() }
        done.wait()
        index?.upsert(contentsOf: vehicles.map { vehicle in
            var moved = vehicle
            moved.timestamp = vehicle.timestamp.addingTimeInterval(60)
            moved.coordinate = Fleets.uniform(&generator)
            return moved
        })
        index?.compact()
        index = nil
        var oracle = FleetOracle()
        for vehicle in vehicles { _ = oracle.upsert(vehicle) }
        let all = answers.all
        #expect(all.count == threads * points.count, "\(seedNote(seed))")
        for (number, nearest, within) in all {
            let want = oracle.evaluate(points[number], filter)
            #expect(nearest.rows == want.nearest(12), "kNN point \(number) \(seedNote(seed))")
            #expect(within.rows == want.within(3_000), "within point \(number) \(seedNote(seed))")
        }
    }
}

/// Answers gathered from reader threads (an NSLock, visible to the thread sanitizer).
private final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Int, NearbyVehicles, NearbyVehicles)] = []

    func append(_ more: [(Int, NearbyVehicles, NearbyVehicles)]) {
        lock.lock()
        items += more
        lock.unlock()
    }

    var all: [(Int, NearbyVehicles, NearbyVehicles)] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

/// Observations gathered from reader threads (an NSLock: a pthread mutex, visible to the thread sanitizer).
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Int, Int, Int, [FleetOracle.Row], Bool)] = []

    func append(_ more: [(Int, Int, Int, [FleetOracle.Row], Bool)]) {
        lock.lock()
        items += more
        lock.unlock()
    }

    var all: [(Int, Int, Int, [FleetOracle.Row], Bool)] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

/// LSM-style merging of log segments: the number of trees a query searches stays logarithmic in the log's length.
@Suite struct LogSegmentMergeTests {
    @Test func segmentsStayLogarithmic() throws {
        let seed = testSeed(default: 0x15E6)
        var generator = SplitMix64(seed: seed)
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 1_000_000, batchSliceSize: 16,
                                                     logSegmentSize: 16)
        configuration.quietCompactionDelay = nil
        let index = FleetIndex(configuration: configuration)
        var oracle = FleetOracle()
        let centre = try Coordinate(latitude: -33.9, longitude: 151.2)
        var most = 0
        for round in 0..<200 {
            var batch: [VehiclePosition] = []
            for _ in 0..<16 {
                var vehicle = TestFleets.vehicle(id: "v\(Int.random(in: 0..<500, using: &generator))",
                                                 at: Fleets.near(centre, spreadDegrees: 0.2, &generator), &generator,
                                                 customers: ["A"])
                vehicle.timestamp = TestFleets.now.addingTimeInterval(Double(round))
                batch.append(vehicle)
                oracle.upsert(vehicle)
            }
            index.upsert(contentsOf: batch)
            let shape = index.logShape(customerId: "A")
            // A binary counter over 16-entry segments: at most log2(entries / 16) + 1 trees.
            let bound = Int(log2(Double(Swift.max(1, shape.logEntries / 16)))) + 1
            #expect(shape.segments <= bound, "round \(round): \(shape.segments) segments for \(shape.logEntries) entries")
            most = Swift.max(most, shape.segments)
        }
        #expect(index.logShape(customerId: "A").logEntries == 3200)
        #expect(most >= 3, "merging was exercised")
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now, includesPrivacyMode: true)
        for _ in 0..<20 {
            let point = Fleets.near(centre, spreadDegrees: 0.2, &generator)
            #expect(try index.nearest(9, to: point, filter: filter).rows == oracle.evaluate(point, filter).nearest(9),
                    "\(seedNote(seed))")
            #expect(try index.within(4_000, of: point, filter: filter).rows
                        == oracle.evaluate(point, filter).within(4_000), "\(seedNote(seed))")
        }
    }
}

/// When writes stop, a customer's log is folded into a fresh base by the index itself (no `compact()` call).
@Suite struct QuietCompactionTests {
    @Test func logIsFoldedIntoTheBaseOnceWritesStop() throws {
        let seed = testSeed(default: 0x0917)
        var generator = SplitMix64(seed: seed)
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 1_000_000, logSegmentSize: 32)
        configuration.quietCompactionDelay = 0.05
        let vehicles = TestFleets.fleet("clustered", count: 2_000, &generator, customers: ["A"])
        let index = FleetIndex.load(vehicles, configuration: configuration).index
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        let moved = vehicles.prefix(700).map { vehicle in
            var copy = vehicle
            copy.timestamp = vehicle.timestamp.addingTimeInterval(5)
            copy.coordinate = Fleets.uniform(&generator)
            return copy
        }
        index.upsert(contentsOf: moved)
        for vehicle in moved { oracle.upsert(vehicle) }
        index.remove(id: vehicles[900].id)
        oracle.remove(vehicles[900].id)
        #expect(index.logShape(customerId: "A").logEntries == 701)
        // Folded by a background check 50 ms after the last write: wait for it (bounded).
        var waited = 0
        while index.logShape(customerId: "A").logEntries > 0 && waited < 400 {
            usleep(25_000)
            waited += 1
        }
        #expect(index.logShape(customerId: "A") == (segments: 0, logEntries: 0), "the log was folded \(seedNote(seed))")
        let filter = VehicleFilter(customerId: "A", now: TestFleets.now, includesPrivacyMode: true)
        for point in Fleets.queries(for: vehicles.map(\.coordinate), count: 20, &generator) {
            #expect(try index.nearest(10, to: point, filter: filter).rows == oracle.evaluate(point, filter).nearest(10),
                    "\(seedNote(seed))")
        }
        #expect(index.count == 1_999)
    }
}
