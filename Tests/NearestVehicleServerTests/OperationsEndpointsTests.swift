import Foundation
import NIOConcurrencyHelpers
import NearestVehicleServer
import OceanEmulator
import OceanTestSupport
import Testing

/// /health, /ready, /metrics, the request body limit, the per-client concurrency limit and secrets in logs.
@Suite struct OperationsEndpointsTests {
    @Test func healthAndReady() async throws {
        try await ServeWorld.withStack(sync: false) { stack in
            let health = try await ServeWorld.get(stack.serveURL, "/health")
            #expect(health.status == 200)
            // No configured customer: ready at once.
            let readyAnswer = try await ServeWorld.get(stack.serveURL, "/ready")
            #expect(readyAnswer.status == 200)
        }
        try await ServeWorld.withStack(syncCustomers: [1001]) { stack in
            // withStack waited for /ready: the configured customer has synced.
            let ready = try await ServeWorld.get(stack.serveURL, "/ready")
            #expect(ready.status == 200)
            #expect(stack.server.isReady)
        }
    }

    @Test func notReadyWhileTheConfiguredCustomerCannotSync() async throws {
        // The sync account cannot read customer 4242: after its sync was tried and failed (the emulator received
        // the call, the server counted the failure), still not ready, and it says which customer.
        try await ServeWorld.withStack(syncCustomers: [], configure: { $0.customers = [4242] }) { stack in
            try await EmulatorWorld.waitUntilReceived(stack.emulator, path: "/restapi/mobility/v1/vehiclePositions")
            try await Self.waitForSyncs(stack, customer: "4242", result: "failure")
            let ready = try await ServeWorld.get(stack.serveURL, "/ready")
            #expect(ready.status == 503)
            #expect(ready.text.contains("4242"))
            #expect(!stack.server.isReady)
        }
    }

    /// Returns once `/metrics` counts at least `count` syncs of `customer` with `result` (the server's record that
    /// a sync ended); fails the test after `limit`.
    static func waitForSyncs(
        _ stack: Stack, customer: String, result: String, count: Double = 1, limit: Duration = .seconds(20)
    ) async throws {
        let deadline = ContinuousClock.now + limit
        while true {  // asks once more past the deadline: a poll starved by a busy machine cannot fail the test
            let scrape = try await ServeWorld.get(stack.serveURL, "/metrics")
            let synced = try Self.samples(scrape.text).first {
                $0.name == "nearest_serve_syncs_total" && $0.labels["customer"] == customer
                    && $0.labels["result"] == result
            }
            if let synced, synced.value >= count { return }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no \(result) sync of customer \(customer) counted within \(limit)")
        throw CancellationError()
    }

    /// Parses the Prometheus text exposition: `name{labels} value` per sample line.
    static func samples(_ text: String) throws -> [(name: String, labels: [String: String], value: Double)] {
        var samples: [(String, [String: String], Double)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let valueStart = try #require(line.lastIndex(of: " "))
            let value = try #require(Double(line[line.index(after: valueStart)...]), "\(line)")
            let series = line[..<valueStart]
            var labels: [String: String] = [:]
            var name = String(series)
            if let open = series.firstIndex(of: "{") {
                name = String(series[..<open])
                let inner = series[series.index(after: open)..<series.index(before: series.endIndex)]
                for pair in inner.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    try #require(parts.count == 2, "\(line)")
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            samples.append((name, labels, value))
        }
        return samples
    }

    @Test func metricsAreScrapedAndParsed() async throws {
        try await ServeWorld.withStack { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            for _ in 0..<5 {
                _ = try await ServeWorld.nearest(
                    stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            }
            _ = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, mode: "PAR_ROUTE",
                limit: 3)
            await stack.emulator.setFaults(FaultConfiguration(errorBurstCount: 1, errorBurstStatus: 503))
            _ = try await ServeWorld.get(stack.serveURL, "/restapi/mobility/v1/entities", token: token)
            await stack.emulator.setFaults(.none)
            let scrape = try await ServeWorld.get(stack.serveURL, "/metrics")
            #expect(scrape.status == 200)
            #expect(scrape.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(!scrape.text.contains(token))
            let samples = try Self.samples(scrape.text)
            func value(_ name: String, _ labels: [String: String]) -> Double? {
                samples.first { sample in
                    sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value }
                }?.value
            }
            #expect(value("nearest_serve_requests_total",
                          ["operation": "nearestVehicles", "status": "200", "source": "local"]) == 5)
            #expect(value("nearest_serve_requests_total",
                          ["operation": "nearestVehicles", "status": "200", "source": "upstream"]) == 1)
            #expect(value("nearest_serve_requests_total",
                          ["operation": "getEntities", "status": "503", "source": "upstream"]) == 1)
            #expect(value("nearest_serve_requests_total",
                          ["operation": "authenticate2", "status": "200", "source": "upstream"]) == 1)
            #expect(value("nearest_serve_upstream_errors_total", ["operation": "getEntities", "kind": "5xx"]) == 1)
            #expect(value("nearest_serve_request_duration_seconds_count",
                          ["operation": "nearestVehicles", "source": "local"]) == 5)
            #expect(value("nearest_serve_request_duration_seconds_bucket",
                          ["operation": "nearestVehicles", "source": "local", "le": "+Inf"]) == 5)
            let age = try #require(value("nearest_serve_sync_age_seconds", ["customer": "1001"]))
            #expect(age >= 0 && age < 600)
            #expect((value("nearest_serve_index_vehicles", ["customer": "1001"]) ?? 0) > 10)
            #expect((value("nearest_serve_syncs_total", ["customer": "1002", "result": "success"]) ?? 0) >= 1)
            #if os(Linux)
            // The server runs in this process: its figures against the kernel's other reports of the same.
            let resident = try #require(value("process_resident_memory_bytes", [:]))
            let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            let vmRSSLine = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
            let vmRSS = try #require(Double(vmRSSLine.split(separator: " ")[1])) * 1024  // "VmRSS:  123456 kB"
            #expect(resident > 0.5 * vmRSS && resident < 2 * vmRSS, "\(resident) against VmRSS \(vmRSS)")
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            let exported = try #require(value("process_cpu_seconds_total", [:]))
            #expect(exported > 0 && exported <= cpu + 0.05, "\(exported) s against getrusage's \(cpu) s")
            #endif
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await ServeWorld.withStack(sync: false, configure: { $0.maxRequestBodyBytes = 1_024 }) { stack in
            let padding = String(repeating: "x", count: 4_000)
            let answer = try await ServeWorld.request(
                stack.serveURL, "POST", "/restapi/auth/authenticate2",
                body: Data(#"{"login":"demo","password":"demo-password","pad":"\#(padding)"}"#.utf8))
            #expect(answer.status == 413)
            #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(answer.text.contains(#""error":"Payload Too Large""#), "\(answer.text)")
            let small = try await ServeWorld.request(
                stack.serveURL, "POST", "/restapi/auth/authenticate2",
                body: Data(#"{"login":"demo","password":"demo-password"}"#.utf8))
            #expect(small.status == 200)
        }
    }

    @Test func perClientConcurrencyLimit() async throws {
        try await ServeWorld.withStack(sync: false, configure: { $0.maxConcurrentRequestsPerClient = 2 }) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            await stack.emulator.setFaults(FaultConfiguration(latencyMs: 700))
            let statuses = try await withThrowingTaskGroup(of: HTTPAnswer.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await ServeWorld.get(stack.serveURL, "/restapi/mobility/v1/entities", token: token)
                    }
                }
                var answers: [HTTPAnswer] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            await stack.emulator.setFaults(.none)
            let limited = statuses.filter { $0.status == 429 }
            #expect(statuses.filter { $0.status == 200 }.count >= 2)
            #expect(limited.count >= 1)
            #expect(limited.allSatisfy { $0.header("Retry-After") == "1" })
            #expect(limited.allSatisfy { $0.text.contains(#""error":"Too Many Requests""#) })
            // serve's own 429s are counted (regression, issue 23: they were not).
            let counted = try Self.samples(try await ServeWorld.get(stack.serveURL, "/metrics").text).first {
                $0.name == "nearest_serve_requests_total" && $0.labels["operation"] == "getEntities"
                    && $0.labels["status"] == "429" && $0.labels["source"] == "none"
            }
            #expect(counted?.value == Double(limited.count))
            // Operations endpoints are not limited.
            let health = try await ServeWorld.get(stack.serveURL, "/health")
            #expect(health.status == 200)
        }
    }

    /// Graceful shutdown: a request in flight when shutdown starts still gets its answer.
    @Test func inFlightRequestFinishesOnShutdown() async throws {
        let inFlight = InFlightBox()
        try await ServeWorld.withStack(sync: false) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            await stack.emulator.setFaults(FaultConfiguration(latencyMs: 800))
            inFlight.task = Task {
                try await ServeWorld.get(stack.serveURL, "/restapi/mobility/v1/entities", token: token).status
            }
            // Once upstream holds the request (counted on arrival, before the injected latency), returning starts
            // serve's graceful shutdown while the request waits on upstream.
            try await EmulatorWorld.waitUntilReceived(stack.emulator, path: "/restapi/mobility/v1/entities")
        }
        let status = try await #require(inFlight.task).value
        #expect(status == 200)
    }

    final class InFlightBox: Sendable {
        private let box = NIOLockedValueBox<Task<Int, any Error>?>(nil)
        var task: Task<Int, any Error>? {
            get { box.withLockedValue { $0 } }
            set { box.withLockedValue { $0 = newValue } }
        }
    }

    @Test func secretsNeverReachTheLogs() async throws {
        let capture = try await ServeWorld.withStackReturningLogs { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            _ = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            _ = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1002, latitude: 48.85, longitude: 2.35, limit: 3)
            _ = try await ServeWorld.nearest(
                stack.serveURL, token: "forged-secret-token", customerId: 1001, latitude: 48.85, longitude: 2.35)
            _ = try await ServeWorld.request(
                stack.serveURL, "POST", "/restapi/auth/authenticate2",
                body: Data(#"{"login":"demo","password":"wrong-secret-password"}"#.utf8))
            await stack.emulator.setFaults(FaultConfiguration(errorBurstCount: 2, errorBurstStatus: 500))
            _ = try await ServeWorld.get(stack.serveURL, "/restapi/mobility/v1/entities", token: demo)
            await stack.emulator.setFaults(.none)
            return [demo]
        }
        let (logs, tokens) = capture
        #expect(logs.count > 5, "the flow must have logged something for this test to mean anything")
        for secret in tokens + ["demo-password", "multi-password", "forged-secret-token", "wrong-secret-password"] {
            #expect(!logs.contains { $0.contains(secret) }, "secret found in logs")
        }
    }
}

extension ServeWorld {
    /// Runs a flow and returns every log line the server wrote, plus the secrets the flow produced.
    static func withStackReturningLogs(
        _ body: @Sendable @escaping (Stack) async throws -> [String]
    ) async throws -> ([String], [String]) {
        let result = ResultBox()
        try await withStack { stack in
            let secrets = try await body(stack)
            result.set(stack.logs.lines, secrets)
        }
        return result.get()
    }

    final class ResultBox: Sendable {
        private let value = NIOLockedValueBox<([String], [String])>(([], []))
        func set(_ logs: [String], _ secrets: [String]) { value.withLockedValue { $0 = (logs, secrets) } }
        func get() -> ([String], [String]) { value.withLockedValue { $0 } }
    }
}
