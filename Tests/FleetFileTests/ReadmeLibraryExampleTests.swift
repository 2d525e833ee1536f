import FleetFile
import Foundation
import Geo
import NearestVehicle
import Proj
import Testing

/// README's "Library example", as written there (imports included), with the values its comments promise.
@Suite struct ReadmeLibraryExampleTests {
    @Test func theExampleRunsAndItsCommentsHold() throws {
        let unit = try LengthUnit.resolve("miles")
        let radiusMeters = unit.meters(3)
        #expect(abs(radiusMeters - 4828.032) < 1e-9)

        let lambert93 = try CoordinateTransform(from: "EPSG:2154")
        let incident = try lambert93.toWGS84(ProjectedPoint(x: 652_469.02, y: 6_861_682.26))
        #expect(abs(incident.latitude - 48.8534) < 1e-4 && abs(incident.longitude - 2.3522) < 1e-4)

        let vehicle = try Coordinate(latitude: 48.858_37, longitude: 2.294_481)
        #expect(abs(incident.distance(to: vehicle) - 4261.30) < 0.01)
        #expect(abs(Geodesic.wgs84.distance(from: incident, to: vehicle) - 4273.98) < 0.01)

        let (index, _) = FleetIndex.load(try SampleFleet.load())
        let filter = VehicleFilter(customerId: "1001", now: SampleFleet.referenceDate)
        let nearest = try index.nearest(5, to: incident, within: radiusMeters, filter: filter).vehicles
        #expect(nearest.count == 5)
        #expect(nearest.allSatisfy { $0.distanceMeters <= radiusMeters && $0.vehicle.customerId == "1001" })
        #expect(zip(nearest, nearest.dropFirst()).allSatisfy { $0.distanceMeters <= $1.distanceMeters })
    }
}
