import Foundation
import Geo
import NearestVehicle
import NearestVehicleService
import Proj
import Testing

/// `NearestVehiclesRequest` validation and unit resolution; expected metres are hand-computed from the unit
/// definitions (international mile 1609.344 m, nautical mile 1852 m, foot 0.3048 m, US survey foot 1200/3937 m).
@Suite struct ServiceRequestTests {
    struct Invalid: CustomTestStringConvertible, Sendable {
        let label: String
        let expected: NearestVehiclesRequestError
        let make: @Sendable () throws -> NearestVehiclesRequest
        var testDescription: String { label }
    }

    static let invalid: [Invalid] = [
        Invalid(label: "empty customer", expected: .emptyCustomerID) {
            try NearestVehiclesRequest(customerId: "", latitude: 0, longitude: 0)
        },
        Invalid(label: "latitude 91", expected: .invalidCoordinate) {
            try NearestVehiclesRequest(customerId: "A", latitude: 91, longitude: 0)
        },
        Invalid(label: "longitude NaN", expected: .invalidCoordinate) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: .nan)
        },
        Invalid(label: "longitude -180.5", expected: .invalidCoordinate) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: -180.5)
        },
        Invalid(label: "radius 0", expected: .invalidRadius) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, radius: 0)
        },
        Invalid(label: "radius -1", expected: .invalidRadius) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, radius: -1)
        },
        Invalid(label: "radius infinity", expected: .invalidRadius) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, radius: .infinity)
        },
        Invalid(label: "radius NaN", expected: .invalidRadius) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, radius: .nan)
        },
        Invalid(label: "unit furlongz", expected: .unknownUnit) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, radius: 1, radiusUnit: "furlongz")
        },
        Invalid(label: "crow-flies limit 0", expected: .invalidResultsLimit) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 0)
        },
        Invalid(label: "by-road limit 0", expected: .invalidResultsLimit) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 0, mode: .byRoad)
        },
        Invalid(label: "by-road limit 11", expected: .invalidResultsLimit) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 11, mode: .byRoad)
        },
        Invalid(label: "max age -1", expected: .invalidMaxAge) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, maxPositionAge: -1)
        },
        Invalid(label: "max age NaN", expected: .invalidMaxAge) {
            try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, maxPositionAge: .nan)
        },
    ]

    @Test(arguments: invalid)
    func invalidRequestsThrowTheirError(_ row: Invalid) {
        #expect {
            try row.make()
        } throws: { error in
            guard let error = error as? NearestVehiclesRequestError else { return false }
            return error == row.expected && !error.description.isEmpty
        }
    }

    @Test func unknownUnitSuggestsCloseSpellings() throws {
        do {
            _ = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, radius: 1, radiusUnit: "kilometr")
            Issue.record("accepted an unknown unit")
        } catch {
            #expect(error == .unknownUnit)
            let suggestions = try #require(error.unitError?.suggestions)
            #expect(suggestions.contains { $0.lowercased().hasPrefix("kilomet") })
            #expect(error.description.contains("kilometr"))
        }
    }

    @Test func invalidCoordinateKeepsTheCoordinateError() {
        do {
            _ = try NearestVehiclesRequest(customerId: "A", latitude: 95, longitude: 0)
        } catch {
            #expect(error.coordinateError == .latitudeOutOfRange)
        }
    }

    /// (spelling, value, metres, hand-computed).
    static let units: [(String, Double, Double)] = [
        ("km", 2.5, 2_500),
        ("KM", 1, 1_000),
        ("EPSG:9036", 1, 1_000),
        ("m", 750, 750),
        ("mi", 5, 8_046.72),
        ("miles", 1, 1_609.344),
        ("nmi", 3, 5_556),
        ("NM", 1, 1_852),
        ("ft", 1_000, 304.8),
        ("us-ft", 1_000, 304.800_609_601_219_2),
    ]

    @Test(arguments: units)
    func radiusUnitsResolveThroughPROJ(_ row: (String, Double, Double)) throws {
        let request = try NearestVehiclesRequest(
            customerId: "A", latitude: 0, longitude: 0, radius: row.1, radiusUnit: row.0)
        let meters = try #require(request.radius?.meters)
        #expect(abs(meters - row.2) <= 1e-9 * row.2, "\(row.0): \(meters) m")
        #expect(request.unit == request.radius?.unit)
    }

    @Test func limitsAtTheirBounds() throws {
        let road = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 10, mode: .byRoad)
        #expect(road.byRoadResultsLimit == 10)
        let one = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 1, mode: .byRoad)
        #expect(one.byRoadResultsLimit == 1)
        let defaulted = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, mode: .byRoad)
        #expect(defaulted.resultsLimit == nil && defaulted.byRoadResultsLimit == 10)
        // Crow-flies has no upper bound (Ocean's 1...10 applies to PAR_ROUTE only).
        let many = try NearestVehiclesRequest(customerId: "A", latitude: 0, longitude: 0, resultsLimit: 500)
        #expect(many.resultsLimit == 500)
        // Defaults: kilometres (Ocean's default), no radius, fail on remote trouble, sphere ranking.
        #expect(many.unit.identifier == "EPSG:9036" && many.radius == nil && many.fallback == .fail && !many.exactWGS84)
        #expect(ComputeMode(rawValue: "PAR_ROUTE") == .byRoad)
        #expect(ComputeMode(rawValue: "VOL_OISEAU") == .crowFlies)
    }
}
