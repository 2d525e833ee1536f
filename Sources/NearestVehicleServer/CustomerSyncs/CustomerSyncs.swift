import Foundation
import Logging
import NIOConcurrencyHelpers
import NearestVehicle
import NearestVehicleOcean
import OceanAPI

/// The per-customer FleetSync loops that feed the index with the server's own Ocean account, and the freshness
/// every local answer is checked against.
///
/// A customer's loop starts on ``ensureSync(_:)``: at start for the configured customers, and on the first
/// authorised use of any other (up to a maximum; beyond it the customer stays upstream-only). Loops run inside
/// ``run()`` (a ServiceLifecycle service) and stop with it on graceful shutdown. A customer is *fresh* when its last
/// good sync ended at most `maxSyncAge` ago; only fresh customers are answered locally.
final class CustomerSyncs: Sendable {
    let client: OceanClient?
    let index: FleetIndex
    let interval: Duration
    let maxSyncAge: Duration
    let maxCustomers: Int
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let metrics: ServerMetrics
    private let state = NIOLockedValueBox(State())
    /// `lastGoodSync` as far as the table can hold it, read without the lock by ``isFresh(_:)``; written under it.
    private let syncTimes: SyncTimeSlots
    /// Bounds how many customers' syncs run at once (``ServerConfiguration/maxConcurrentSyncs``).
    let gate: SyncGate
    private let requests: AsyncStream<Int64>
    private let requestContinuation: AsyncStream<Int64>.Continuation

    private struct State {
        var started: Set<Int64> = []
        var lastGoodSync: [Int64: Date] = [:]
    }

    init(
        client: OceanClient?, index: FleetIndex, interval: Duration, maxSyncAge: Duration, maxCustomers: Int,
        maxConcurrentSyncs: Int, metrics: ServerMetrics, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.gate = SyncGate(limit: max(1, maxConcurrentSyncs))
        self.client = client
        self.index = index
        self.interval = interval
        self.maxSyncAge = maxSyncAge
        self.maxCustomers = maxCustomers
        self.metrics = metrics
        self.now = now
        self.logger = logger
        self.syncTimes = SyncTimeSlots(customers: maxCustomers)
        (requests, requestContinuation) = AsyncStream.makeStream(of: Int64.self)
    }

    /// Starts the customer's sync loop unless it runs already (or there are no sync credentials, or the maximum
    /// number of customers is reached).
    func ensureSync(_ customerId: Int64) {
        guard client != nil else { return }
        let isNew = state.withLockedValue { state -> Bool in
            guard !state.started.contains(customerId), state.started.count < maxCustomers else { return false }
            state.started.insert(customerId)
            return true
        }
        if isNew { requestContinuation.yield(customerId) }
    }

    /// Whether the customer's last good sync ended at most `maxSyncAge` ago.
    /// Lock-free for a customer the table holds (every synced one, up to its capacity).
    func isFresh(_ customerId: Int64) -> Bool {
        let last: Double
        if let time = syncTimes.time(of: customerId) {
            last = time
        } else {
            guard let date = state.withLockedValue({ $0.lastGoodSync[customerId] }) else { return false }
            last = date.timeIntervalSinceReferenceDate
        }
        return now().timeIntervalSinceReferenceDate - last <= maxSyncAge.secondsDouble
    }

    /// The last good sync of each of these customers that had one (one lock for all).
    func lastGoodSyncs(_ customerIds: [Int64]) -> [Int64: Date] {
        state.withLockedValue { state in
            var found: [Int64: Date] = [:]
            for customerId in customerIds { found[customerId] = state.lastGoodSync[customerId] }
            return found
        }
    }

    /// Customers with a running loop and the time of their last good sync.
    func snapshot() -> [(customerId: Int64, lastGoodSync: Date?)] {
        state.withLockedValue { state in
            state.started.sorted().map { ($0, state.lastGoodSync[$0]) }
        }
    }

    /// Runs every requested customer's loop until the calling task is cancelled (graceful shutdown). Without sync
    /// credentials it only waits: a service that returned early would end its `ServiceGroup`.
    func run() async {
        guard let client else {
            for await _ in requests {}
            return
        }
        await withDiscardingTaskGroup { group in
            for await customerId in requests {
                group.addTask { [self] in
                    let sync = FleetSync(client: client, index: index, customerId: customerId, now: now, logger: logger)
                    logger.info("fleet sync started", metadata: ["customerId": "\(customerId)"])
                    await sync.run(every: interval, gate: gate) { [self] result in
                        record(result, customerId: customerId)
                    }
                    logger.info("fleet sync stopped", metadata: ["customerId": "\(customerId)"])
                }
            }
        }
    }

    private func record(_ result: Result<FleetSyncReport, any Error>, customerId: Int64) {
        switch result {
        case .success:
            let finished = now()
            state.withLockedValue { state in
                state.lastGoodSync[customerId] = finished
                syncTimes.record(customerId, time: finished.timeIntervalSinceReferenceDate)
            }
            metrics.sync(customerId: customerId, success: true)
        case .failure:
            metrics.sync(customerId: customerId, success: false)  // FleetSync logged it (no secrets)
        }
    }
}
