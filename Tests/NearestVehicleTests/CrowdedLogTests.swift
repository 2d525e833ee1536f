import Foundation
import Geo
@testable import NearestVehicle
import SeededRandom
import Testing
import TestSupport

/// A k-nearest query searches each log segment by one radius pass (the base's k-th distance) when the base holds k,
/// and takes a segment's k nearest instead once the pass finds more than `FleetIndex.logRadiusLimit(k)` entries (a
/// fleet moved in a body to where the query is, before a rebuild folds the log). Both against the brute-force oracle.
@Suite struct CrowdedLogTests {
    @Test func fleetMovedToTheQueryMatchesOracle() throws {
        let seed = testSeed(default: 0xC20_0D17)
        var generator = SplitMix64(seed: seed)
        // No rebuild during the test: the moves stay in the log, in segments of 64.
        var configuration = FleetIndex.Configuration(minimumRebuildDelta: 1_000_000, rebuildDeltaFraction: 0,
                                                     batchSliceSize: 100, logSegmentSize: 64)
        configuration.quietCompactionDelay = nil
        let query = try Coordinate(latitude: 45.76, longitude: 4.84)
        // The base: 600 vehicles of A 40-90 km from the query, and 200 of B.
        var vehicles: [VehiclePosition] = []
        for number in 0..<800 {
            let bearing = Double.random(in: 0..<360, using: &generator)
            let meters = Double.random(in: 40_000...90_000, using: &generator)
            vehicles.append(TestFleets.vehicle(id: "v\(number)", at: Self.destination(query, bearing, meters),
                                               &generator, customers: [number < 600 ? "A" : "B"]))
        }
        let index = FleetIndex.load(vehicles, configuration: configuration).index
        var oracle = FleetOracle()
        for vehicle in vehicles { _ = oracle.upsert(vehicle) }
        // 450 of A move to within 2 km of the query, 60 of them to one spot (ties at one distance), 40 of B too.
        let spot = Self.destination(query, 30, 700)
        var moved: [VehiclePosition] = []
        for (position, number) in (Array(0..<450) + Array(600..<640)).enumerated() {
            var vehicle = vehicles[number]
            vehicle.timestamp = vehicle.timestamp.addingTimeInterval(60)
            vehicle.coordinate = position < 60 ? spot
                : Self.destination(query, Double.random(in: 0..<360, using: &generator),
                                   Double.random(in: 0...2_000, using: &generator))
            moved.append(vehicle)
        }
        index.upsert(contentsOf: moved)
        for vehicle in moved { _ = oracle.upsert(vehicle) }
        #expect(index.logSegmentCount(customerId: "A") > 0, "the moves are in log segments")
        let points = [query, spot, Self.destination(query, 200, 1_500), Self.destination(query, 90, 60_000)]
        for customer in ["A", "B"] {
            for filter in TestFleets.filters(customer: customer) {
                for (number, point) in points.enumerated() {
                    let want = oracle.evaluate(point, filter)
                    for k in [1, 5, 10, 40, 100] {
                        let got = try index.nearest(k, to: point, filter: filter)
                        #expect(got.rows == want.nearest(k),
                                "k=\(k) \(customer) q#\(number) \(filter) \(seedNote(seed))")
                    }
                }
            }
        }
        #expect(FleetIndex.logRadiusLimit(10) < 450, "the radius pass overflows at the query")
    }

    /// The point `meters` from `start` on the initial bearing `degrees` (sphere of the mean radius).
    static func destination(_ start: Coordinate, _ degrees: Double, _ meters: Double) -> Coordinate {
        let angle = meters / Earth.meanRadiusMeters, bearing = degrees * .pi / 180
        let phi1 = start.latitude * .pi / 180, lambda1 = start.longitude * .pi / 180
        let phi2 = asin(sin(phi1) * cos(angle) + cos(phi1) * sin(angle) * cos(bearing))
        let lambda2 = lambda1 + atan2(sin(bearing) * sin(angle) * cos(phi1), cos(angle) - sin(phi1) * sin(phi2))
        var longitude = lambda2 * 180 / .pi
        if longitude > 180 { longitude -= 360 } else if longitude < -180 { longitude += 360 }
        return try! Coordinate(latitude: phi2 * 180 / .pi, longitude: longitude)
    }
}
