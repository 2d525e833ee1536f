import Foundation
import Logging
import NearestVehicle
import OceanAPI

/// Keeps a ``NearestVehicle/FleetIndex`` in step with one Ocean customer: reads `vehiclePositions` (and `vehicles`,
/// for entity and privacy) and upserts the positions, on demand (``syncOnce()``) or on an interval
/// (``run(every:onReport:)``, cancellable; or as a ServiceLifecycle service, ``FleetSyncService``).
///
/// Each sync returns a ``FleetSyncReport``: inserted / updated / unchanged / stale counts, every listed vehicle
/// that produced no position with its reason (``FleetSyncSkip``), and the ages of the newest and oldest fixes
/// relative to the injected clock.
///
/// ## Semantics
/// - **Newest fix wins.** The index keeps the newest position per vehicle, so an older Ocean answer (a lagging
///   replica, a retry that overtook a later call) never overwrites a newer fix: it is counted as stale.
/// - **Unchanged positions are not re-written.** A position equal to the one held is counted as unchanged and not
///   upserted, so a fleet standing still does not grow the index's log and trigger rebuilds every sync.
/// - **Vehicles Ocean stops listing stay in the index.** `vehiclePositions` may be partial (rights, a vehicle
///   briefly unassigned, an Ocean-side filter), and a dispatch query is better served by a known-old position
///   (which it can exclude with `VehicleFilter.maxPositionAge`) than by a vehicle that vanishes and comes back.
///   They are named in ``FleetSyncReport/notListedIds`` so a caller can call `FleetIndex.remove(id:)` if its policy
///   differs.
/// - **Privacy mode hides a held position.** When Ocean lists a vehicle without a position because privacy mode
///   is on, the position the index held is re-written with `isPrivacyMode = true` (see
///   ``FleetSyncReport/markedPrivate``), so it stops appearing in queries that exclude privacy mode.
/// - **All or nothing per sync.** If either Ocean call fails, the sync throws and the index is untouched.
///
/// `Sendable`: one instance may be shared, but run one sync loop per customer and index.
///
/// ```swift
/// let sync = FleetSync(client: client, index: index, customerId: 1001)
/// let report = try await sync.syncOnce()
/// ```
public final class FleetSync: Sendable {
    /// The Ocean client (its user must be allowed to see ``customerId``).
    public let client: OceanClient
    /// The index written to; it may hold other customers and other writers too.
    public let index: FleetIndex
    /// The Ocean customer mirrored; positions are upserted under its decimal string.
    public let customerId: Int64
    /// The clock for report times and position ages.
    let now: @Sendable () -> Date
    /// Debug: one line per sync; warning: each failed sync in ``run(every:onReport:)``.
    let logger: Logger

    /// - Parameters:
    ///   - client: the Ocean client. It never logs the password or tokens, and neither does `FleetSync`.
    ///   - index: the index to keep up to date.
    ///   - customerId: the Ocean customer to mirror.
    ///   - now: the clock for ``FleetSyncReport/startedAt``, ``FleetSyncReport/fetchedAt`` and position ages;
    ///     tests inject a fixed one.
    ///   - logger: swift-log logger.
    public init(
        client: OceanClient, index: FleetIndex, customerId: Int64,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "fleet-sync")
    ) {
        self.client = client
        self.index = index
        self.customerId = customerId
        self.now = now
        self.logger = logger
    }
}
