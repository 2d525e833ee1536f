import Foundation

/// What `GET /ready` says: 200 with status `ready` when every configured customer (`--customer`) had a good sync
/// at most `maxSyncAge` ago and the server is not draining; else 503 with the reason.
///
/// ```json
/// {"customersWithoutSync":[],"draining":false,"maxSyncAgeSeconds":600,
///  "staleCustomers":[{"customerId":1001,"syncAgeSeconds":612.5}],"status":"stale"}
/// ```
/// `status` is the first that applies: `draining` (SIGTERM received), `syncing` (a configured customer never had a
/// good sync: `customersWithoutSync`), `stale` (a configured customer's last good sync is older than
/// `maxSyncAgeSeconds`: `staleCustomers`, with its age in seconds, milliseconds precision), `ready`.
public struct ReadinessReport: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Encodable {
        case ready, syncing, stale, draining
    }

    /// A configured customer whose index is older than the maximum sync age.
    public struct StaleCustomer: Sendable, Equatable, Encodable {
        public let customerId: Int64
        /// Seconds since its last good sync ended.
        public let syncAgeSeconds: Double
    }

    public let status: Status
    public let customersWithoutSync: [Int64]
    public let staleCustomers: [StaleCustomer]
    public let maxSyncAgeSeconds: Double
    public let draining: Bool

    public var isReady: Bool { status == .ready }

    /// - Parameters:
    ///   - customers: the configured customers.
    ///   - lastGoodSync: each one's last good sync (nil: none yet).
    init(
        customers: [Int64], lastGoodSync: (Int64) -> Date?, now: Date, maxSyncAge: Duration, draining: Bool
    ) {
        let maxAge = maxSyncAge.secondsDouble
        var without: [Int64] = [], stale: [StaleCustomer] = []
        for customerId in customers {
            guard let last = lastGoodSync(customerId) else {
                without.append(customerId)
                continue
            }
            let age = now.timeIntervalSince(last)
            if age > maxAge { stale.append(StaleCustomer(customerId: customerId, syncAgeSeconds: (age * 1000).rounded() / 1000)) }
        }
        self.customersWithoutSync = without
        self.staleCustomers = stale
        self.maxSyncAgeSeconds = maxAge
        self.draining = draining
        self.status = draining ? .draining : !without.isEmpty ? .syncing : !stale.isEmpty ? .stale : .ready
    }

    /// The JSON body (keys in a fixed order).
    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data(#"{"status":"\#(status.rawValue)"}"#.utf8)
    }
}
