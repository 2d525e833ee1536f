import Foundation
import Hummingbird
import HummingbirdTesting
import Geo
import NearestVehicleOcean
import OceanEmulator
import Testing
@testable import dispatch_service

/// The example's `GET /nearest`, in process (`app.test(.router)`), over a service whose Ocean is the emulator on a
/// live port 0. Expected answers come from the emulator itself (raw `OceanClient` calls), never from the service.
@Suite struct ServiceDispatchRouteTests {
    static let referenceDate = Date(timeIntervalSince1970: 1_800_000_000)

    func withDispatch(
        _ body: @Sendable (OceanEmulator, OceanClient, any TestClientProtocol) async throws -> Void
    ) async throws {
        var configuration = EmulatorConfiguration.synthetic(
            seed: 7, vehicleCount: 60, referenceDate: Self.referenceDate, port: 0)
        configuration.now = { Self.referenceDate }
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let client = OceanClient(configuration: OceanClientConfiguration(
                baseURL: url, login: "demo", password: "demo-password", customerId: 1001,
                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)),
                sleep: { _ in }))
            let index = FleetIndex()
            let report = try await FleetSync(client: client, index: index, customerId: 1001).syncOnce()
            #expect(report.inserted > 0)
            let directory = VehicleDirectory()
            #expect(try await directory.refresh(from: client, customerId: 1001) > 0)
            let service = NearestVehicleService(
                index: index, client: client, details: directory.lookup, now: { Self.referenceDate })
            let app = Application(router: DispatchApp.buildRouter(service: service))
            try await app.test(.router) { testClient in
                try await body(emulator, client, testClient)
            }
        }
    }

    static func decode(_ response: TestResponse) throws -> NearestAnswer {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(NearestAnswer.self, from: Data(buffer: response.body))
    }

    @Test func bothModesAnswerLikeOcean() async throws {
        try await withDispatch { _, client, testClient in
            let point = try Coordinate(latitude: 48.8566, longitude: 2.3522)
            let crow = try await client.nearestVehicles(NearestVehiclesQuery(point: point, mode: .crowFlies, radius: 3))
            try await testClient.execute(
                uri: "/nearest?customerId=1001&lat=48.8566&lon=2.3522&radius=3&unit=km", method: .get
            ) { response in
                #expect(response.status == .ok)
                let answer = try Self.decode(response)
                #expect(answer.computeMode == "VOL_OISEAU" && !answer.degraded && answer.unit == "km")
                #expect(answer.vehicles.map(\.vehicleId) == crow.map { String($0.vehicleId!) })
                for (ours, theirs) in zip(answer.vehicles, crow) {
                    #expect(abs(ours.distanceMeters - theirs.distance!) <= 1e-3)
                    #expect(ours.distanceSource == "local-haversine")
                }
            }
            let road = try await client.nearestVehicles(NearestVehiclesQuery(point: point, mode: .byRoad, resultsLimit: 3))
            try await testClient.execute(
                uri: "/nearest?customerId=1001&lat=48.8566&lon=2.3522&limit=3&mode=PAR_ROUTE&unit=mi", method: .get
            ) { response in
                #expect(response.status == .ok)
                let answer = try Self.decode(response)
                #expect(answer.computeMode == "PAR_ROUTE" && answer.requestedMode == "PAR_ROUTE" && answer.unit == "mi")
                #expect(answer.vehicles.map(\.vehicleId) == road.map { String($0.vehicleId!) })
                for (ours, theirs) in zip(answer.vehicles, road) {
                    #expect(ours.distanceMeters == theirs.distance)
                    #expect(abs(ours.distance - theirs.distance! / 1_609.344) <= 1e-9)
                    #expect(ours.duration == theirs.duration.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 })
                    #expect(ours.immatriculation != nil && ours.distanceSource == "remote-road")
                }
            }
        }
    }

    @Test func faultsAndRefusalsMapToStatuses() async throws {
        try await withDispatch { emulator, _, testClient in
            await emulator.setFaults(FaultConfiguration(errorBurstCount: 50, errorBurstStatus: 500))
            let byRoad = "/nearest?customerId=1001&lat=48.8566&lon=2.3522&limit=3&mode=PAR_ROUTE"
            try await testClient.execute(uri: byRoad, method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
            await emulator.setFaults(FaultConfiguration(errorBurstCount: 50, errorBurstStatus: 500))
            try await testClient.execute(uri: byRoad + "&fallback=crowFlies", method: .get) { response in
                #expect(response.status == .ok)
                let answer = try Self.decode(response)
                #expect(answer.degraded && answer.computeMode == "VOL_OISEAU" && answer.requestedMode == "PAR_ROUTE")
                #expect(answer.degradedReason?.contains("server error") == true)
                #expect(answer.vehicles.count == 3)
            }
            await emulator.setFaults(.none)
            try await testClient.execute(
                uri: "/nearest?customerId=1002&lat=48.8566&lon=2.3522&mode=PAR_ROUTE&fallback=crowFlies", method: .get
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await testClient.execute(
                uri: "/nearest?customerId=1001&lat=48.8566&lon=2.3522&radius=3&unit=kilometr", method: .get
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("kilometr"))
            }
            try await testClient.execute(
                uri: "/nearest?customerId=1001&lat=48.8566&lon=2.3522&limit=11&mode=PAR_ROUTE", method: .get
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await testClient.execute(uri: "/nearest?customerId=1001&lat=91&lon=0", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
