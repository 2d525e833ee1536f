import Foundation
import OceanTestSupport
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
@testable import OceanEmulator

/// Request bodies are bounded in size (413) and time (408), stalled connections are closed, and error messages never
/// echo unbounded input (issue 14).
@Suite struct RequestLimitTests {
    static func emulator(_ limits: EmulatorLimits) -> OceanEmulator {
        var configuration = EmulatorConfiguration.synthetic(seed: 3, vehicleCount: 10, port: 0)
        configuration.now = { EmulatorRouteTests.referenceDate }
        configuration.limits = limits
        return OceanEmulator(configuration: configuration)
    }

    /// Regression: a login body over the limit (the probe sent 100 MB) was parsed; now 413, before any parsing.
    @Test func oversizedLoginIs413() async throws {
        let app = try EmulatorRouteTests.emulator().buildApplication() // default limit: 1 MiB
        try await app.test(.router) { client in
            let padding = String(repeating: " ", count: 1 << 20)
            let body = #"{"login": "demo", "password": "demo-password"}"# + padding
            try await client.execute(
                uri: "/restapi/auth/authenticate2", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { response in
                try EmulatorRouteTests.expectError(response, .contentTooLarge)
                // Ocean's phrase, as serve writes it (one table: OceanReasonPhrase).
                let body = try #require(try EmulatorRouteTests.object(response) as? [String: Any])
                #expect(body["error"] as? String == "Payload Too Large")
                #expect(response.body.readableBytes < 1_024)
            }
            // Just under the limit: parsed and served.
            let fits = #"{"login": "demo", "password": "demo-password"}"#
            try await client.execute(
                uri: "/restapi/auth/authenticate2", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: fits + String(repeating: " ", count: (1 << 20) - fits.utf8.count))
            ) { #expect($0.status == .ok) }
        }
    }

    /// Regression: a 10 MB `radiusUnit` was echoed whole in the 400; now at most 64 characters of it come back.
    @Test func unknownUnitIsEchoedTruncated() async throws {
        let app = try Self.emulator(EmulatorLimits(maxRequestBodyBytes: 4 << 20)).buildApplication()
        try await app.test(.router) { client in
            let token = try await EmulatorRouteTests.login(client)
            let unit = "parsec" + String(repeating: "é", count: 1_000_000)
            try await client.execute(
                uri: "/restapi/vehicule_engin/nearestVehicles?latitude=48.8&longitude=2.35", method: .post,
                headers: EmulatorRouteTests.tokenHeader(token),
                body: EmulatorRouteTests.json(["computeMode": "VOL_OISEAU", "radiusUnit": unit])
            ) { response in
                try EmulatorRouteTests.expectError(response, .badRequest)
                let body = try #require(try EmulatorRouteTests.object(response) as? [String: Any])
                let message = try #require(body["message"] as? String)
                #expect(message == "Unknown radiusUnit '\(unit.unicodeScalars.prefix(64).map(String.init).joined())…'")
                #expect(response.body.readableBytes < 1_024)
            }
        }
    }

    @Test func echoedInputIsBounded() {
        #expect(EchoedInput.truncated("abc") == "abc")
        #expect(EchoedInput.truncated(String(repeating: "a", count: 64)) == String(repeating: "a", count: 64))
        #expect(EchoedInput.truncated(String(repeating: "a", count: 65)) == String(repeating: "a", count: 64) + "…")
        // One grapheme cluster of 100 001 scalars: cut by scalars, not characters.
        let cluster = "e" + String(repeating: "\u{301}", count: 100_000)
        let cut = EchoedInput.truncated(cluster)
        #expect(cut.unicodeScalars.count == 65)
        #expect(cut.unicodeScalars.elementsEqual(("e" + String(repeating: "\u{301}", count: 63) + "…").unicodeScalars))
    }

    /// A declared `Content-Length` over the limit is answered 413 at once, without waiting for (or reading) the body.
    @Test func declaredOversizedBodyIsRefusedBeforeReading() async throws {
        try await Self.emulator(EmulatorLimits(maxRequestBodyBytes: 1_024)).withRunningServer { url in
            let connection = try RawHTTPConnection(port: try #require(url.port))
            try connection.send(
                "POST /restapi/auth/authenticate2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000000\r\n\r\n{\"login\""
            )
            let (text, ending) = await connection.read(timeout: .seconds(20))
            #expect(ending == .responseComplete, "\(text.prefix(300))")
            #expect(RawHTTPConnection.status(of: text) == 413)
        }
    }

    /// Regression: a body that trickles in is answered 408 once the body timeout passes, and the connection closes.
    @Test func slowBodyIs408AndClosed() async throws {
        let limits = EmulatorLimits(idleTimeout: .seconds(60), requestBodyTimeout: .milliseconds(300))
        try await Self.emulator(limits).withRunningServer { url in
            let connection = try RawHTTPConnection(port: try #require(url.port))
            try connection.send(
                "POST /restapi/auth/authenticate2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"login\": "
            )
            let (text, ending) = await connection.read(timeout: .seconds(20), untilClosed: true)
            #expect(ending == .closedByServer, "\(text.prefix(300))")
            #expect(RawHTTPConnection.status(of: text) == 408, "\(text.prefix(300))")
        }
    }

    /// Regression: a half-sent request header was held open indefinitely (300 of them for 40 s); now the idle
    /// timeout closes the connection.
    @Test func stalledHeaderIsClosed() async throws {
        let limits = EmulatorLimits(idleTimeout: .milliseconds(300))
        try await Self.emulator(limits).withRunningServer { url in
            let connection = try RawHTTPConnection(port: try #require(url.port))
            try connection.send("GET /restapi/mobility/v1/entities HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            let (text, ending) = await connection.read(timeout: .seconds(20), untilClosed: true)
            #expect(ending == .closedByServer)
            #expect(text.isEmpty) // closed without an answer
        }
    }

    /// An idle keep-alive connection is closed after the idle timeout; a busy one is served meanwhile.
    @Test func idleKeepAliveIsClosedAfterAResponse() async throws {
        let limits = EmulatorLimits(idleTimeout: .milliseconds(300))
        try await Self.emulator(limits).withRunningServer { url in
            let connection = try RawHTTPConnection(port: try #require(url.port))
            try connection.send("GET /restapi/nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let (text, ending) = await connection.read(timeout: .seconds(20))
            #expect(ending == .responseComplete)
            #expect(RawHTTPConnection.status(of: text) == 404)
            let (rest, closing) = await connection.read(timeout: .seconds(20), untilClosed: true)
            #expect(closing == .closedByServer)
            #expect(rest.isEmpty)
        }
    }
}
