import Foundation
import Logging
import OceanAPIGenerated
import OpenAPIRuntime
import OpenAPIURLSession

/// A client for the Ocean API subset NearestVehicle uses: entities, vehicles, vehicle positions, nearest vehicles.
///
/// It authenticates on first use (`authenticate2`), caches the token and renews it before its 12 h expiry, and once
/// more on a 401. 429s are retried after their Retry-After; 5xx, timeouts and connection errors with bounded
/// exponential backoff and jitter (``RetryPolicy``). Failures are ``OceanError``s. The password and tokens are never
/// logged nor put in errors or descriptions.
///
/// `OceanClient` is `Sendable`: share one instance between tasks (they share the token). A call whose task is
/// cancelled throws `CancellationError` (not an ``OceanError``) and is not retried; one waiting for the shared
/// authentication stops waiting at once, the others keep waiting.
///
/// Transport: URLSession by default (no SwiftNIO in the build graph). A NIO-based service can pass
/// `AsyncHTTPClientTransport()` from swift-openapi-async-http-client as `transport`.
///
/// ```swift
/// let client = OceanClient(configuration: try .fromEnvironment())
/// let near = try await client.nearestVehicles(.init(latitude: 48.85, longitude: 2.35, mode: .byRoad, resultsLimit: 5))
/// ```
public final class OceanClient: Sendable {
    public let configuration: OceanClientConfiguration
    let client: Client
    let tokens = TokenCache()
    let logger: Logger

    /// - Parameters:
    ///   - configuration: base URL, credentials, timeouts, retry policy.
    ///   - transport: any OpenAPI `ClientTransport`; default `URLSessionTransport()`.
    ///   - logger: swift-log logger (debug: one line per attempt; warning: retries).
    public init(
        configuration: OceanClientConfiguration,
        transport: any ClientTransport = URLSessionTransport(),
        logger: Logger = Logger(label: "ocean-client")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.client = Client(
            serverURL: configuration.baseURL,
            configuration: .ocean,
            transport: transport,
            middlewares: [TokenHeaderMiddleware(), BodyCaptureMiddleware(maxBodyBytes: configuration.maxResponseBodyBytes)]
        )
    }

    /// Authenticates now (otherwise the first call does). Useful to fail fast on bad credentials.
    /// - Throws: ``OceanError/badCredentials``, or a transport-level ``OceanError``.
    public func authenticate() async throws {
        _ = try await token()
    }

    /// Forgets the cached token; the next call authenticates again.
    public func invalidateToken() async {
        await tokens.invalidate(nil)
    }

    func token() async throws -> String {
        let validFor = seconds(configuration.tokenLifetime - configuration.tokenRenewalMargin)
        return try await tokens.validToken(now: configuration.now(), validFor: validFor) { [self] in
            let token = try await self.requestToken()
            self.logger.debug("ocean token obtained", metadata: ["validFor": "\(validFor)s"])
            return token
        }
    }

    private func requestToken() async throws -> String {
        let credentials = Components.Schemas.AuthenticationRequest(login: configuration.login, password: configuration.password)
        return try await perform("authenticate2", authenticated: false) { client in
            let output = try await client.authenticate2(body: .json(credentials))
            switch output {
            case .ok(let ok): return .success(try ok.body.json.token)
            case .created(let created): return .success(try created.body.json.token)
            case .unauthorized: return .failure(.badCredentials.with(statusCode: 401, detail: "login refused"))
            case .tooManyRequests(let response): return .rateLimited(response.headers.Retry_hyphen_After)
            default: return .status(output)
            }
        }
    }
}

func seconds(_ duration: Duration) -> TimeInterval {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

extension OceanClient: CustomStringConvertible, CustomReflectable {
    public var description: String { "OceanClient(\(configuration))" }

    /// Only the (redacted) configuration: `dump(client)` shows neither the token nor transport internals.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration], displayStyle: .class)
    }
}
