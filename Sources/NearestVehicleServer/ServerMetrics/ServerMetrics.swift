import CoreMetrics
import Foundation
import NIOConcurrencyHelpers
import Prometheus
import Synchronization

/// The server's metrics, on its own Prometheus registry (no global bootstrap: several servers may share a
/// process, as in tests). Labels are operation ids, statuses, sources, customer ids and error kinds: never a token,
/// login or password.
///
/// - `nearest_serve_requests_total{operation,status,source}`: answered requests (`source` = local, upstream or
///   none for answers of `serve` itself: 401 without token, 504 past the deadline, 429 over the client limit, 413
///   over the body limit, 408 body too slow, 400 malformed request, 404 unknown path, 500; `operation` is
///   "unknown" when the path is not one of the spec's, see ``OperationPaths``).
/// - `nearest_serve_request_duration_seconds{operation,source}`: latency histogram, local vs upstream (the
///   refusals that precede an operation, ``ownAnswer(operation:status:)``, are counted but not timed).
/// - `nearest_serve_upstream_errors_total{operation,kind}`: timeout, unreachable, malformed, 429, 5xx.
/// - `nearest_serve_sync_age_seconds{customer}`: seconds since the customer's last good sync (-1: none yet).
/// - `nearest_serve_index_vehicles{customer}`: vehicles the index holds for the customer.
/// - `nearest_serve_syncs_total{customer,result}`: syncs by result (success, failure).
/// - `process_resident_memory_bytes`, `process_cpu_seconds_total`: the process's own, read at each scrape
///   (``ProcessStats``; Linux only).
final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// Request counters and latency timers by "operation status source", made once (the factory's look-up is a
    /// lock and a label sanitisation per call: too much for every request).
    private let requestHandlers = NIOLockedValueBox<[String: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])
    /// The handles of `nearestVehicles 200 local`, made once: the fast path (``LocalNearestMiddleware``) records
    /// through them without a key or a lock; ``request(operation:status:source:duration:)`` finds the same ones.
    private let localNearest: (counter: CoreMetrics.Counter, timer: CoreMetrics.Timer)
    /// Local answers given by the fast path (a part of `nearestVehicles 200 local`; not exported: tests read it to
    /// know which path answered).
    let fastPathAnswers = Atomic<Int>(0)
    /// The process CPU seconds `process_cpu_seconds_total` holds.
    private let cpuSecondsRecorded = Mutex<Double>(0)

    init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["nearest_serve_request_duration_seconds"] = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
            .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
            .seconds(10),
        ]
        self.registry = registry
        self.factory = factory
        let localNearest = Self.requestHandlers(
            operation: "nearestVehicles", status: 200, source: AnswerSource.local.rawValue, factory: factory)
        self.localNearest = localNearest
        requestHandlers.withLockedValue { $0["nearestVehicles 200 local"] = localNearest }
    }

    private static func requestHandlers(
        operation: String, status: Int, source: String, factory: PrometheusMetricsFactory
    ) -> (counter: CoreMetrics.Counter, timer: CoreMetrics.Timer) {
        (
            CoreMetrics.Counter(
                label: "nearest_serve_requests_total",
                dimensions: [("operation", operation), ("status", String(status)), ("source", source)],
                factory: factory),
            CoreMetrics.Timer(
                label: "nearest_serve_request_duration_seconds",
                dimensions: [("operation", operation), ("source", source)],
                factory: factory)
        )
    }

    /// A local `nearestVehicles` answer (200), as ``request(operation:status:source:duration:)`` records it.
    func localNearestAnswered(duration: Duration) {
        localNearest.counter.increment()
        fastPathAnswers.add(1, ordering: .relaxed)
        localNearest.timer.recordNanoseconds(Self.nanoseconds(duration))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        Int64(duration.components.seconds) * 1_000_000_000 + Int64(duration.components.attoseconds / 1_000_000_000)
    }

    func request(operation: String, status: Int, source: String, duration: Duration) {
        let key = "\(operation) \(status) \(source)"
        let (counter, timer) = requestHandlers.withLockedValue { handlers in
            if let made = handlers[key] { return made }
            let made = Self.requestHandlers(operation: operation, status: status, source: source, factory: factory)
            handlers[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// An answer of `serve` itself given before any operation ran (`source` none): counted in
    /// `nearest_serve_requests_total`, not timed (such refusals are immediate; no clock is read for them).
    func ownAnswer(operation: String, status: Int) {
        let key = "\(operation) \(status) none"
        let counter = requestHandlers.withLockedValue { handlers in
            if let made = handlers[key] { return made.0 }
            let made = Self.requestHandlers(operation: operation, status: status, source: "none", factory: factory)
            handlers[key] = made
            return made.0
        }
        counter.increment()
    }

    func upstreamError(operation: String, kind: String) {
        CoreMetrics.Counter(
            label: "nearest_serve_upstream_errors_total", dimensions: [("operation", operation), ("kind", kind)],
            factory: factory
        ).increment()
    }

    func sync(customerId: Int64, success: Bool) {
        CoreMetrics.Counter(
            label: "nearest_serve_syncs_total",
            dimensions: [("customer", String(customerId)), ("result", success ? "success" : "failure")],
            factory: factory
        ).increment()
    }

    func syncState(customerId: Int64, ageSeconds: Double?, vehicles: Int) {
        CoreMetrics.Gauge(label: "nearest_serve_sync_age_seconds", dimensions: [("customer", String(customerId))], factory: factory)
            .record(ageSeconds ?? -1)
        CoreMetrics.Gauge(label: "nearest_serve_index_vehicles", dimensions: [("customer", String(customerId))], factory: factory)
            .record(vehicles)
    }

    /// Records the process's resident memory and CPU time (``ProcessStats``), when it can read them.
    func processState(_ stats: ProcessStats?) {
        guard let stats else { return }
        CoreMetrics.Gauge(label: "process_resident_memory_bytes", factory: factory).record(stats.residentBytes)
        // A counter (as Prometheus' process collector exports it), advanced by what was used since the last scrape.
        let used = cpuSecondsRecorded.withLock { recorded -> Double in
            defer { recorded = Swift.max(recorded, stats.cpuSeconds) }
            return Swift.max(0, stats.cpuSeconds - recorded)
        }
        if used > 0 {
            CoreMetrics.FloatingPointCounter(label: "process_cpu_seconds_total", factory: factory).increment(by: used)
        }
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> String {
        registry.emitToString()
    }
}
