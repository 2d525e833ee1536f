import Foundation
import Geo
import NearestVehicle
import SpatialIndex
import Testing
import TestSupport

/// Concurrent writers and readers on one index. Also the test to run under the thread sanitizer:
///
///     swift test --sanitize=thread --filter ConcurrencyTests
///
/// (a few minutes: everything is rebuilt with TSan instrumentation).
@Suite struct ConcurrencyTests {
    @Test func concurrentWritersAndReaders() async throws {
        let seed = testSeed(default: 0xC0C0)
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 150, rebuildDeltaFraction: 0.05,
                                                     batchSliceSize: 64, logSegmentSize: 32)
        configuration.replayUnderLockLimit = 0  // every entry written during a rebuild goes through a catch-up pass
        let index = FleetIndex(configuration: configuration)
        let centre = try Coordinate(latitude: 43.3, longitude: 5.37)
        let writers = 4, updatesPerWriter = 1500, readers = 3
        let finals = await withTaskGroup(of: [String: VehiclePosition].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var generator = SplitMix64(seed: seed &+ UInt64(writer))
                    var oracle = FleetOracle()
                    for step in 0..<updatesPerWriter {
                        let id = "w\(writer)-\(Int.random(in: 0..<200, using: &generator))"
                        if step % 17 == 0 {
                            index.remove(id: id)
                            oracle.remove(id)
                            continue
                        }
                        var vehicle = TestFleets.vehicle(
                            id: id, at: Fleets.near(centre, spreadDegrees: 0.1, &generator), &generator,
                            customers: ["A", "B"])
                        vehicle.timestamp = TestFleets.now.addingTimeInterval(Double(step - Int.random(in: 0...30, using: &generator)))
                        if step % 5 == 0 {
                            index.upsert(contentsOf: [vehicle, vehicle])
                        } else {
                            index.upsert(vehicle)
                        }
                        oracle.upsert(vehicle)
                    }
                    return oracle.vehicles
                }
            }
            for reader in 0..<readers {
                group.addTask {
                    var generator = SplitMix64(seed: seed &+ 100 &+ UInt64(reader))
                    for step in 0..<300 {
                        let customer = step % 2 == 0 ? "A" : "B"
                        let filter = VehicleFilter(customerId: customer, now: TestFleets.now, includesPrivacyMode: true)
                        let point = Fleets.near(centre, spreadDegrees: 0.1, &generator)
                        let result = step % 3 == 0
                            ? try? index.within(3_000, of: point, filter: filter)
                            : try? index.nearest(12, to: point, filter: filter)
                        guard let result else {
                            Issue.record("query threw")
                            continue
                        }
                        let keys = result.vehicles.map { (KDTree.tieKey(forDistanceMeters: $0.distanceMeters), $0.vehicle.id) }
                        let sorted = zip(keys, keys.dropFirst()).allSatisfy { a, b in
                            a.0 < b.0 || a.0 == b.0 && VehiclePosition.idPrecedes(a.1, b.1)
                        }
                        #expect(sorted, "reader \(reader) step \(step) \(seedNote(seed))")
                        #expect(Set(result.vehicles.map(\.vehicle.id)).count == result.vehicles.count,
                                "duplicate id in a result \(seedNote(seed))")
                        #expect(result.vehicles.allSatisfy {
                            $0.vehicle.customerId == customer && $0.distanceMeters == point.distance(to: $0.vehicle.coordinate)
                        })
                        _ = index.count
                        _ = index.position(forID: "w0-1")
                    }
                    return [:]
                }
            }
            var merged: [String: VehiclePosition] = [:]
            for await part in group { merged.merge(part) { a, _ in a } }
            return merged
        }
        var oracle = FleetOracle()
        oracle.vehicles = finals
        #expect(index.count == finals.count, "\(seedNote(seed))")
        for (id, vehicle) in finals { #expect(index.position(forID: id) == vehicle, "\(id) \(seedNote(seed))") }
        var generator = SplitMix64(seed: seed &+ 999)
        for _ in 0..<20 {
            let point = Fleets.near(centre, spreadDegrees: 0.1, &generator)
            let filter = VehicleFilter(customerId: "A", now: TestFleets.now)
            #expect(try index.nearest(15, to: point, filter: filter).rows == oracle.evaluate(point, filter).nearest(15),
                    "\(seedNote(seed))")
        }
    }
}
