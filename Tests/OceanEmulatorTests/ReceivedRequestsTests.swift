import Foundation
import HummingbirdTesting
import Testing
@testable import OceanEmulator

/// ``OceanEmulator/receivedRequests(path:)``: API calls counted by path (query excluded) as they arrive, refused
/// ones included; `/_admin` calls are not counted.
@Suite struct ReceivedRequestsTests {
    @Test func countsAPICallsByPathButNotAdminCalls() async throws {
        let emulator = EmulatorRouteTests.emulator()
        #expect(emulator.receivedRequests() == 0)
        try await emulator.buildApplication().test(.router) { client in
            let token = try await EmulatorRouteTests.login(client)
            try await client.execute(
                uri: "/restapi/mobility/v1/vehiclePositions?customerId=1001", method: .get,
                headers: EmulatorRouteTests.tokenHeader(token)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get) {
                #expect($0.status == .unauthorized)  // refused, but it did arrive
            }
            try await client.execute(uri: "/_admin/faults", method: .get) { _ in }
        }
        #expect(emulator.receivedRequests(path: "/restapi/auth/authenticate2") == 1)
        #expect(emulator.receivedRequests(path: "/restapi/mobility/v1/vehiclePositions") == 1)
        #expect(emulator.receivedRequests(path: "/restapi/mobility/v1/entities") == 1)
        #expect(emulator.receivedRequests(path: "/_admin/faults") == 0)
        #expect(emulator.receivedRequests() == 3)
    }
}
