import Foundation
import OceanTestSupport
import Testing
@testable import OceanEmulator

/// Injected latency ends on graceful shutdown (issue 14: with a huge latency, SIGTERM left the process alive).
@Suite struct LatencyShutdownTests {
    /// A call sleeping in an hour of injected latency is answered 503 when the server shuts down, and the shutdown
    /// completes (before the fix `withRunningServer` waited the hour: the time limit fails the test).
    @Test(.timeLimit(.minutes(5))) func shutdownEndsInjectedLatency() async throws {
        var configuration = EmulatorConfiguration.synthetic(seed: 3, vehicleCount: 10, port: 0)
        configuration.faults = FaultConfiguration(latencyMs: FaultConfiguration.latencyRangeMs.upperBound)
        let emulator = OceanEmulator(configuration: configuration)
        let connection: RawHTTPConnection = try await emulator.withRunningServer { url in
            let connection = try RawHTTPConnection(port: try #require(url.port))
            try connection.send("GET /restapi/mobility/v1/entities HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            // The call is held by the injected latency: nothing comes back meanwhile.
            let (early, ending) = await connection.read(timeout: .seconds(1))
            #expect(ending == .timedOut)
            #expect(early.isEmpty)
            return connection
        } // returning triggers the graceful shutdown and waits for it
        let (text, _) = await connection.read(timeout: .seconds(10), untilClosed: true)
        #expect(RawHTTPConnection.status(of: text) == 503, "\(text.prefix(300))")
        #expect(RawHTTPConnection.body(of: text).contains("shutting down"))
    }
}
