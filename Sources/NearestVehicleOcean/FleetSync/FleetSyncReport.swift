import Foundation

/// What one ``FleetSync/syncOnce()`` (or ``FleetSync/apply(_:)``) did to the index.
///
/// Every vehicle Ocean listed is counted exactly once:
/// `received == inserted + updated + unchanged + stale + skipped.count`.
/// Vehicles the index holds for the customer that Ocean did not list at all are left in the index and named in
/// ``notListedIds`` (see ``FleetSync`` for why).
public struct FleetSyncReport: Hashable, Sendable, CustomStringConvertible {
    /// The Ocean customer synced.
    public var customerId: Int64
    /// The sync's clock when the sync started, before Ocean was called.
    public var startedAt: Date
    /// The sync's clock when Ocean's answer was complete; the reference for the ages below.
    public var fetchedAt: Date
    /// Vehicles Ocean listed in `vehiclePositions`.
    public var received = 0
    /// Positions of vehicles the index did not hold.
    public var inserted = 0
    /// Positions that replaced the index's: a newer fix, or the same fix time with other values (state, entity,
    /// privacy, coordinate).
    public var updated = 0
    /// Positions identical to what the index already held (the usual case between two fixes); not re-written.
    public var unchanged = 0
    /// Positions older than the index's (an older Ocean answer, or another writer was ahead): ignored, the newer
    /// fix stays.
    public var stale = 0
    /// Vehicles in ``received`` that produced no position, with why, in Ocean's order.
    public var skipped: [FleetSyncSkip] = []
    /// Vehicles Ocean listed without a position because of privacy mode whose last position the index held as
    /// not private: that position was re-written with `isPrivacyMode = true` (same fix time), so queries that
    /// exclude privacy mode stop returning it. Counted in ``skipped`` too.
    public var markedPrivate = 0
    /// Vehicles the index holds for this customer that Ocean did not list, sorted (UTF-8 order). Left in the index.
    public var notListedIds: [String] = []
    /// ``fetchedAt`` minus the newest fix time of this answer (millisecond resolution; negative if a fix is dated
    /// after ``fetchedAt``); nil when the answer had no valid position. Includes stale and unchanged positions:
    /// it describes Ocean's answer, not the index.
    public var newestPositionAge: Duration?
    /// ``fetchedAt`` minus the oldest fix time of this answer; same units and edge cases as ``newestPositionAge``.
    public var oldestPositionAge: Duration?

    public init(customerId: Int64, startedAt: Date, fetchedAt: Date) {
        self.customerId = customerId
        self.startedAt = startedAt
        self.fetchedAt = fetchedAt
    }

    /// Positions that changed the index (inserted + updated).
    public var changed: Int { inserted + updated }

    /// One line: counts, ages, and the first few skips. Vehicle ids only; no credentials.
    public var description: String {
        var text = "customer \(customerId): received \(received), inserted \(inserted), updated \(updated), "
            + "unchanged \(unchanged), stale \(stale), skipped \(skipped.count)"
        if markedPrivate > 0 { text += ", marked private \(markedPrivate)" }
        if !notListedIds.isEmpty { text += ", not listed \(notListedIds.count)" }
        if let newestPositionAge, let oldestPositionAge {
            text += ", position ages \(Self.seconds(newestPositionAge))...\(Self.seconds(oldestPositionAge))"
        }
        if !skipped.isEmpty {
            text += "; " + skipped.prefix(3).map(\.description).joined(separator: "; ")
                + (skipped.count > 3 ? "; ..." : "")
        }
        return text
    }

    private static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}
