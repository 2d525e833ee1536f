import Foundation
import Logging

extension FleetSync {
    /// Syncs now, then again `interval` after each sync ends, until the calling task is cancelled.
    ///
    /// Structured: it runs in the caller's task and returns when that task is cancelled, promptly: a pending sleep
    /// is interrupted, an Ocean call in flight is cancelled (its result, if any, is discarded and not reported).
    /// Cancellation is how it stops, not a failure: it returns normally and never reports a `CancellationError`.
    ///
    /// Errors do not end the loop: a failed sync (Ocean unreachable, 5xx after the client's retries, bad
    /// credentials...) is logged at warning level, passed to `onReport` as `.failure`, and the next sync runs after
    /// `interval` as usual (the index keeps its positions meanwhile). Successful syncs are logged at debug level
    /// and passed as `.success`.
    ///
    /// Fixed delay, not fixed rate: syncs never overlap and a slow sync is not followed by a burst of catch-up
    /// syncs.
    ///
    /// - Parameters:
    ///   - interval: pause between the end of one sync and the start of the next; must be > 0.
    ///   - gate: shared by the loops of many customers, it bounds how many of their syncs run at once (each sync
    ///     waits for a permit; the interval counts from the end of the sync, as without a gate). Nil: no bound.
    ///   - onReport: called after each sync, in order, on the calling task (the next sync waits for it). The
    ///     failure is the error ``syncOnce()`` threw: an ``OceanAPI/OceanError``.
    public func run(
        every interval: Duration,
        gate: SyncGate? = nil,
        onReport: @Sendable (Result<FleetSyncReport, any Error>) async -> Void = { _ in }
    ) async {
        precondition(interval > .zero, "FleetSync.run(every:) needs a positive interval, got \(interval)")
        while !Task.isCancelled {
            let result: Result<FleetSyncReport, any Error>
            do {
                if let gate {
                    result = .success(try await gate.withPermit { try await syncOnce() })
                } else {
                    result = .success(try await syncOnce())
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("fleet sync failed", metadata: ["customerId": "\(customerId)", "error": "\(error)"])
                result = .failure(error)
            }
            if Task.isCancelled { return }
            await onReport(result)
            do {
                try await Task.sleep(for: interval)
            } catch {
                return  // cancelled during the pause
            }
        }
    }
}
