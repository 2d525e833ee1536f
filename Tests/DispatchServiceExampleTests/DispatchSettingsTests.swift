import Foundation
import NearestVehicleServer
import OceanEmulator
import OceanTestSupport
import Testing
@testable import dispatch_service
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The example's startup settings (issue 14: every bad value a one-line error, never a trap or a silent default)
/// and the embedded server over the emulator (caller authentication is Ocean's).
@Suite struct DispatchSettingsTests {
    static let base = ["OCEAN_LOGIN": "multi", "OCEAN_PASSWORD": "multi-password"]

    @Test func defaults() throws {
        let configuration = try DispatchSettings.configuration(from: Self.base)
        #expect(configuration.port == 8081)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.syncInterval == .seconds(30))
        #expect(configuration.requestDeadline == .seconds(10))
        #expect(configuration.sync?.login == "multi")
    }

    @Test(arguments: [
        (["PORT": "-1"], "PORT"), (["PORT": "70000"], "PORT"), (["PORT": "abc"], "PORT"),
        (["SYNC_SECONDS": "0"], "SYNC_SECONDS"), (["SYNC_SECONDS": "x"], "SYNC_SECONDS"),
        (["DEADLINE_SECONDS": "0"], "DEADLINE_SECONDS"), (["OCEAN_BASE_URL": "not a url"], "OCEAN_BASE_URL"),
        (["OCEAN_CUSTOMER_ID": "10a"], "OCEAN_CUSTOMER_ID"), (["OCEAN_LOGIN": ""], "OCEAN_LOGIN"),
    ])
    func invalidSettingsAreOneLineErrors(overrides: [String: String], name: String) {
        let environment = Self.base.merging(overrides) { _, new in new }
        #expect {
            _ = try DispatchSettings.configuration(from: environment)
        } throws: { error in
            let text = "\(error)"
            return text.contains(name) && !text.contains("\n") && !text.contains("multi-password")
        }
    }

    /// An anonymous caller gets 401, whatever it asks (the old example answered anyone).
    @Test func embeddedServerAuthenticatesCallersWithOcean() async throws {
        let emulatorConfiguration = EmulatorWorld.configuration(vehicles: 60, seed: 7)
        try await OceanEmulator(configuration: emulatorConfiguration).withRunningServer { upstream in
            var configuration = try DispatchSettings.configuration(from: Self.base.merging([
                "OCEAN_BASE_URL": upstream.absoluteString, "OCEAN_CUSTOMER_ID": "1001",
            ]) { _, new in new })
            configuration.port = 0
            let server = try NearestVehicleServer(configuration: configuration)
            try await server.withRunningServer { url in
                var components = URLComponents(
                    url: url.appendingPathComponent("/restapi/vehicule_engin/nearestVehicles"),
                    resolvingAgainstBaseURL: false)!
                components.queryItems = [
                    URLQueryItem(name: "customerId", value: "1002"), URLQueryItem(name: "latitude", value: "48.85"),
                    URLQueryItem(name: "longitude", value: "2.35"),
                ]
                var anonymous = URLRequest(url: components.url!)
                anonymous.httpMethod = "POST"
                anonymous.httpBody = Data(#"{"computeMode":"PAR_ROUTE"}"#.utf8)
                anonymous.setValue("application/json", forHTTPHeaderField: "Content-Type")
                let (_, response) = try await URLSession.shared.data(for: anonymous)
                #expect((response as? HTTPURLResponse)?.statusCode == 401)
            }
        }
    }
}
