import Foundation
import NIOConcurrencyHelpers
import NearestVehicleServer
import OceanEmulator
import OceanTestSupport
import Testing

/// `/ready` tells the truth (issue 23): 503 while a configured customer's index is older than `maxSyncAge`
/// (saying which and how old), 200 again after a good sync; 503 at once when draining, while requests are still
/// answered; in-flight requests finish after the drain.
@Suite struct ReadinessTests {
    /// The `/ready` body.
    struct Report: Decodable {
        struct Stale: Decodable { let customerId: Int64; let syncAgeSeconds: Double }
        let status: String
        let customersWithoutSync: [Int64]
        let staleCustomers: [Stale]
        let maxSyncAgeSeconds: Double
        let draining: Bool
    }

    static func ready(_ stack: Stack) async throws -> (status: Int, report: Report) {
        let answer = try await ServeWorld.get(stack.serveURL, "/ready")
        return (answer.status, try JSONDecoder().decode(Report.self, from: answer.body))
    }

    /// Regression: `/ready` stayed 200 while every sync failed and the index aged past `--max-sync-age`. The syncs
    /// fail (the emulator's 503 burst), the server's clock passes the maximum age: 503 naming the customer and its
    /// age (601 s: the clock is the test's); the faults end, a sync succeeds: 200.
    @Test func staleCustomerMakesItUnreadyUntilAGoodSync() async throws {
        try await ServeWorld.withStack(syncCustomers: [1001], configure: {
            $0.syncInterval = .milliseconds(100)
            $0.maxSyncAge = .seconds(600)
        }) { stack in
            let fresh = try await Self.ready(stack)
            #expect(fresh.status == 200)
            #expect(fresh.report.status == "ready")
            await stack.emulator.setFaults(FaultConfiguration(errorBurstCount: 1_000_000, errorBurstStatus: 503))
            // A failed sync means no good one is under way (one loop per customer, one sync at a time).
            try await OperationsEndpointsTests.waitForSyncs(stack, customer: "1001", result: "failure")
            stack.clock.advance(seconds: 601)
            let stale = try await Self.ready(stack)
            #expect(stale.status == 503)
            #expect(stale.report.status == "stale")
            #expect(stale.report.customersWithoutSync.isEmpty)
            #expect(stale.report.staleCustomers.map(\.customerId) == [1001])
            #expect(stale.report.staleCustomers.first?.syncAgeSeconds == 601)
            #expect(stale.report.maxSyncAgeSeconds == 600)
            #expect(!stack.server.isReady)

            let successes = try await Self.syncs(stack, customer: "1001", result: "success")
            await stack.emulator.setFaults(.none)
            try await OperationsEndpointsTests.waitForSyncs(
                stack, customer: "1001", result: "success", count: successes + 1)
            let again = try await Self.ready(stack)
            #expect(again.status == 200)
            #expect(again.report.status == "ready")
            #expect(stack.server.isReady)
        }
    }

    static func syncs(_ stack: Stack, customer: String, result: String) async throws -> Double {
        let scrape = try await ServeWorld.get(stack.serveURL, "/metrics")
        return try OperationsEndpointsTests.samples(scrape.text).first {
            $0.name == "nearest_serve_syncs_total" && $0.labels["customer"] == customer && $0.labels["result"] == result
        }?.value ?? 0
    }

    /// Graceful drain, as SIGTERM starts it: `/ready` 503 ("draining") at once while requests are still answered
    /// (with `Connection: close`, so keep-alive clients go elsewhere); a request in flight upstream when the drain
    /// ends still gets its answer; then the server stops.
    @Test(.timeLimit(.minutes(5))) func drainAnswersThenStops() async throws {
        let inFlight = OperationsEndpointsTests.InFlightBox()
        let serveURL = NIOLockedValueBox<URL?>(nil)
        try await ServeWorld.withServiceGroup(configure: {
            // Long enough for the checks made during it on a machine busy with the whole suite (a 3 s drain was
            // outlasted by the same checks in ServeSignalEndToEndTests on a fresh-clone CI run).
            $0.drain = .seconds(8)
            // Far above the injected latency, so that only the shutdown could cut the call short.
            $0.upstreamTimeout = .seconds(60)
            $0.requestDeadline = .seconds(60)
        }) { stack, group in
            serveURL.withLockedValue { $0 = stack.serveURL }
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            #expect(try await Self.ready(stack).status == 200)
            // In flight upstream for longer than the drain.
            await stack.emulator.setFaults(FaultConfiguration(latencyMs: 9_500))
            inFlight.task = Task {
                try await ServeWorld.get(stack.serveURL, "/restapi/mobility/v1/entities", token: token).status
            }
            try await EmulatorWorld.waitUntilReceived(stack.emulator, path: "/restapi/mobility/v1/entities")

            await group.triggerGracefulShutdown()
            let draining = try await Self.waitForReady(stack, status: 503)
            #expect(draining.status == "draining")
            #expect(draining.draining)
            let health = try await ServeWorld.get(stack.serveURL, "/health")
            #expect(health.status == 200)
            #expect(health.header("Connection") == "close")
        }  // returns once the group has stopped
        let status = try await #require(inFlight.task).value
        #expect(status == 200)
        let url = try #require(serveURL.withLockedValue { $0 })
        await #expect(throws: (any Error).self) { _ = try await ServeWorld.get(url, "/health") }
    }

    /// Polls `/ready` until it answers `status`; fails the test after 20 s (asking once more past the deadline, so
    /// that a poll starved by a busy machine cannot fail it).
    static func waitForReady(_ stack: Stack, status: Int) async throws -> Report {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let answer = try await Self.ready(stack)
            if answer.status == status { return answer.report }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("/ready never answered \(status)")
        throw CancellationError()
    }
}
