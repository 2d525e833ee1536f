import Foundation
import OceanTestSupport
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
@testable import OceanEmulator

/// `/_admin` answers only a loopback peer that names a loopback host, and POSTs only with a JSON content type
/// (issue 14: it answered a foreign `Host`, i.e. DNS rebinding, and `text/plain` POSTs from a foreign `Origin`).
@Suite struct AdminGuardTests {
    static let faultsBody = EmulatorRouteTests.json(["errorBurstCount": 3])

    /// Asserts the faults are still none (a refused POST changed nothing).
    static func expectNoFaults(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/_admin/faults", method: .get) { response in
            #expect(response.status == .ok)
            let body = try #require(try EmulatorRouteTests.object(response) as? [String: Any])
            #expect(body["errorBurstCount"] as? Int == 0)
        }
    }

    /// Regression: a `text/plain` POST (what a cross-origin form or `fetch` sends without preflight) is 415.
    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", nil])
    func postsRequireJSON(contentType: String?) async throws {
        let app = try EmulatorRouteTests.emulator().buildApplication()
        try await app.test(.router) { client in
            let token = try await EmulatorRouteTests.login(client)
            var headers: HTTPFields = [:]
            if let contentType { headers[.contentType] = contentType }
            try await client.execute(uri: "/_admin/faults", method: .post, headers: headers, body: Self.faultsBody) {
                try EmulatorRouteTests.expectError($0, .unsupportedMediaType)
            }
            try await client.execute(uri: "/_admin/expireTokens", method: .post, headers: headers) {
                try EmulatorRouteTests.expectError($0, .unsupportedMediaType)
            }
            try await Self.expectNoFaults(client)
            try await client.execute(
                uri: "/restapi/mobility/v1/entities", method: .get, headers: EmulatorRouteTests.tokenHeader(token)
            ) { #expect($0.status == .ok) } // the token was not expired
        }
    }

    @Test func jsonWithParametersIsAccepted() async throws {
        let app = try EmulatorRouteTests.emulator().buildApplication()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/_admin/faults", method: .post, headers: [.contentType: "Application/JSON; charset=utf-8"],
                body: Self.faultsBody
            ) { #expect($0.status == .ok) }
        }
    }

    /// Regression: a foreign `Origin` is refused even with a JSON content type.
    @Test(arguments: ["http://evil.example", "https://localhost.evil.example", "null", "http://127.0.0.1.nip.io:8080"])
    func foreignOriginIsRefused(origin: String) async throws {
        let app = try EmulatorRouteTests.emulator().buildApplication()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json", .origin: origin],
                body: Self.faultsBody
            ) { try EmulatorRouteTests.expectError($0, .forbidden) }
            try await Self.expectNoFaults(client)
            try await client.execute(
                uri: "/_admin/faults", method: .post,
                headers: [.contentType: "application/json", .origin: "http://localhost:3000"], body: Self.faultsBody
            ) { #expect($0.status == .ok) }
        }
    }

    /// Regression (DNS rebinding): over a real socket, a request naming a foreign host is 403; loopback names pass.
    @Test func foreignHostIsRefusedOverTheWire() async throws {
        var configuration = EmulatorConfiguration.synthetic(seed: 3, vehicleCount: 10, port: 0)
        configuration.now = { EmulatorRouteTests.referenceDate }
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let port = try #require(url.port)
            func get(host: String) async throws -> (text: String, ending: RawHTTPConnection.Ending) {
                let connection = try RawHTTPConnection(port: port)
                try connection.send("GET /_admin/faults HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                return await connection.read(timeout: .seconds(20))
            }
            for host in ["rebind.attacker.example", "rebind.attacker.example:\(port)", "127.0.0.1.nip.io", "localhost.", "10.0.0.1"] {
                let (text, ending) = try await get(host: host)
                #expect(ending != .timedOut, "\(host)")
                #expect(RawHTTPConnection.status(of: text) == 403, "\(host): \(text.prefix(200))")
            }
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST", "[::1]:\(port)"] {
                let (text, ending) = try await get(host: host)
                #expect(ending != .timedOut, "\(host)")
                #expect(RawHTTPConnection.status(of: text) == 200, "\(host): \(text.prefix(200))")
                #expect(RawHTTPConnection.body(of: text).contains("errorBurstCount"))
            }
        }
    }

    @Test(arguments: [
        ("localhost", true), ("localhost:8080", true), ("127.0.0.1", true), ("127.0.0.1:65535", true), ("[::1]", true),
        ("[::1]:8080", true), ("LocalHost", true), ("localhost:", false), ("localhost:123456", false),
        ("localhost:80a", false), ("localhost.", false), ("evil.example", false), ("127.0.0.2", false),
        ("127.0.0.1.nip.io", false), ("[::1", false), ("[::2]", false), ("", false), ("localhost@evil", false),
    ])
    func loopbackHostNames(authority: String, loopback: Bool) {
        #expect(AdminGuardMiddleware.isLoopbackHost(authority) == loopback)
    }

    @Test func adminIsLoopbackOnly() throws {
        #expect(AdminGuardMiddleware.isLoopback(try SocketAddress(ipAddress: "127.0.0.1", port: 1)))
        #expect(AdminGuardMiddleware.isLoopback(try SocketAddress(ipAddress: "::1", port: 1)))
        #expect(!AdminGuardMiddleware.isLoopback(try SocketAddress(ipAddress: "10.1.2.3", port: 1)))
        #expect(!AdminGuardMiddleware.isLoopback(try SocketAddress(ipAddress: "fe80::1", port: 1)))
    }
}
