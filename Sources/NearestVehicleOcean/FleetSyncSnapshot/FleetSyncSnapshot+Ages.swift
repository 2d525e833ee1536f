import Foundation

extension FleetSyncSnapshot {
    /// The latest fix time among ``positions``; nil when there is none.
    public var newestTimestamp: Date? { positions.lazy.map(\.timestamp).max() }

    /// The earliest fix time among ``positions``; nil when there is none.
    public var oldestTimestamp: Date? { positions.lazy.map(\.timestamp).min() }

    /// ``fetchedAt`` minus ``newestTimestamp``: how old the freshest fix was when Ocean answered. Millisecond
    /// resolution. Negative when a fix is dated after `fetchedAt` (a device or
    /// server clock ahead of ours); nil when there is no position.
    public var newestPositionAge: Duration? { newestTimestamp.map(age) }

    /// ``fetchedAt`` minus ``oldestTimestamp``: how old the stalest fix was when Ocean answered; same units and
    /// edge cases as ``newestPositionAge``.
    public var oldestPositionAge: Duration? { oldestTimestamp.map(age) }

    private func age(of timestamp: Date) -> Duration {
        .milliseconds(Int64((fetchedAt.timeIntervalSince(timestamp) * 1000).rounded()))
    }
}
