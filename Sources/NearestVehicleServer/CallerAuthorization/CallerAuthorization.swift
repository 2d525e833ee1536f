import Foundation
import NIOConcurrencyHelpers

/// The (token, customer) pairs upstream accepted recently: a local answer is only given to a caller whose token
/// upstream accepted for that customer less than ``ttl`` ago.
///
/// - A pair enters only after an upstream call with that token for that customer answered 2xx
///   (``accept(_:customerId:)``): the authorisation probe (`GET entities?customerId=`) or a forwarded
///   `nearestVehicles` for that customer.
/// - It expires ``ttl`` after it was accepted (default 30 s): the next local answer asks upstream again.
/// - Every pair of a token is dropped as soon as any upstream call with that token answers 401 or 403
///   (``dropToken(_:)``), so an expired or revoked token that reaches upstream once loses its local answers at once.
/// - Bounded: at most ``maxEntries`` tokens; when full, expired pairs are purged, and if still full everything is
///   forgotten (callers are asked again: safe, never permissive).
///
/// Tokens are held as ``TokenDigest``s only.
final class CallerAuthorization: Sendable {
    let ttl: Duration
    let maxEntries: Int
    private let now: @Sendable () -> Date
    private let pairs = NIOLockedValueBox<[TokenDigest: [Int64: Date]]>([:])

    init(ttl: Duration, maxEntries: Int = 100_000, now: @escaping @Sendable () -> Date) {
        self.ttl = ttl
        self.maxEntries = maxEntries
        self.now = now
    }

    /// Whether upstream accepted this token for this customer less than ``ttl`` ago.
    func isAuthorized(_ token: TokenDigest, customerId: Int64) -> Bool {
        let now = now()
        return pairs.withLockedValue { $0[token]?[customerId].map { now < $0 } ?? false }
    }

    /// Records that upstream accepted this token for this customer just now.
    func accept(_ token: TokenDigest, customerId: Int64) {
        guard ttl > .zero else { return }
        let now = now()
        let expiry = now.addingTimeInterval(ttl.secondsDouble)
        pairs.withLockedValue { pairs in
            if pairs[token] == nil, pairs.count >= maxEntries {
                for (key, customers) in pairs {
                    let live = customers.filter { now < $0.value }
                    pairs[key] = live.isEmpty ? nil : live
                }
                if pairs.count >= maxEntries { pairs.removeAll() }
            }
            pairs[token, default: [:]][customerId] = expiry
        }
    }

    /// Forgets every customer of this token (upstream answered 401 or 403 to it).
    func dropToken(_ token: TokenDigest) {
        _ = pairs.withLockedValue { $0.removeValue(forKey: token) }
    }

    /// Number of tokens held (tests, metrics).
    var tokenCount: Int { pairs.withLockedValue { $0.count } }
}
