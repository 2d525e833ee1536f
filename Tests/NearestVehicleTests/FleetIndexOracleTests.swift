import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// FleetIndex queries against the brute-force oracle, on exact (id, distance) lists and exclusion counts.
@Suite struct FleetIndexOracleTests {
    static let fleets = ["uniform", "clustered", "depots", "grid", "poles", "antimeridian", "duplicates"]

    /// Builds the same fleet two ways: bulk-loaded, and upserted one by one with a tiny rebuild threshold (so
    /// queries see a base tree plus a log with superseded entries).
    static func indexes(for vehicles: [VehiclePosition], _ generator: inout SplitMix64) -> [(String, FleetIndex)] {
        let bulk = FleetIndex.load(vehicles).index
        let live = FleetIndex(configuration: .init(minimumRebuildDelta: 97, rebuildDeltaFraction: 0.1, batchSliceSize: 13,
                                                   logSegmentSize: 10))
        // Upsert an older copy of some vehicles first, so the final ones replace entries in base and log.
        for vehicle in vehicles where Int.random(in: 0..<3, using: &generator) == 0 {
            var older = vehicle
            older.timestamp = vehicle.timestamp.addingTimeInterval(-10)
            older.coordinate = Fleets.uniform(&generator)
            older.customerId = TestFleets.customers.randomElement(using: &generator)!
            live.upsert(older)
        }
        live.upsert(contentsOf: vehicles)
        // A log that is never rebuilt: everything in segments and the tail.
        var logOnlyConfiguration = FleetIndex.Configuration(minimumRebuildDelta: 1_000_000, batchSliceSize: 50,
                                                            logSegmentSize: 64)
        logOnlyConfiguration.quietCompactionDelay = nil  // stays a log: no compaction when writes stop
        let logOnly = FleetIndex(configuration: logOnlyConfiguration)
        logOnly.upsert(contentsOf: vehicles.reversed())
        logOnly.upsert(contentsOf: vehicles)
        return [("bulk", bulk), ("live", live), ("log", logOnly)]
    }

    /// 100 000 vehicles of three customers (clustered), bulk-loaded and upserted live (rebuilds and segments at
    /// full scale), against the brute-force oracle: k-nearest and within, with and without filters.
    @Test func largeFleetMatchesOracle() throws {
        let seed = testSeed(default: 0x100_000)
        var generator = SplitMix64(seed: seed)
        let vehicles = TestFleets.fleet("clustered", count: 100_000, &generator)
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        let bulk = FleetIndex.load(vehicles).index
        let live = FleetIndex()
        var older = vehicles.shuffled(using: &generator).prefix(30_000).map { vehicle in
            var copy = vehicle
            copy.timestamp = vehicle.timestamp.addingTimeInterval(-5)
            copy.coordinate = Fleets.uniform(&generator)
            return copy
        }
        older.append(contentsOf: vehicles)
        live.upsert(contentsOf: older)
        let queries = Fleets.queries(for: vehicles.map(\.coordinate), count: 16, &generator)
        let filters = [TestFleets.filters(customer: "A")[0], TestFleets.filters(customer: "B")[3]]
        for filter in filters {
            for (number, point) in queries.enumerated() {
                let want = oracle.evaluate(point, filter)
                for (label, index) in [("bulk", bulk), ("live", live)] {
                    let note = "\(label) q#\(number) \(point) \(filter.customerId) \(seedNote(seed))"
                    #expect(try index.nearest(10, to: point, filter: filter).rows == want.nearest(10), "kNN \(note)")
                    #expect(try index.within(3_000, of: point, filter: filter).rows == want.within(3_000),
                            "within \(note)")
                }
            }
        }
    }

    @Test(arguments: fleets)
    func sphereQueriesMatchOracle(fleetName: String) throws {
        let seed = testSeed(default: 0xF1EE7 &+ UInt64(fleetName.utf8.count))
        var generator = SplitMix64(seed: seed)
        let vehicles = TestFleets.fleet(fleetName, count: 400, &generator)
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        let queries = Fleets.queries(for: vehicles.map(\.coordinate), count: 12, &generator)
        let indexes = Self.indexes(for: vehicles, &generator)
        for customer in TestFleets.customers {
            for filter in TestFleets.filters(customer: customer) {
                for (number, point) in queries.enumerated() {
                    let want = oracle.evaluate(point, filter)
                    for (label, index) in indexes {
                        let note = "\(label) \(fleetName) \(customer) q#\(number) \(point) filter \(filter) \(seedNote(seed))"
                        for k in [1, 5, 40] {
                            let got = try index.nearest(k, to: point, filter: filter)
                            #expect(got.rows == want.nearest(k), "kNN k=\(k) \(note)")
                            #expect(got.excluded == want.nearestExclusions(k), "kNN exclusions k=\(k) \(note)")
                        }
                        let capped = try index.nearest(10, to: point, within: 300_000, filter: filter)
                        #expect(capped.rows == want.nearest(10, cap: 300_000), "capped \(note)")
                        #expect(capped.excluded == want.nearestExclusions(10, cap: 300_000), "capped exclusions \(note)")
                        for radius in [0.0, 2_000, 400_000, 2.1e7] {
                            let got = try index.within(radius, of: point, filter: filter)
                            #expect(got.rows == want.within(radius), "within \(radius) \(note)")
                            #expect(got.excluded == want.exclusions(radius), "within exclusions \(note)")
                        }
                    }
                }
            }
        }
        for (label, index) in indexes { #expect(index.count == vehicles.count, "\(label)") }
    }

    /// Results carry the distance in metres and the position age (units are the service's: see
    /// `UnitBoundaryTests.resultsInTheRequestedUnit`).
    @Test func resultFields() throws {
        let now = TestFleets.now
        let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        let vehicle = VehiclePosition(id: "1", coordinate: try Coordinate(latitude: 48.8666, longitude: 2.3522),
                                      timestamp: now.addingTimeInterval(-90), customerId: "c")
        let index = FleetIndex()
        index.upsert(vehicle)
        let filter = VehicleFilter(customerId: "c", now: now)
        let result = try index.within(2 * 1609.344, of: paris, filter: filter)
        let hit = try #require(result.vehicles.first)
        #expect(hit.distanceMeters == paris.distance(to: vehicle.coordinate))
        #expect(hit.positionAge == 90)
        #expect(hit.vehicle == vehicle)
        let nearest = try index.nearest(1, to: paris, filter: filter)
        #expect(nearest.vehicles[0] == hit)
    }

    /// One customer never sees another's vehicles, even at the same spot.
    @Test func customersAreIsolated() throws {
        let spot = try Coordinate(latitude: 45, longitude: 5)
        let index = FleetIndex()
        index.upsert(contentsOf: (0..<50).map { VehiclePosition(id: "a\($0)", coordinate: spot, timestamp: TestFleets.now, customerId: "A") })
        index.upsert(VehiclePosition(id: "b0", coordinate: spot, timestamp: TestFleets.now, customerId: "B"))
        let forB = try index.nearest(10, to: spot, filter: VehicleFilter(customerId: "B", now: TestFleets.now))
        #expect(forB.rows.map(\.id) == ["b0"])
        let forC = try index.within(20_000_000, of: spot, filter: VehicleFilter(customerId: "C"))
        #expect(forC.vehicles.isEmpty)
        let forA = try index.within(0, of: spot, filter: VehicleFilter(customerId: "A", now: TestFleets.now))
        #expect(forA.vehicles.count == 50)
        #expect(Set(index.customerIds) == ["A", "B"])
    }
}
