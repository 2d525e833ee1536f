import Foundation
import Testing
@testable import Geo

@Suite struct CoordinateTests {
    @Test(arguments: [(90.0, 180.0), (-90.0, -180.0), (0.0, -0.0), (48.8566, 2.3522), (-33.9, 151.2)])
    func acceptsTheClosedRanges(latitude: Double, longitude: Double) throws {
        let c = try Coordinate(latitude: latitude, longitude: longitude)
        #expect(c.latitude == latitude && c.longitude == longitude)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func rejectsNonFiniteValues(value: Double) {
        #expect(throws: CoordinateError.notFinite) { try Coordinate(latitude: value, longitude: 0) }
        #expect(throws: CoordinateError.notFinite) { try Coordinate(latitude: 0, longitude: value) }
    }

    @Test(arguments: [90.000001, -90.000001, 91, -1000])
    func rejectsLatitudesOutOfRange(latitude: Double) {
        #expect(throws: CoordinateError.latitudeOutOfRange) { try Coordinate(latitude: latitude, longitude: 0) }
    }

    @Test(arguments: [180.000001, -180.000001, 360])
    func rejectsLongitudesOutOfRange(longitude: Double) {
        #expect(throws: CoordinateError.longitudeOutOfRange) { try Coordinate(latitude: 0, longitude: longitude) }
    }

    @Test func errorMessagesNameTheValue() {
        do {
            _ = try Coordinate(latitude: 91, longitude: 2.5)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("invalid latitude 91.0"))
            #expect(error.description.contains("[-90, 90]"))
        }
    }

    @Test func decodingValidates() throws {
        let good = try JSONDecoder().decode(Coordinate.self, from: Data(#"{"latitude": 45, "longitude": 5}"#.utf8))
        #expect(good == (try Coordinate(latitude: 45, longitude: 5)))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Coordinate.self, from: Data(#"{"latitude": 91, "longitude": 5}"#.utf8))
        }
    }
}
