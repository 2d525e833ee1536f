import ServiceLifecycle

/// ``CustomerSyncs`` as a ServiceLifecycle service: its loops stop on graceful shutdown.
struct CustomerSyncService: Service {
    let syncs: CustomerSyncs

    func run() async throws {
        await cancelWhenGracefulShutdown { [syncs] in
            await syncs.run()
        }
    }
}
