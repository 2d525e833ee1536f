import Synchronization

/// The emulator's own count of the API requests that reached it, by path: its record that a call was sent and in
/// flight, whatever the client then did with it (read with ``OceanEmulator/receivedRequests(path:)``).
final class ReceivedRequests: Sendable {
    private let _counts = Mutex<[String: Int]>([:])

    /// Counts one request to `path` (no query string).
    func record(path: String) {
        _counts.withLock { $0[path, default: 0] += 1 }
    }

    /// Requests recorded for `path`; nil: for every path.
    func count(path: String?) -> Int {
        _counts.withLock { counts in
            guard let path else { return counts.values.reduce(0, +) }
            return counts[path, default: 0]
        }
    }
}
