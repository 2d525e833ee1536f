import Foundation
import Logging
import NearestVehicleOcean
import OceanEmulator
import ServiceLifecycle
import Testing

/// `FleetSyncService` in a real `ServiceGroup`, against the emulator on a live port 0.
@Suite struct FleetSyncServiceTests {
    /// The service in a ServiceGroup: it syncs until the group shuts down gracefully, then `run()` returns promptly
    /// and no further sync happens; with an hour's interval it is stopped in the middle of its pause.
    @Test(.timeLimit(.minutes(5)), arguments: [(Duration.milliseconds(5), 3), (Duration.seconds(3_600), 1)])
    func serviceStopsOnGracefulShutdown(interval: Duration, reportsBeforeShutdown: Int) async throws {
        let emulator = OceanEmulator(configuration: FleetSyncWorld.configuration())
        try await emulator.withRunningServer { url in
            let index = FleetIndex()
            let reports = ReportLog()
            let service = FleetSyncService(
                sync: FleetSyncWorld.sync(url, index: index), every: interval, onReport: reports.onReport
            )
            let group = ServiceGroup(
                configuration: .init(services: [service], gracefulShutdownSignals: [], logger: Logger(label: "test"))
            )
            let running = Task { try await group.run() }
            await reports.wait(for: reportsBeforeShutdown)
            let clock = ContinuousClock()
            let shutdownAt = clock.now
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(clock.now - shutdownAt < FleetSyncRunTests.prompt)
            let stopped = await reports.results.count
            #expect(stopped >= reportsBeforeShutdown)
            #expect(await reports.results.allSatisfy { (try? $0.get()) != nil })
            #expect(index.count > 0)
            try await Task.sleep(for: .milliseconds(50))
            #expect(await reports.results.count == stopped)
            // The emulator's side: every reported sync really called Ocean (one call of each kind), and nothing
            // beyond the one sync the shutdown may have interrupted.
            for path in FleetSyncWorld.syncPaths {
                #expect((stopped...stopped + 1).contains(emulator.receivedRequests(path: path)), "\(path)")
            }
        }
    }
}
