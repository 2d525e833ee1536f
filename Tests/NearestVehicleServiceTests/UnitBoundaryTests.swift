import Foundation
import Geo
import NearestVehicle
import NearestVehicleService
import Proj
import Testing

/// Units live at the service boundary: `Distance` validates a radius in any PROJ unit, the service hands the index
/// metres and converts the index's metres to the request's unit (`distance = distanceMeters / metresPerUnit`).
@Suite struct UnitBoundaryTests {
    @Test func distanceIsValidated() throws {
        #expect(throws: DistanceError.negative) { try Distance(-1, .meter) }
        #expect(throws: DistanceError.notFinite) { try Distance(.nan, .kilometer) }
        #expect(throws: DistanceError.notFinite) { try Distance(.infinity, .meter) }
        #expect(throws: DistanceError.notFinite) { try Distance(-.infinity, unit: "km") }
        #expect(throws: UnknownLengthUnitError.self) { try Distance(5, unit: "furlongz") }
        #expect(try Distance(3, unit: "miles").meters == 3 * 1609.344)
        #expect(try Distance.kilometers(2).meters == 2_000 && Distance.meters(7).meters == 7)
    }

    /// The fixture of the engine's `FleetIndexOracleTests.resultFields`, asked through the service: the radius in
    /// miles reaches the index as metres, distances come back in the request's unit.
    @Test func resultsInTheRequestedUnit() async throws {
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        let vehicle = VehiclePosition(id: "1", coordinate: try Coordinate(latitude: 48.8666, longitude: 2.3522),
                                      timestamp: now.addingTimeInterval(-90), customerId: "c")
        let index = FleetIndex()
        index.upsert(vehicle)
        let service = NearestVehicleService(index: index, now: { now })
        let inMiles = try await service.nearestVehicles(try NearestVehiclesRequest(
            customerId: "c", latitude: paris.latitude, longitude: paris.longitude, radius: 2, radiusUnit: "mi"))
        #expect(inMiles.unit.shortName == "mi")
        let hit = try #require(inMiles.vehicles.first)
        #expect(hit.distanceMeters == paris.distance(to: vehicle.coordinate))
        #expect(abs(hit.distance - hit.distanceMeters / 1609.344) < 1e-12)
        #expect(hit.positionAge == 90)
        let inKilometres = try await service.nearestVehicles(try NearestVehiclesRequest(
            customerId: "c", latitude: paris.latitude, longitude: paris.longitude, radiusUnit: "km", resultsLimit: 1))
        #expect(abs(inKilometres.vehicles[0].distance - hit.distanceMeters / 1000) < 1e-12)
        #expect(inKilometres.unit == .kilometer)
        // The radius reaches the index in metres: in feet, 1 mm beyond the vehicle keeps it, 1 mm short drops it
        // (read as metres, either radius would keep it).
        func request(feet: Double) throws -> NearestVehiclesRequest {
            try NearestVehiclesRequest(customerId: "c", latitude: paris.latitude, longitude: paris.longitude,
                                       radius: feet, radiusUnit: "ft")
        }
        let beyond = try await service.nearestVehicles(try request(feet: (hit.distanceMeters + 1e-3) / 0.3048))
        #expect(beyond.vehicles.map(\.vehicleId) == ["1"] && beyond.unit.symbol == "ft")
        #expect(abs(beyond.vehicles[0].distance - hit.distanceMeters / 0.3048) < 1e-9)
        let short = try await service.nearestVehicles(try request(feet: (hit.distanceMeters - 1e-3) / 0.3048))
        #expect(short.vehicles.isEmpty)
    }
}
