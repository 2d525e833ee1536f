import Foundation
import Geo
import NearestVehicle
import Proj
import Testing
import TestSupport

/// The WGS84 mode against brute-force geodesic ranking (`Geodesic.wgs84.distance(from: query, to: vehicle)`).
@Suite struct ExactModeTests {
    @Test(arguments: ["clustered", "uniform", "poles", "antimeridian", "depots"])
    func exactModeMatchesBruteForceGeodesic(fleetName: String) throws {
        let seed = testSeed(default: 0xE11_1950 &+ UInt64(fleetName.utf8.count))
        var generator = SplitMix64(seed: seed)
        let vehicles = TestFleets.fleet(fleetName, count: 400, &generator, customers: ["A", "B"])
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        let live = FleetIndex(configuration: .init(minimumRebuildDelta: 150, rebuildDeltaFraction: 0.5, logSegmentSize: 32))
        live.upsert(contentsOf: vehicles)
        let indexes = [("bulk", FleetIndex.load(vehicles).index), ("live", live)]
        let options = QueryOptions(model: .wgs84)
        let queries = Fleets.queries(for: vehicles.map(\.coordinate), count: 12, &generator)
        for filter in [VehicleFilter(customerId: "A", now: TestFleets.now),
                       VehicleFilter(customerId: "B", states: [.traveling, .stopped], now: TestFleets.now)] {
            for (number, point) in queries.enumerated() {
                let want = oracle.evaluate(point, filter, .wgs84)
                for (label, index) in indexes {
                    let note = "\(label) \(fleetName) q#\(number) \(point) \(filter.customerId) \(seedNote(seed))"
                    for k in [1, 10, 50] {
                        let got = try index.nearest(k, to: point, filter: filter, options: options)
                        #expect(got.rows == want.nearest(k), "exact kNN k=\(k) \(note)")
                        #expect(got.excluded == want.nearestExclusions(k), "exact kNN exclusions \(note)")
                        #expect(got.model == .wgs84)
                    }
                    let capped = try index.nearest(10, to: point, within: 500_000, filter: filter, options: options)
                    #expect(capped.rows == want.nearest(10, cap: 500_000), "exact capped \(note)")
                    for radius in [0.0, 5_000, 800_000] {
                        let got = try index.within(radius, of: point, filter: filter, options: options)
                        #expect(got.rows == want.within(radius), "exact within \(radius) \(note)")
                        #expect(got.excluded == want.exclusions(radius), "exact within exclusions \(note)")
                    }
                }
            }
        }
    }

    /// A case where the sphere and the ellipsoid disagree on the order: exact mode follows the ellipsoid.
    /// Near the equator the sphere overstates north-south distances (+0.56 %) and understates east-west ones
    /// less, so a vehicle 1000 m north and one 1003 m east swap places.
    @Test func ellipsoidReordersNeighbours() throws {
        let origin = try Coordinate(latitude: 0, longitude: 10)
        let north = try Coordinate(latitude: 1000 / 110_574.0, longitude: 10)  // ~1000 m on WGS84
        let east = try Coordinate(latitude: 0, longitude: 10 + 1003 / 111_319.5)  // ~1003 m on WGS84
        let index = FleetIndex()
        index.upsert(contentsOf: [
            VehiclePosition(id: "north", coordinate: north, timestamp: TestFleets.now, customerId: "c"),
            VehiclePosition(id: "east", coordinate: east, timestamp: TestFleets.now, customerId: "c"),
        ])
        let filter = VehicleFilter(customerId: "c", now: TestFleets.now)
        let sphere = try index.nearest(2, to: origin, filter: filter)
        let exact = try index.nearest(2, to: origin, filter: filter, options: .init(model: .wgs84))
        #expect(sphere.rows.map(\.id) == ["east", "north"])
        #expect(exact.rows.map(\.id) == ["north", "east"])
        #expect(abs(exact.vehicles[0].distanceMeters - Geodesic.wgs84.distance(from: origin, to: north)) == 0)
    }
}
