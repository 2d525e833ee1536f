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

    /// Callers are authenticated by Ocean: no token and a token Ocean did not issue get 401, a token Ocean issued
    /// gets the answer for its own customer and 403 for another (the old example answered anyone; the old test
    /// checked only the missing token).
    @Test func embeddedServerAuthenticatesCallersWithOcean() async throws {
        let emulator = OceanEmulator(configuration: EmulatorWorld.configuration(vehicles: 60, seed: 7))
        try await emulator.withRunningServer { upstream in
            var configuration = try DispatchSettings.configuration(from: Self.base.merging([
                "OCEAN_BASE_URL": upstream.absoluteString, "OCEAN_CUSTOMER_ID": "1001",
            ]) { _, new in new })
            configuration.port = 0
            let server = try NearestVehicleServer(configuration: configuration)
            try await server.withRunningServer { url in
                func nearest(customerId: Int64, mode: String, token: String?) async throws -> (Int, Data) {
                    var components = URLComponents(
                        url: url.appendingPathComponent("/restapi/vehicule_engin/nearestVehicles"),
                        resolvingAgainstBaseURL: false)!
                    components.queryItems = [
                        URLQueryItem(name: "customerId", value: String(customerId)),
                        URLQueryItem(name: "latitude", value: "48.85"), URLQueryItem(name: "longitude", value: "2.35"),
                        URLQueryItem(name: "resultsLimit", value: "3"),
                    ]
                    var request = URLRequest(url: components.url!)
                    request.httpMethod = "POST"
                    request.httpBody = Data(#"{"computeMode":"\#(mode)"}"#.utf8)
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    if let token { request.setValue(token, forHTTPHeaderField: "X-AUTH-TOKEN") }
                    let (data, response) = try await URLSession.shared.data(for: request)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
                }

                // No token: 401, whatever it asks.
                #expect(try await nearest(customerId: 1002, mode: "PAR_ROUTE", token: nil).0 == 401)
                #expect(try await nearest(customerId: 1001, mode: "VOL_OISEAU", token: nil).0 == 401)

                // A token Ocean never issued: Ocean is asked, refuses it, and so does the server (even for the
                // customer it answers locally).
                let probesBefore = emulator.receivedRequests()
                let forged = "forged-\(UInt64.random(in: 0...UInt64.max))"
                #expect(try await nearest(customerId: 1001, mode: "VOL_OISEAU", token: forged).0 == 401)
                #expect(try await nearest(customerId: 1002, mode: "PAR_ROUTE", token: forged).0 == 401)
                #expect(emulator.receivedRequests() > probesBefore, "the server must have asked Ocean")

                // A token Ocean issued (user demo: customer 1001 only), obtained through the server.
                var login = URLRequest(url: url.appendingPathComponent("/restapi/auth/authenticate2"))
                login.httpMethod = "POST"
                login.httpBody = Data(#"{"login":"demo","password":"demo-password"}"#.utf8)
                login.setValue("application/json", forHTTPHeaderField: "Content-Type")
                let (body, response) = try await URLSession.shared.data(for: login)
                try #require((response as? HTTPURLResponse)?.statusCode == 200)
                let token = try #require(
                    (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["token"] as? String)
                for mode in ["VOL_OISEAU", "PAR_ROUTE"] {
                    let (status, data) = try await nearest(customerId: 1001, mode: mode, token: token)
                    #expect(status == 200, "\(mode): \(String(decoding: data, as: UTF8.self))")
                    let vehicles = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
                    #expect(vehicles?.count == 3, "\(mode)")
                }
                // Valid, but not for customer 1002: Ocean's 403.
                #expect(try await nearest(customerId: 1002, mode: "VOL_OISEAU", token: token).0 == 403)
            }
        }
    }
}
