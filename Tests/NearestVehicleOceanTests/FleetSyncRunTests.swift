import Foundation
import Logging
import NearestVehicleOcean
@testable import OceanAPI
import OceanEmulator
import OceanTestSupport
import Testing

/// The sync loop, the ServiceLifecycle service and what they log, against the emulator on a live port 0.
@Suite(.timeLimit(.minutes(5))) struct FleetSyncRunTests {
    /// Generous bound for "promptly": the loop's own pause is an hour, so anything near it means it did not stop.
    static let prompt: Duration = .seconds(5)
    /// Injected latency of the calls the cancellation tests interrupt: ``prompt`` + 3 s, so that waiting for the call
    /// cannot pass for prompt on a loaded machine.
    static let heldCallMs = 8_000

    /// Cancels `task` and returns how long it took to finish.
    static func cancel(_ task: Task<Void, Never>) async -> Duration {
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        task.cancel()
        await task.value
        return clock.now - cancelledAt
    }

    @Test func runSyncsRepeatedlyAndStopsPromptlyWhenCancelledDuringThePause() async throws {
        let configuration = FleetSyncWorld.configuration()
        let located = FleetSyncWorld.located(configuration.fleet, customerId: 1001)
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let index = FleetIndex()
            let sync = FleetSyncWorld.sync(url, index: index)

            // Short pause: it keeps syncing; the first sync inserts, the later ones find nothing new.
            let reports = ReportLog()
            let fast = Task { await sync.run(every: .milliseconds(5), onReport: reports.onReport) }
            await reports.wait(for: 3)
            fast.cancel()
            await fast.value
            let results = await reports.results
            let first = try results[0].get()
            #expect(first.inserted == located.count)
            for result in results.dropFirst() {
                let report = try result.get()
                #expect(report.inserted == 0 && report.unchanged == located.count)
            }
            // The emulator's side: each reported sync sent one call of each kind; the sync the cancel interrupted,
            // if any, at most one more.
            let fastCalls = emulator.receivedRequests(path: FleetSyncWorld.positionsPath)
            for path in FleetSyncWorld.syncPaths {
                #expect((results.count...results.count + 1).contains(emulator.receivedRequests(path: path)), "\(path)")
            }

            // An hour's pause: cancelled during it, the loop ends at once.
            let slow = ReportLog()
            let task = Task { await sync.run(every: .seconds(3_600), onReport: slow.onReport) }
            await slow.wait(for: 1)
            #expect(await Self.cancel(task) < Self.prompt)
            #expect(await slow.results.count == 1)
            // Its one sync reached the emulator (plus, at most, a late arrival of the fast loop's interrupted call).
            #expect((fastCalls + 1...fastCalls + 2).contains(emulator.receivedRequests(path: FleetSyncWorld.positionsPath)))
        }
    }

    @Test func cancellingDuringAnOceanCallStopsPromptlyWithoutAReport() async throws {
        let emulator = OceanEmulator(configuration: FleetSyncWorld.configuration())
        try await emulator.withRunningServer { url in
            let client = FleetSyncWorld.client(url)
            try await client.authenticate()
            await emulator.setFaults(FaultConfiguration(latencyMs: Self.heldCallMs))  // every call from now on
            let index = FleetIndex()
            let reports = ReportLog()
            let sync = FleetSync(client: client, index: index, customerId: 1001, now: { FleetSyncWorld.now })
            let task = Task { await sync.run(every: .seconds(3_600), onReport: reports.onReport) }
            // Cancel only once the emulator holds the sync's call: the test is about a call in flight.
            try await EmulatorWorld.waitUntilReceived(emulator, path: FleetSyncWorld.positionsPath)
            #expect(await Self.cancel(task) < Self.prompt)  // the held call would have taken 8 s
            #expect(await reports.results.isEmpty)
            #expect(index.count == 0)
            #expect(emulator.receivedRequests(path: FleetSyncWorld.positionsPath) == 1)  // and it was not retried
            #expect(emulator.receivedRequests(path: FleetSyncWorld.authenticatePath) == 1)
        }
    }

    /// Was a known issue in OceanAPI: a caller cancelled while the shared first authentication was in flight waited
    /// for authenticate2 to finish. Fixed in `TokenCache` (see `OceanClientCancellationTests`).
    @Test func cancellingDuringTheFirstAuthenticationStopsPromptly() async throws {
        var configuration = FleetSyncWorld.configuration()
        configuration.faults = FaultConfiguration(latencyMs: Self.heldCallMs)  // authenticate2 included
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let reports = ReportLog()
            let sync = FleetSyncWorld.sync(url, index: FleetIndex())
            let task = Task { await sync.run(every: .seconds(3_600), onReport: reports.onReport) }
            // Cancel only once the emulator holds authenticate2: the test is about an authentication in flight.
            try await EmulatorWorld.waitUntilReceived(emulator, path: FleetSyncWorld.authenticatePath)
            #expect(await Self.cancel(task) < Self.prompt)  // authenticate2 would have taken 8 s
            #expect(await reports.results.isEmpty)  // whatever the delay, a cancelled loop reports nothing
            // One authentication, shared by the sync's two calls, and nothing sent after it.
            #expect(emulator.receivedRequests(path: FleetSyncWorld.authenticatePath) == 1)
            #expect(emulator.receivedRequests() == 1)
        }
    }

    @Test func aFailedSyncIsReportedAndTheLoopGoesOn() async throws {
        let emulator = OceanEmulator(configuration: FleetSyncWorld.configuration())
        try await emulator.withRunningServer { url in
            let client = FleetSyncWorld.client(url, maxAttempts: 1)
            try await client.authenticate()
            // The next API calls answer 503; with one attempt per call, the first sync fails.
            await emulator.setFaults(FaultConfiguration(errorBurstCount: 2, errorBurstStatus: 503))
            let index = FleetIndex()
            let sync = FleetSync(client: client, index: index, customerId: 1001, now: { FleetSyncWorld.now })
            let reports = ReportLog()
            let task = Task { await sync.run(every: .milliseconds(5), onReport: reports.onReport) }
            await reports.wait(for: 3)
            task.cancel()
            await task.value
            let results = await reports.results
            guard case .failure(let error) = results[0] else {
                Issue.record("the first sync should have failed, got \(results[0])")
                return
            }
            #expect((error as? OceanError) == .serverError)
            // A burst of 2 fails at most the first two syncs (one call of a sync may be cancelled by the other's
            // failure before it reaches the emulator); the third succeeds and fills the index.
            let third = try results[2].get()
            #expect(third.inserted + third.unchanged == index.count)
            #expect(index.count == FleetSyncWorld.located(emulator.configuration.fleet, customerId: 1001).count)
        }
    }

    @Test func logsOneDebugLinePerSyncAWarningPerFailureAndNoSecret() async throws {
        let emulator = OceanEmulator(configuration: FleetSyncWorld.configuration())
        try await emulator.withRunningServer { url in
            let logs = LogCapture()
            let client = FleetSyncWorld.client(url, logger: logs.logger())
            let sync = FleetSync(client: client, index: FleetIndex(), customerId: 1001, logger: logs.logger())
            try await sync.syncOnce()
            let token = try #require(await client.tokens.current)
            #expect(logs.text.contains("debug fleet sync"))

            // A failing loop: wrong password, reported and logged at warning level.
            let wrongPassword = "wrong-secret-\(UInt32.random(in: 0...UInt32.max))"
            let refused = FleetSyncWorld.sync(url, index: FleetIndex(), password: wrongPassword, logger: logs.logger())
            let reports = ReportLog()
            let task = Task { await refused.run(every: .seconds(3_600), onReport: reports.onReport) }
            await reports.wait(for: 1)
            task.cancel()
            await task.value
            guard case .failure(let error) = await reports.results[0] else {
                Issue.record("a wrong password should fail the sync")
                return
            }
            #expect((error as? OceanError) == .badCredentials)
            #expect(logs.text.contains("warning fleet sync failed"))

            for secret in ["demo-password", wrongPassword, token] {
                #expect(!logs.text.contains(secret))
                #expect(!String(describing: error).contains(secret))
            }
        }
    }
}
