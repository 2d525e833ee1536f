import Foundation
import Geo
import OceanAPI  // deliberately not @testable: these initialisers are what users of the library can call
import Testing

/// The model values can be built outside the module (for fakes and tests), with every optional defaulted to nil.
@Suite struct PublicModelInitTests {
    @Test func everyFieldIsOptionalAndDefaultsToNil() {
        let position = OceanVehiclePosition()
        #expect(position.vehicleId == nil && position.registration == nil && position.position == nil)
        let fix = OceanVehiclePosition.Position()
        #expect(fix.latitude == nil && fix.timestamp == nil && fix.driver == nil && fix.coordinate == nil)
        let vehicle = OceanVehicle()
        #expect(vehicle.id == nil && vehicle.entity == nil && vehicle.deviceSerialNumber == nil)
        let nearest = OceanNearestVehicle()
        #expect(nearest.vehicleId == nil && nearest.duration == nil && nearest.coordinate == nil)
        let driver = VehicleDriver()
        #expect(driver.id == nil && driver.firstName == nil && driver.phone == nil)
    }

    @Test func fieldsAreKeptAsGiven() throws {
        let driver = VehicleDriver(id: "7", firstName: "Ada", lastName: "Lovelace", employeeNumber: "M-7", phone: "+33 1")
        let fixTime = Date(timeIntervalSince1970: 1_800_000_000)
        let position = OceanVehiclePosition(
            vehicleId: "42", registration: "AB-123-CD", description: "Van", entityName: "Agence Nord", make: "Renault",
            model: "Kangoo",
            position: .init(
                latitude: 48.8566, longitude: 2.3522, heading: 90, state: .traveling, dateText: "15/01/2027",
                timeText: "07:56:40", timestamp: fixTime, driver: driver, town: "Paris", address: "1 rue de Rivoli"
            )
        )
        #expect(position.vehicleId == "42" && position.entityName == "Agence Nord" && position.model == "Kangoo")
        let fix = try #require(position.position)
        #expect(fix.heading == 90 && fix.state == .traveling && fix.timeText == "07:56:40" && fix.timestamp == fixTime)
        #expect(fix.driver == driver && fix.town == "Paris")
        #expect(fix.coordinate == (try Coordinate(latitude: 48.8566, longitude: 2.3522)))

        let vehicle = OceanVehicle(
            id: 42, registration: "AB-123-CD", make: "Renault", model: "Kangoo", description: "Van", category: "VUL",
            entity: OceanEntity(id: 10011, name: "Agence Nord"), driver: driver, odometer: 12_345.5,
            privacyEnabled: false, deviceSerialNumber: "SN-1"
        )
        #expect(vehicle.entity?.id == 10011 && vehicle.entity?.name == "Agence Nord")
        #expect(vehicle.odometer == 12_345.5 && vehicle.privacyEnabled == false && vehicle.deviceSerialNumber == "SN-1")

        let nearest = OceanNearestVehicle(
            vehicleId: 42, description: "Van", latitude: 45.764, longitude: 4.8357, distance: 1_234.5,
            duration: .seconds(150), eta: fixTime, state: .stopped, positionTime: fixTime, driver: driver, groupId: 3,
            town: "Lyon", address: "Place Bellecour", privacyEnabled: false
        )
        #expect(nearest.distance == 1_234.5 && nearest.duration == .seconds(150) && nearest.groupId == 3)
        #expect(nearest.coordinate == (try Coordinate(latitude: 45.764, longitude: 4.8357)))
    }

    /// The initialisers validate nothing (they describe what Ocean sent); `coordinate` is where validation happens.
    @Test(arguments: [(91.0, 0.0), (0.0, 181.0), (Double.nan, 0.0)])
    func invalidPositionsAreKeptButHaveNoCoordinate(latitude: Double, longitude: Double) {
        let fix = OceanVehiclePosition.Position(latitude: latitude, longitude: longitude)
        #expect(fix.longitude == longitude && fix.coordinate == nil)
        let nearest = OceanNearestVehicle(latitude: latitude, longitude: longitude)
        #expect(nearest.longitude == longitude && nearest.coordinate == nil)
    }
}
