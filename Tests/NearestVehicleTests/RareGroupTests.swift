import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// The nearest vehicles of a rare group, state or entity parked in one place, or of the few with a fresh position,
/// asked for from elsewhere: the base's subtree summaries (`SubtreeAttributes`) skip the vehicles between, and the
/// answers stay the brute-force oracle's, bulk-loaded, upserted live (base, segments, tail) and log-only.
@Suite struct RareGroupTests {
    @Test func rareAttributesFarFromTheQueryMatchTheOracle() throws {
        let seed = testSeed(default: 0x4A2E)
        var generator = SplitMix64(seed: seed)
        let depot = try Coordinate(latitude: 45.76, longitude: 4.84)
        var vehicles = TestFleets.fleet("continent", count: 3_000, &generator)
        for number in 0..<25 {
            vehicles.append(VehiclePosition(
                id: "hazmat\(number)", coordinate: Fleets.near(depot, spreadDegrees: 0.1, &generator),
                timestamp: TestFleets.now, customerId: TestFleets.customers[number % 2], entityId: "depot-lyon",
                groupId: "hazmat", state: number % 3 == 0 ? "CHARGING" : .waiting, isPrivacyMode: number % 5 == 0))
        }
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        let indexes = FleetIndexOracleTests.indexes(for: vehicles, &generator)
        let cities = [(48.86, 2.35), (51.51, -0.13), (52.52, 13.40), (40.42, -3.70), (45.77, 4.85), (-33.9, 151.2)]
        for customer in TestFleets.customers {
            let filters = [
                VehicleFilter(customerId: customer, groupIds: ["hazmat"], now: TestFleets.now),
                VehicleFilter(customerId: customer, groupIds: ["hazmat", "g1"], now: TestFleets.now),
                VehicleFilter(customerId: customer, entityIds: ["depot-lyon"], now: TestFleets.now,
                              includesPrivacyMode: true),
                VehicleFilter(customerId: customer, states: ["CHARGING"], now: TestFleets.now),
                VehicleFilter(customerId: customer, groupIds: ["hazmat"], states: [.waiting], now: TestFleets.now),
                VehicleFilter(customerId: customer, groupIds: ["no-such-group"], now: TestFleets.now),
            ]
            try Self.expectOracle(filters, at: cities, indexes, oracle, seed: seed, countingExclusions: true)
        }
    }

    /// Ages from a second to two days, a fresh few at one depot, and vehicles exactly at each tested maximum age
    /// (which pass) and 1 ms beyond it (which do not), around the age classes' edges.
    @Test func agesAtTheEdgesMatchTheOracle() throws {
        let seed = testSeed(default: 0xA6E)
        var generator = SplitMix64(seed: seed)
        let now = TestFleets.now
        let depot = try Coordinate(latitude: 45.76, longitude: 4.84)
        let maxAges: [Double] = [0, 30, 600, 3_600, 86_400]
        var vehicles = TestFleets.fleet("continent", count: 2_000, &generator).map { vehicle in
            var older = vehicle
            older.timestamp = now.addingTimeInterval(-Double.random(in: 1...172_800, using: &generator))
            return older
        }
        for number in 0..<20 {
            vehicles.append(VehiclePosition(
                id: "fresh\(number)", coordinate: Fleets.near(depot, spreadDegrees: 0.1, &generator),
                timestamp: now.addingTimeInterval(-Double(number)), customerId: TestFleets.customers[number % 3],
                state: .waiting))
        }
        for (number, maxAge) in maxAges.enumerated() {
            for (offset, beyond) in [0.0, 0.001].enumerated() {
                vehicles.append(VehiclePosition(
                    id: "edge\(number)-\(offset)", coordinate: Fleets.named("continent", count: 1, &generator)[0],
                    timestamp: now.addingTimeInterval(-maxAge - beyond), customerId: "A", state: .stopped))
            }
        }
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        let indexes = FleetIndexOracleTests.indexes(for: vehicles, &generator)
        let cities = [(48.86, 2.35), (51.51, -0.13), (52.52, 13.40), (45.77, 4.85), (40.42, -3.70)]
        for customer in TestFleets.customers {
            for maxAge in maxAges {
                let filters = [
                    VehicleFilter(customerId: customer, maxPositionAge: maxAge, now: now),
                    VehicleFilter(customerId: customer, states: [.stopped], maxPositionAge: maxAge, now: now),
                ]
                try Self.expectOracle(filters, at: cities, indexes, oracle, seed: seed, countingExclusions: false)
            }
        }
    }

    /// Each filter from each city (latitude, longitude), k 1, 10 and 30, on each index, against the oracle; with
    /// `countingExclusions`, also the exclusion counts of k = 10.
    static func expectOracle(
        _ filters: [VehicleFilter], at cities: [(Double, Double)], _ indexes: [(String, FleetIndex)],
        _ oracle: FleetOracle, seed: UInt64, countingExclusions: Bool
    ) throws {
        for filter in filters {
            for (number, city) in cities.enumerated() {
                let point = try Coordinate(latitude: city.0, longitude: city.1)
                let want = oracle.evaluate(point, filter)
                for (label, index) in indexes {
                    let note = "\(label) \(filter.customerId) q#\(number) filter \(filter) \(seedNote(seed))"
                    for k in [1, 10, 30] {
                        let got = try index.nearest(k, to: point, filter: filter,
                                                    options: QueryOptions(countsExclusions: false))
                        #expect(got.rows == want.nearest(k), "kNN k=\(k) \(note)")
                    }
                    guard countingExclusions else { continue }
                    let counted = try index.nearest(10, to: point, filter: filter)
                    #expect(counted.excluded == want.nearestExclusions(10), "exclusions \(note)")
                }
            }
        }
    }
}
