import Foundation
import Logging
import NearestVehicle

extension FleetSync {
    /// Reads Ocean once (``FleetSyncSnapshot/fetch(client:customerId:now:)``) and applies the answer
    /// (``apply(_:)``). Logs the report at debug level. A failure is thrown, not logged here (the client has
    /// already logged it at warning level; ``run(every:onReport:)`` logs each failed sync).
    ///
    /// - Returns: What changed, what was skipped and why, and the position ages.
    /// - Throws: ``OceanAPI/OceanError`` when Ocean could not be read (after the client's retries), or
    ///   `CancellationError`; the index is then unchanged.
    @discardableResult
    public func syncOnce() async throws -> FleetSyncReport {
        let startedAt = now()
        let snapshot = try await FleetSyncSnapshot.fetch(client: client, customerId: customerId, now: now)
        var report = apply(snapshot)
        report.startedAt = startedAt
        logger.debug("fleet sync", metadata: ["report": "\(report)"])
        return report
    }

    /// Applies a snapshot to the index (no I/O): upserts its new and changed positions, marks held positions of
    /// vehicles now in privacy mode, and lists held vehicles the snapshot does not mention.
    ///
    /// The snapshot may be for any customer (its positions carry their own customer id); ``syncOnce()`` passes
    /// this sync's. Another writer may update the index concurrently: the index still keeps the newest fix per
    /// vehicle, but the unchanged/updated split is then only as of the moment this call read the index.
    ///
    /// - Returns: The report, with ``FleetSyncReport/startedAt`` = ``FleetSyncReport/fetchedAt`` = the
    ///   snapshot's ``FleetSyncSnapshot/fetchedAt``.
    /// - Complexity: O(n + h) for n positions and h vehicles held for the customer, plus the index's upsert cost.
    public func apply(_ snapshot: FleetSyncSnapshot) -> FleetSyncReport {
        var report = FleetSyncReport(
            customerId: snapshot.customerId, startedAt: snapshot.fetchedAt, fetchedAt: snapshot.fetchedAt
        )
        report.received = snapshot.received
        report.skipped = snapshot.skipped
        report.newestPositionAge = snapshot.newestPositionAge
        report.oldestPositionAge = snapshot.oldestPositionAge

        var held: [String: VehiclePosition] = [:]
        for position in index.positions(customerId: String(snapshot.customerId)) {
            held[position.id] = position
        }
        var changed: [VehiclePosition] = []
        changed.reserveCapacity(snapshot.positions.count)
        for position in snapshot.positions where held[position.id] != position {
            changed.append(position)
        }
        report.unchanged = snapshot.positions.count - changed.count
        let upsert = index.upsert(contentsOf: changed)
        report.inserted = upsert.inserted
        report.updated = upsert.updated
        report.stale = upsert.stale
        // The index only rejects empty ids and customer ids: the mapping refuses the first, and a customer id
        // printed from an Int64 is never empty.
        assert(upsert.rejections.isEmpty, "FleetIndex rejected mapped positions: \(upsert)")

        for skip in snapshot.skipped where skip.reason == .privacyMode {
            guard var position = held[skip.vehicleId], !position.isPrivacyMode else { continue }
            position.isPrivacyMode = true  // same fix time: replaces the held position
            if index.upsert(position).updated == 1 { report.markedPrivate += 1 }
        }

        let listed = snapshot.listedIds
        report.notListedIds = held.keys.filter { !listed.contains($0) }.sorted(by: VehiclePosition.idPrecedes)
        return report
    }
}
