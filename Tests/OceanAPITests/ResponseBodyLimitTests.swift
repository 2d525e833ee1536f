import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import OceanAPI
import OceanEmulator
import OceanTestSupport

/// ``OceanClientConfiguration/maxResponseBodyBytes``: an answer larger than the limit fails at once as
/// `undecodableResponse` (never retried: the next attempt would be as large), one of exactly the limit decodes.
/// Reference: the body's size as a plain HTTP client receives it from the emulator.
@Suite struct ResponseBodyLimitTests {
    @Test func theLimitIsExactAndNotRetried() async throws {
        let emulator = OceanEmulator(configuration: TestWorld.emulatorConfiguration(vehicles: 40))
        try await emulator.withRunningServer { url in
            let size = try await Self.rawVehiclePositionsSize(url)
            try #require(size > 1_000)

            let sleeper = SleepRecorder()
            var configuration = OceanClientConfiguration(
                baseURL: url, login: "demo", password: "demo-password", retry: RetryPolicy(maxAttempts: 4),
                sleep: sleeper.sleep)
            configuration.maxResponseBodyBytes = size - 1
            let small = OceanClient(configuration: configuration)
            let error = await #expect(throws: OceanError.undecodableResponse) { try await small.vehiclePositions() }
            #expect(error?.detail?.contains("larger than the client's limit of \(size - 1) bytes") == true)
            #expect(await sleeper.delays.isEmpty, "not retried")

            configuration.maxResponseBodyBytes = size
            let exact = OceanClient(configuration: configuration)
            #expect(try await exact.vehiclePositions().count == 20)
        }
    }

    /// `vehiclePositions` of `demo`'s customer fetched with URLSession: the body's byte count.
    static func rawVehiclePositionsSize(_ url: URL) async throws -> Int {
        var login = URLRequest(url: url.appendingPathComponent("restapi/auth/authenticate2"))
        login.httpMethod = "POST"
        login.setValue("application/json", forHTTPHeaderField: "Content-Type")
        login.httpBody = Data(#"{"login":"demo","password":"demo-password"}"#.utf8)
        let (tokenBody, _) = try await URLSession.shared.data(for: login)
        let object = try JSONSerialization.jsonObject(with: tokenBody) as? [String: Any]
        let token = try #require(object?["token"] as? String)
        var positions = URLRequest(url: url.appendingPathComponent("restapi/mobility/v1/vehiclePositions"))
        positions.setValue(token, forHTTPHeaderField: "X-AUTH-TOKEN")
        let (body, response) = try await URLSession.shared.data(for: positions)
        try #require((response as? HTTPURLResponse)?.statusCode == 200)
        return body.count
    }
}
