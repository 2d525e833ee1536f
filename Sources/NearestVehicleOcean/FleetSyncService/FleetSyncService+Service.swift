import ServiceLifecycle

extension FleetSyncService: Service {
    /// Runs the sync loop until graceful shutdown or cancellation, then returns (never throws).
    public func run() async throws {
        await cancelWhenGracefulShutdown { [sync, interval, onReport] in
            await sync.run(every: interval, onReport: onReport)
        }
    }
}
