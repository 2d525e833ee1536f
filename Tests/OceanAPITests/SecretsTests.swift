import Foundation
import Geo
import Testing
@testable import OceanAPI
import OceanEmulator
import OceanTestSupport

/// The password and tokens never appear in logs (trace level), thrown errors or descriptions.
@Suite struct SecretsTests {
    static let password = "S3cret-Pa55word-XYZ"

    @Test func neverInLogsErrorsOrDescriptions() async throws {
        var configuration = TestWorld.emulatorConfiguration()
        configuration.users = [EmulatedUser(login: "alice", password: Self.password, customerIds: [1001])]
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let logs = LogCapture()
            var texts: [String] = []
            let client = TestWorld.client(url, login: "alice", password: Self.password, maxAttempts: 2, logger: logs.logger())
            texts.append(client.configuration.description)
            texts.append(String(describing: client.configuration))
            texts.append(String(reflecting: client.configuration))
            _ = try await client.entities()
            let token = try #require(await client.tokens.current)
            var dumped = ""
            dump(client.configuration, to: &dumped)
            dump(client, to: &dumped)
            texts.append(dumped)
            texts.append(String(describing: client))

            // Every failure path once: 401 re-auth, 429, 5xx, malformed, dropped connection, 403, 404.
            await emulator.expireAllTokens()
            _ = try await client.entities()
            let faults: [FaultConfiguration] = [
                .init(rateLimitEvery: 1), .init(errorBurstCount: 9), .init(malformedResponses: 1), .init(dropConnections: 9),
            ]
            for fault in faults {
                await emulator.setFaults(fault)
                do { _ = try await client.vehiclePositions() } catch { texts.append("\(error)"); texts.append(String(reflecting: error)) }
            }
            await emulator.setFaults(.none)
            do { _ = try await client.vehiclePositions(customerId: 1002) } catch { texts.append("\(error)") }
            do { _ = try await client.vehicles(registration: "NOPE") } catch { texts.append("\(error)") }
            let wrong = TestWorld.client(url, login: "alice", password: Self.password + "-wrong", logger: logs.logger())
            do { _ = try await wrong.entities() } catch { texts.append("\(error)"); texts.append(String(reflecting: error)) }

            texts.append(logs.text)
            #expect(texts.count > 10)
            #expect(!logs.lines.isEmpty)
            for text in texts {
                #expect(!text.contains(Self.password))
                #expect(!text.contains(token))
            }
        }
    }

    @Test func tokenInAnUndecodableAuthResponseIsRedacted() async throws {
        let client = OceanClient(
            configuration: .init(baseURL: URL(string: "https://example.invalid")!, login: "l", password: Self.password, retry: .none),
            transport: FixtureTransport(authBody: #"{"token": "TOPSECRET-TOKEN-42", "passwordExpir"#, body: "{}")
        )
        let error = await #expect(throws: OceanError.undecodableResponse) { try await client.authenticate() }
        let text = "\(String(describing: error)) \(error?.bodyExcerpt ?? "")"
        #expect(!text.contains("TOPSECRET-TOKEN-42"))
        #expect(text.contains("<redacted>"))
    }

    @Test func passwordEchoedInABodyIsRedacted() async throws {
        let client = OceanClient(
            configuration: .init(baseURL: URL(string: "https://example.invalid")!, login: "l", password: Self.password, retry: .none),
            transport: FixtureTransport(body: #"{"message": "bad password \#(Self.password)"}"#, status: .badRequest)
        )
        let error = await #expect(throws: OceanError.badRequest) { try await client.entities() }
        #expect(!"\(String(describing: error))".contains(Self.password))
    }
}

@Suite struct ConfigurationTests {
    @Test func fromEnvironment() throws {
        let configuration = try OceanClientConfiguration.fromEnvironment([
            "OCEAN_LOGIN": "me", "OCEAN_PASSWORD": "pw", "OCEAN_CUSTOMER_ID": "1002",
        ])
        #expect(configuration.baseURL == OceanClientConfiguration.defaultBaseURL)
        #expect(configuration.baseURL.absoluteString == "https://v3.oceansystem.com/ocean-3.0.0")
        #expect(configuration.login == "me")
        #expect(configuration.customerId == 1002)
        #expect(!configuration.description.contains("pw"))

        let overridden = try OceanClientConfiguration.fromEnvironment(
            ["OCEAN_LOGIN": "me", "OCEAN_PASSWORD": "pw", "OCEAN_BASE_URL": "http://127.0.0.1:9"], login: "you"
        )
        #expect(overridden.login == "you")
        #expect(overridden.baseURL.absoluteString == "http://127.0.0.1:9")
    }

    @Test func missingOrInvalidEnvironment() {
        #expect(throws: OceanError.configuration) { try OceanClientConfiguration.fromEnvironment([:]) }
        #expect(throws: OceanError.configuration) { try OceanClientConfiguration.fromEnvironment(["OCEAN_LOGIN": "me"]) }
        let error = #expect(throws: OceanError.configuration) {
            try OceanClientConfiguration.fromEnvironment(["OCEAN_LOGIN": "me", "OCEAN_PASSWORD": "hunter2", "OCEAN_CUSTOMER_ID": "x"])
        }
        #expect(error?.detail == "OCEAN_CUSTOMER_ID is not an integer")
        #expect(!String(describing: error).contains("hunter2"))
    }

    @Test func queryValidatesCoordinatesAtTheEdge() {
        #expect(throws: CoordinateError.latitudeOutOfRange) { try NearestVehiclesQuery(latitude: 91, longitude: 0) }
        #expect(throws: CoordinateError.longitudeOutOfRange) { try NearestVehiclesQuery(latitude: 0, longitude: -180.5) }
        #expect(throws: CoordinateError.notFinite) { try NearestVehiclesQuery(latitude: .nan, longitude: 0) }
    }

    @Test func retryAfterForms() {
        let now = Date(timeIntervalSince1970: 1_445_412_470) // Wed, 21 Oct 2015 07:27:50 GMT
        #expect(OceanClient.retryAfter("120", now: now) == .seconds(120))
        #expect(OceanClient.retryAfter(" 0 ", now: now) == .zero)
        #expect(OceanClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(10))
        #expect(OceanClient.retryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now: now) == .zero)
        #expect(OceanClient.retryAfter("soon", now: now) == nil)
    }

    @Test func backoffIsBoundedAndJittered() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        var random = SystemRandomNumberGenerator()
        for attempt in 1...40 {
            let delay = policy.backoff(afterAttempt: attempt, using: &random)
            #expect(delay >= .zero)
            #expect(delay <= min(.seconds(1), .milliseconds(100) * (1 << min(attempt - 1, 30))))
        }
    }
}
