import Foundation
import Logging
import NearestVehicleServer
import OceanAPI
import OceanEmulator
import OceanTestSupport
import ServiceLifecycle
import Testing

extension ServeWorld {
    /// Like ``withStack(vehicles:upstream:syncCustomers:sync:configure:_:)`` without sync, but `serve` runs as
    /// `run()` runs it: a `ServiceGroup` of its ``NearestVehicleServer/services(onServerRunning:)`` (the drain
    /// included). `body` triggers the graceful shutdown itself (`group.triggerGracefulShutdown()`, what SIGTERM
    /// does) whenever it likes; returns once the group has finished (triggering it first if `body` did not).
    static func withServiceGroup(
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (Stack, ServiceGroup) async throws -> Void
    ) async throws {
        let emulator = OceanEmulator(
            configuration: EmulatorWorld.configuration(vehicles: 20, seed: 7),
            logger: Logger(label: "emulator") { _ in SwiftLogNoOpLogHandler() })
        try await emulator.withRunningServer { upstreamURL in
            let clock = TestClock()
            let logs = LogCapture()
            var configuration = ServerConfiguration(
                host: "127.0.0.1", port: 0, upstream: upstreamURL, upstreamTimeout: .seconds(5),
                requestDeadline: .seconds(8), now: { clock.now() })
            configure(&configuration)
            let server = try NearestVehicleServer(configuration: configuration, logger: logs.logger())
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let group = ServiceGroup(configuration: .init(
                services: try server.services { port in
                    continuation.yield(port)
                    continuation.finish()
                },
                gracefulShutdownSignals: [], logger: logs.logger(label: "group")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let port = try #require(await ports.first { _ in true })
                let stack = Stack(
                    emulator: emulator, upstreamURL: upstreamURL, server: server,
                    serveURL: URL(string: "http://127.0.0.1:\(port)")!, clock: clock, logs: logs)
                do {
                    try await body(stack, group)
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }
}
