import Foundation
import Hummingbird
import Logging
import NIOCore
import OceanAPIGenerated
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// A local stand-in for the Ocean API: serves the contract of `OceanAPIGenerated/openapi.yaml` over an
/// ``EmulatedFleet`` and a ``RoadNetwork``, with tokens that expire and switchable faults.
///
/// ```swift
/// let emulator = OceanEmulator(configuration: .synthetic(seed: 7, vehicleCount: 100, port: 0))
/// try await emulator.withRunningServer { baseURL in
///     // talk to baseURL (http://127.0.0.1:PORT) with OceanClient
/// }
/// ```
public final class OceanEmulator: Sendable {
    public let configuration: EmulatorConfiguration
    let data: EmulatorData
    let tokens: TokenStore
    let faults: FaultState
    let received = ReceivedRequests()
    let logger: Logger

    public init(configuration: EmulatorConfiguration, logger: Logger = Logger(label: "ocean-emulator")) {
        self.configuration = configuration
        self.data = EmulatorData(fleet: configuration.fleet, users: configuration.users, network: configuration.roadNetwork)
        self.tokens = TokenStore(
            ttl: configuration.tokenTTL, maxTokensPerUser: configuration.limits.clamped().maxTokensPerUser,
            now: configuration.now
        )
        self.faults = FaultState(configuration: configuration.faults, seed: configuration.seed)
        self.logger = logger
    }

    // MARK: Run-time control (also reachable over HTTP at /_admin)

    /// Replaces the active faults (countdowns and the call counter restart).
    public func setFaults(_ faults: FaultConfiguration) async {
        await self.faults.set(faults)
    }

    /// The active faults, with their remaining countdowns.
    public func currentFaults() async -> FaultConfiguration {
        await faults.configuration
    }

    /// Expires every issued token now: the next call with any of them gets 401.
    public func expireAllTokens() async {
        await tokens.expireAll()
    }

    /// How many API requests reached the emulator so far, counted on arrival, before injected faults and latency:
    /// for tests that must know a call really was in flight (`/_admin` calls are not counted).
    /// - Parameter path: the request path alone, no query (e.g. `/restapi/mobility/v1/vehiclePositions`); nil
    ///   counts every path.
    package func receivedRequests(path: String? = nil) -> Int {
        received.count(path: path)
    }

    // MARK: Building

    /// The router: JSON errors, request body limits (size: 413, time: 408; ``EmulatorLimits``), the count of
    /// received requests (``receivedRequests(path:)``), fault injection,
    /// then the generated OpenAPI routes (auth, decoding-error mapping), plus the guarded admin routes
    /// `GET|POST /_admin/faults` and `POST /_admin/expireTokens` (``AdminGuardMiddleware``: loopback peer and
    /// `Host`, JSON POSTs).
    public func buildRouter() throws -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        let limits = configuration.limits.clamped()
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: RequestLimitMiddleware(
            maxBodyBytes: limits.maxRequestBodyBytes, bodyTimeout: limits.requestBodyTimeout
        ))
        router.add(middleware: ReceivedRequestsMiddleware(received: received))
        router.add(middleware: FaultMiddleware(faults: faults))
        let handlers = OceanHandlers(data: data, tokens: tokens, now: configuration.now)
        try handlers.registerHandlers(
            on: router,
            serverURL: Servers.Server2.url(),
            configuration: .ocean,
            middlewares: [ErrorMappingMiddleware(), AuthMiddleware(tokens: tokens)]
        )
        if configuration.adminEnabled {
            addAdminRoutes(to: router)
        }
        return router
    }

    /// The Hummingbird application on `configuration.host:port`; HTTP/1.1 connections on which nothing is read for
    /// ``EmulatorLimits/idleTimeout`` are closed (idle keep-alive, or a request header that stopped arriving).
    /// - Parameter onServerRunning: called with the bound port once listening (useful with port 0).
    public func buildApplication(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let idleTimeout = configuration.limits.clamped().idleTimeout
        let components = idleTimeout.components
        let idleNanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        return Application(
            router: try buildRouter(),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(idleNanoseconds))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "ocean-emulator"
            ),
            onServerRunning: { channel in
                await onServerRunning(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
    }

    /// Runs the server (on `configuration.port`, typically 0 in tests) for the duration of `body`, then shuts it down
    /// gracefully.
    /// - Parameter body: receives the base URL, e.g. `http://127.0.0.1:54321`.
    public func withRunningServer<Result: Sendable>(
        _ body: @Sendable (URL) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication { port in
            continuation.yield(port)
            continuation.finish()
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger)
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serviceGroup.run() }
            guard let port = await ports.first(where: { _ in true }) else {
                await serviceGroup.triggerGracefulShutdown()
                throw CancellationError()
            }
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            let url = URL(string: "http://\(host):\(port)")!
            do {
                let result = try await body(url)
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
