import Foundation
import NearestVehicleServer
import OceanAPI
import Testing

/// Every configuration value is range-checked with a clear error before anything starts.
@Suite struct ServerConfigurationTests {
    @Test func defaultsAreValidAndLoopback() throws {
        let configuration = ServerConfiguration()
        try configuration.validate()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.requestDeadline == .seconds(10))
        #expect(configuration.authorizationTTL == .seconds(30))
        #expect(configuration.bodyTimeout == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.drain == .seconds(10))
    }

    /// Each case breaks one value; the error must name it.
    static func broken(_ name: String) -> ServerConfiguration {
        var c = ServerConfiguration()
        switch name {
        case "port 70000": c.port = 70_000
        case "port -1": c.port = -1
        case "host": c.host = ""
        case "upstream": c.upstream = URL(string: "ftp://example.com")!
        case "sync interval": c.syncInterval = .zero
        case "max sync age": c.maxSyncAge = .seconds(-1)
        case "request deadline": c.requestDeadline = .zero
        case "upstream timeout": c.upstreamTimeout = .zero
        case "authorization TTL": c.authorizationTTL = .seconds(-1)
        case "max request body": c.maxRequestBodyBytes = 0
        case "concurrent": c.maxConcurrentRequestsPerClient = 0
        case "body timeout": c.bodyTimeout = .zero
        case "idle timeout": c.idleTimeout = .seconds(-1)
        case "drain": c.drain = .milliseconds(-1)
        case "customer ids":
            c.sync = OceanClientConfiguration(login: "l", password: "p")
            c.customers = [0]
        case "sync credentials": c.customers = [1001]
        default: Issue.record("unknown case \(name)")
        }
        return c
    }

    @Test(arguments: [
        "port 70000", "port -1", "host", "upstream", "sync interval", "max sync age", "request deadline",
        "upstream timeout", "authorization TTL", "max request body", "concurrent", "customer ids", "sync credentials",
        "body timeout", "idle timeout", "drain",
    ])
    func invalidValuesAreRefusedByName(name: String) {
        let configuration = Self.broken(name)
        let expected = name.hasPrefix("port") ? "port" : name
        #expect {
            try configuration.validate()
        } throws: { error in
            guard let error = error as? ServerConfigurationError else { return false }
            return error.isInvalidValue && error.description.contains(expected)
        }
        #expect(throws: ServerConfigurationError.self) {
            _ = try NearestVehicleServer(configuration: configuration)
        }
    }
}
