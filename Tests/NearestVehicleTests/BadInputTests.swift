import Foundation
import Geo
import NearestVehicle
import Testing

/// Invalid input is rejected with a descriptive error and never changes the index.
@Suite struct BadInputTests {
    let now = TestFleets.now

    func populated() throws -> FleetIndex {
        let index = FleetIndex()
        index.upsert(contentsOf: (0..<20).map {
            VehiclePosition(id: "v\($0)", coordinate: try! Coordinate(latitude: 45 + Double($0) / 100, longitude: 5),
                            timestamp: now, customerId: "c")
        })
        return index
    }

    /// Coordinates are validated where they are made (`Coordinate` throws: GeoTests); what reaches the index can
    /// still have an empty id or customer id: each is reported with its offset and reason, and the index is
    /// unchanged by them.
    @Test func invalidRecordsAreReportedAndIgnored() throws {
        let index = try populated()
        let at = try Coordinate(latitude: 45, longitude: 5)
        let positions = [
            VehiclePosition(id: "", coordinate: at, timestamp: now, customerId: "c"),
            VehiclePosition(id: "n6", coordinate: at, timestamp: now, customerId: ""),
            VehiclePosition(id: "ok", coordinate: try Coordinate(latitude: 90, longitude: 180), timestamp: now,
                            customerId: "c"),
            VehiclePosition(id: "", coordinate: at, timestamp: now + 10, customerId: ""),
        ]
        let before = try index.within(20_000_000, of: Coordinate(latitude: 0, longitude: 0),
                                      filter: VehicleFilter(customerId: "c", now: now))
        let report = index.upsert(contentsOf: positions)
        #expect(report.inserted == 1)
        #expect(report.rejections.map(\.offset) == [0, 1, 3])
        #expect(report.rejections.map(\.reason) == [.emptyID, .emptyCustomerID, .emptyID])
        #expect(report.rejections[1].description == "record 1 (id 'n6'): empty customer id")
        #expect(index.count == 21)
        #expect(index.position(forID: "n6") == nil)
        index.remove(id: "ok")
        let after = try index.within(20_000_000, of: Coordinate(latitude: 0, longitude: 0),
                                     filter: VehicleFilter(customerId: "c", now: now))
        #expect(after == before)
        #expect(index.count == 20)
    }

    /// Regression (review 2026-11-27): an infinite or huge `rebuildDeltaFraction` trapped converting the rebuild
    /// threshold to Int; it is clamped to [0, 16] (NaN: the default).
    @Test func extremeRebuildFractionsAreClamped() throws {
        for fraction in [Double.infinity, 1e300, .nan, -1] {
            let configuration = FleetIndex.Configuration(rebuildDeltaFraction: fraction)
            #expect((0...16).contains(configuration.rebuildDeltaFraction))
            let vehicles = (0..<50).map {
                VehiclePosition(id: "v\($0)", coordinate: try! Coordinate(latitude: 45 + Double($0) / 100, longitude: 5),
                                timestamp: now, customerId: "c")
            }
            let (index, _) = FleetIndex.load(vehicles, configuration: configuration)
            index.upsert(contentsOf: vehicles.map { var moved = $0; moved.timestamp += 1; return moved })
            let answer = try index.nearest(3, to: try Coordinate(latitude: 45, longitude: 5),
                                           filter: VehicleFilter(customerId: "c", now: now))
            #expect(answer.vehicles.map(\.vehicle.id) == ["v0", "v1", "v2"])
        }
    }

    @Test func invalidQueriesThrow() throws {
        let index = try populated()
        let point = try Coordinate(latitude: 45, longitude: 5)
        let filter = VehicleFilter(customerId: "c", now: now)
        #expect(throws: FleetIndexError.invalidCount) { try index.nearest(0, to: point, filter: filter) }
        #expect(throws: FleetIndexError.invalidCount) { try index.nearest(-3, to: point, filter: filter) }
        #expect(throws: FleetIndexError.emptyCustomerID) {
            try index.nearest(1, to: point, filter: VehicleFilter(customerId: ""))
        }
        for age in [-1.0, .nan, .infinity] {
            #expect(throws: FleetIndexError.invalidMaxAge) {
                try index.within(10, of: point, filter: VehicleFilter(customerId: "c", maxPositionAge: age))
            }
        }
        // Radii are metres: negative, NaN and infinite ones are refused by both queries and both models, before
        // the customer is looked up (an unknown customer does not hide the error).
        for radius in [-1.0, -.leastNonzeroMagnitude, .nan, .infinity, -.infinity] {
            for options in [QueryOptions(), QueryOptions(model: .wgs84)] {
                #expect(throws: FleetIndexError.invalidRadius) {
                    try index.within(radius, of: point, filter: filter, options: options)
                }
                #expect(throws: FleetIndexError.invalidRadius) {
                    try index.nearest(1, to: point, within: radius, filter: filter, options: options)
                }
                #expect(throws: FleetIndexError.invalidRadius) {
                    try index.within(radius, of: point, filter: VehicleFilter(customerId: "nobody"), options: options)
                }
            }
        }
        #expect(throws: FleetIndexError.invalidCount) { try index.nearest(0, to: point, within: -1, filter: filter) }
        do {
            _ = try index.within(-2, of: point, filter: filter)
            Issue.record("a negative radius was accepted")
        } catch {
            #expect(error.description == "radius must be a finite number of metres >= 0 (got -2.0)")
        }
        // 0 is a radius: the vehicle exactly at the point.
        #expect(try index.within(0, of: point, filter: filter).vehicles.map(\.vehicle.id) == ["v0"])
        #expect(try index.nearest(5, to: point, within: 0, filter: filter).vehicles.map(\.vehicle.id) == ["v0"])
        #expect(throws: CoordinateError.latitudeOutOfRange) { try Coordinate(latitude: 91, longitude: 0) }
        #expect(throws: CoordinateError.notFinite) { try Coordinate(latitude: .nan, longitude: 0) }
        #expect(try index.nearest(25, to: point, filter: filter).vehicles.count == 20)
        #expect(index.count == 20)
        let error = FleetIndexError.invalidCount
        #expect(!("\(String(describing: try? index.nearest(0, to: point, filter: filter)))").isEmpty)
        do {
            _ = try index.nearest(0, to: point, filter: filter)
        } catch {
            #expect(error == FleetIndexError.invalidCount)
            #expect(error.description.contains("k must be >= 1"))
        }
        _ = error
    }
}
