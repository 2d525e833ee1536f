import Foundation
import ServiceLifecycle

/// A ``FleetSync`` loop as a ServiceLifecycle `Service`, for a `ServiceGroup` next to the HTTP server that
/// answers dispatch queries:
///
/// ```swift
/// let sync = FleetSync(client: client, index: index, customerId: 1001)
/// let group = ServiceGroup(configuration: .init(
///     services: [server, FleetSyncService(sync: sync, every: .seconds(30))], logger: logger))
/// try await group.run()
/// ```
///
/// `run()` is ``FleetSync/run(every:onReport:)`` inside `cancelWhenGracefulShutdown`: it stops on the group's
/// graceful shutdown (SIGTERM etc.) or on cancellation, promptly, even mid-sleep or mid-call, and then returns
/// without error. Failed syncs do not stop it (they are logged and passed to `onReport`). Because `run()` only
/// returns when asked to stop, the group's default termination behaviour is right for it.
public struct FleetSyncService: Sendable {
    /// The sync the service runs.
    public let sync: FleetSync
    /// Pause between the end of one sync and the start of the next (> 0).
    public let interval: Duration
    /// Called after each sync; see ``FleetSync/run(every:onReport:)``.
    let onReport: @Sendable (Result<FleetSyncReport, any Error>) async -> Void

    /// - Parameters:
    ///   - sync: the sync to run.
    ///   - interval: pause between syncs, > 0 (e.g. `.seconds(30)`; Ocean fixes arrive every 30 s to minutes).
    ///   - onReport: called after each sync with its report or error (default: nothing beyond the sync's logs).
    public init(
        sync: FleetSync, every interval: Duration,
        onReport: @escaping @Sendable (Result<FleetSyncReport, any Error>) async -> Void = { _ in }
    ) {
        precondition(interval > .zero, "FleetSyncService needs a positive interval, got \(interval)")
        self.sync = sync
        self.interval = interval
        self.onReport = onReport
    }
}
