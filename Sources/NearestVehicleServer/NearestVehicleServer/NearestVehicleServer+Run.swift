import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

extension NearestVehicleServer {
    /// The Hummingbird application on `configuration.host:port`.
    /// - Parameter onServerRunning: called with the bound port once listening (useful with port 0).
    public func buildApplication(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        Application(
            router: try buildRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "nearest-serve"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
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
