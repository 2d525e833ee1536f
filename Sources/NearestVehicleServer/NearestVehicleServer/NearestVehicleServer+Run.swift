import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

extension NearestVehicleServer {
    /// The Hummingbird application on `configuration.host:port`.
    /// - Parameter onServerRunning: called with the bound port once listening (useful with port 0).
    public func buildApplication(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(60))
        let serverName = "nearest-serve"
        let server: HTTPServerBuilder
        if configuration.answersOnEventLoop {
            let fastPath = LocalNearestChannelHandler.Shared(
                answerer: fastPathAnswerer, metrics: metrics, logger: logger,
                maxBodyBytes: configuration.maxRequestBodyBytes, serverName: serverName,
                maxVehiclesOnEventLoop: Self.maxVehiclesOnEventLoop)
            server = HTTPServerBuilder { responder in
                LocalNearestHTTP1Channel(responder: responder, configuration: http1, fastPath: fastPath)
            }
        } else {
            server = .http1(configuration: http1)
        }
        return Application(
            router: try buildRouter(),
            server: server,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Local answers with more vehicles are written off the event loop, by the router (a whole-fleet answer of
    /// thousands of vehicles must not hold up the other connections of its loop).
    static let maxVehiclesOnEventLoop = 2_000

    /// The fast path's rule and answer, shared by the event loop's handler and the router's middleware.
    var fastPathAnswerer: LocalNearestAnswerer {
        LocalNearestAnswerer(local: LocalNearest(index: index), syncs: syncs, authorization: authorization)
    }

    /// The services to run together: the customers' syncs, then the HTTP server. A `ServiceGroup` shuts down in
    /// reverse order: the server first (in-flight requests finish), then the syncs.
    public func services(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> [any Service] {
        [CustomerSyncService(syncs: syncs), try buildApplication(onServerRunning: onServerRunning)]
    }

    /// Runs until SIGINT or SIGTERM, then shuts down gracefully (in-flight requests finish, syncs stop).
    /// - Throws: when the server cannot start (e.g. the port is taken).
    public func run() async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(configuration: .init(
            services: try services { port in continuation.yield(port) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask { [logger, configuration] in
                for await port in ports {
                    logger.notice("nearest serve listening", metadata: [
                        "address": "\(configuration.host):\(port)", "upstream": "\(configuration.upstream)",
                        "localAnswers": "\(configuration.sync != nil)",
                    ])
                    break
                }
            }
            try await tasks.next()
            continuation.finish()
            try await tasks.waitForAll()
        }
    }

    /// Runs the server (typically on port 0) for the duration of `body`, then shuts it down gracefully.
    /// - Parameter body: receives the base URL, e.g. `http://127.0.0.1:54321`.
    public func withRunningServer<Result: Sendable>(
        _ body: @Sendable (URL) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(configuration: .init(
            services: try services { port in
                continuation.yield(port)
                continuation.finish()
            },
            gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard let port = await ports.first(where: { _ in true }) else {
                await group.triggerGracefulShutdown()
                throw CancellationError()
            }
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            let url = URL(string: "http://\(host):\(port)")!
            do {
                let result = try await body(url)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
