import ServiceLifecycle

extension OceanEmulator {
    /// Runs the server until SIGTERM or SIGINT (what `ocean-emulator` does).
    ///
    /// A signal starts a graceful shutdown: the listener closes, idle connections close, injected latency ends at
    /// once (the call is answered 503). Whatever is still running `shutdownGrace` later is cancelled, so the process
    /// stops within a bounded time whatever the configuration (`EmulatorExecutableTests`).
    /// - Parameters:
    ///   - shutdownGrace: how long in-flight requests may take to finish after a signal.
    ///   - onServerRunning: called with the bound port once listening.
    public func runUntilSignalled(
        shutdownGrace: Duration = .seconds(5),
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) async throws {
        let app = try buildApplication(onServerRunning: onServerRunning)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
        configuration.maximumGracefulShutdownDuration = shutdownGrace
        try await ServiceGroup(configuration: configuration).run()
    }
}
