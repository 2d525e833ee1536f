import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle
import UnixSignals

extension NearestVehicleServer {
    /// The Hummingbird application on `configuration.host:port`: HTTP/1 with the idle timeout and a
    /// ``ConnectionGuard`` on each connection (body timeout, malformed requests, closing after the last answer).
    /// - Parameter onServerRunning: called with the bound port once listening (useful with port 0).
    public func buildApplication(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let http1 = HTTP1Channel.Configuration(idleTimeout: configuration.idleTimeout.timeAmount)
        let serverName = "nearest-serve"
        let fastPath = configuration.answersOnEventLoop ? LocalNearestChannelHandler.Shared(
            answerer: fastPathAnswerer, metrics: metrics, logger: logger,
            maxBodyBytes: configuration.maxRequestBodyBytes, serverName: serverName,
            maxVehiclesOnEventLoop: Self.maxVehiclesOnEventLoop) : nil
        let server = HTTPServerBuilder { [makeConnectionGuard] responder in
            ServeHTTP1Channel(
                responder: responder, configuration: http1, fastPath: fastPath, makeGuard: makeConnectionGuard)
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

    /// A new ``ConnectionGuard`` for one connection (to add right after NIO's HTTP/1 decoder).
    @Sendable func makeConnectionGuard() -> ConnectionGuard {
        ConnectionGuard(bodyTimeout: configuration.bodyTimeout, drain: drain, metrics: metrics, logger: logger)
    }

    /// The services to run together: the customers' syncs, the HTTP server, then the drain. A `ServiceGroup` shuts
    /// down in reverse order: the drain first (`/ready` 503 for ``ServerConfiguration/drain`` while requests are
    /// still answered), then the server (in-flight requests finish), then the syncs.
    public func services(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> [any Service] {
        try services(drain: true, onServerRunning: onServerRunning)
    }

    func services(
        drain withDrain: Bool, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void
    ) throws -> [any Service] {
        var services: [any Service] = [
            CustomerSyncService(syncs: syncs), try buildApplication(onServerRunning: onServerRunning),
        ]
        if withDrain { services.append(DrainService(drain: drain, period: configuration.drain, logger: logger)) }
        return services
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully: on SIGTERM `/ready` answers 503 and requests are
    /// still answered for ``ServerConfiguration/drain`` (so that a balancer moves away), on SIGINT (an operator at
    /// a terminal) without that wait; then in-flight requests finish (each bounded by the deadline, a body still
    /// arriving is answered 408 at once), idle connections close, syncs stop, and it returns.
    ///
    /// Bounded: a connection whose answer cannot be written because its client stopped reading would hold the
    /// graceful shutdown forever, so after ``shutdownLimit`` the remaining work is cancelled and every connection
    /// closed.
    /// - Throws: when the server cannot start (e.g. the port is taken).
    public func run() async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var groupConfiguration = ServiceGroupConfiguration(
            services: try services { port in continuation.yield(port) },
            gracefulShutdownSignals: [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = shutdownLimit
        let group = ServiceGroup(configuration: groupConfiguration)
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let (shutdowns, shutdownStarted) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { [logger, configuration] in
                for await port in ports {
                    logger.notice("nearest serve listening", metadata: [
                        "address": "\(configuration.host):\(port)", "upstream": "\(configuration.upstream)",
                        "localAnswers": "\(configuration.sync != nil)",
                    ])
                    break
                }
            }
            tasks.addTask { [drain, logger] in
                for await signal in signals {
                    if signal == .sigint { drain.skipPeriod() }
                    logger.notice("shutting down", metadata: ["signal": "\(signal)"])
                    shutdownStarted.yield()
                    await group.triggerGracefulShutdown()
                }
            }
            // The group cancels what is left at the limit; say so (cancelled, with the rest, if it stops before).
            tasks.addTask { [logger, shutdownLimit] in
                for await _ in shutdowns {
                    do { try await Task.sleep(for: shutdownLimit) } catch { return }
                    logger.warning("shutdown limit reached: closing the connections still open", metadata: [
                        "seconds": "\(shutdownLimit.components.seconds)",
                        "reason": "answers not read by their clients, or work past the request deadline",
                    ])
                    return
                }
            }
            defer {
                continuation.finish()
                shutdownStarted.finish()
                tasks.cancelAll()
            }
            try await group.run()
        }
    }

    /// How long a graceful shutdown may take before what is left is cancelled: the drain, one request's deadline
    /// (every request ends by then, a stalled body at once), and 5 s for the connections to close.
    public var shutdownLimit: Duration {
        configuration.drain + configuration.requestDeadline + .seconds(5)
    }

    /// Runs the server (typically on port 0) for the duration of `body`, then shuts it down gracefully, without
    /// the drain period (an embedding or a test has no balancer to wait for).
    /// - Parameter body: receives the base URL, e.g. `http://127.0.0.1:54321`.
    public func withRunningServer<Result: Sendable>(
        _ body: @Sendable (URL) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(configuration: .init(
            services: try services(drain: false) { port in
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
