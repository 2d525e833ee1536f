import Foundation
import Testing
@testable import OceanAPI

/// The docs' full example payloads decode through the real client (generated types + mapping to public models).
@Suite struct DocExampleDecodingTests {
    private func client(body: String) -> OceanClient {
        OceanClient(
            configuration: OceanClientConfiguration(
                baseURL: URL(string: "https://example.invalid")!, login: "l", password: "p", retry: .none
            ),
            transport: FixtureTransport(body: body)
        )
    }

    @Test func authenticate2Example() async throws {
        let body = try Fixtures.json("authenticate2-response.jsonc")
        let client = OceanClient(
            configuration: .init(baseURL: URL(string: "https://example.invalid")!, login: "l", password: "p"),
            transport: FixtureTransport(authBody: body, body: #"{"entities": []}"#)
        )
        try await client.authenticate()
        #expect(await client.tokens.current == "string")
    }

    @Test func entitiesExample() async throws {
        let entities = try await client(body: Fixtures.json("entities-response.txt")).entities()
        #expect(entities == [OceanEntity(id: 0, name: "string")])
    }

    @Test func vehiclesExample() async throws {
        let vehicles = try await client(body: Fixtures.json("vehicles-response.jsonc")).vehicles()
        let vehicle = try #require(vehicles.first)
        #expect(vehicles.count == 1)
        #expect(vehicle.id == 0)
        #expect(vehicle.registration == "string")
        #expect(vehicle.entity == OceanEntity(id: 0, name: "string"))
        #expect(vehicle.driver?.lastName == "string")
        #expect(vehicle.category == "UNDEFINED")
        #expect(vehicle.privacyEnabled == true)
        #expect(vehicle.deviceSerialNumber == "string")
    }

    @Test func vehiclePositionsExample() async throws {
        let positions = try await client(body: Fixtures.json("vehiclePositions-response.json")).vehiclePositions()
        let vehicle = try #require(positions.first)
        #expect(vehicle.vehicleId == "string")
        #expect(vehicle.registration == "string")
        let position = try #require(vehicle.position)
        #expect(position.latitude == 0)
        #expect(position.longitude == 0)
        #expect(position.state == VehicleState(rawValue: "string"))
        #expect(position.driver?.phone == "string")
        #expect(position.timestamp == nil) // "string" is not a date
    }

    @Test func nearestVehiclesExample() async throws {
        let results = try await client(body: Fixtures.json("nearestVehicles-response.json"))
            .nearestVehicles(.init(latitude: 48.85, longitude: 2.35, mode: .byRoad, resultsLimit: 3))
        let result = try #require(results.first)
        #expect(result.vehicleId == 0)
        #expect(result.distance == 0)
        #expect(result.duration == .zero)
        #expect(result.state == .undefined)
        let eta = try #require(result.eta)
        #expect(abs(eta.timeIntervalSince1970 - 1_734_519_938.972) < 0.001)
        #expect(result.positionTime == result.eta)
        #expect(result.driver?.firstName == "string")
        #expect(result.groupId == 0)
    }

    @Test func nearestVehiclesRequestExampleModes() throws {
        // The docs' body says "VOL_OISEAU ou PAR_ROUTE": both raw values are ours.
        let text = try Fixtures.text("nearestVehicles-request.txt")
        for mode in [ComputeMode.crowFlies, .byRoad] {
            #expect(text.contains(mode.rawValue))
        }
    }

    @Test func positionTimestampParsing() {
        let date = OceanVehiclePosition.timestamp(date: "18/12/2024", time: "11:05:38")
        #expect(date == Date(timeIntervalSince1970: 1_734_519_938))
        #expect(OceanVehiclePosition.timestamp(date: "2024-12-18", time: "11:05:38") == date)
        #expect(OceanVehiclePosition.timestamp(date: "2024-12-18T11:05:38Z", time: nil) == date)
        #expect(OceanVehiclePosition.timestamp(date: "string", time: "string") == nil)
    }
}
