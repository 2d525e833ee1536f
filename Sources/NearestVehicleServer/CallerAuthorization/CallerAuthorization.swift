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
/// Tokens are held as ``TokenDigest``s only. The hot check (``isAuthorized(_:customerId:)``) reads a lock-free
/// front table first (``AuthorizationSlots``, kept in step with the dictionary under its lock) and takes the lock
/// only on a miss.
final class CallerAuthorization: Sendable {
    let ttl: Duration
    let maxEntries: Int
    private let now: @Sendable () -> Date
    private let pairs = NIOLockedValueBox<[TokenDigest: [Int64: Date]]>([:])
    /// What the dictionary holds, as far as a direct-mapped table can: written and cleared under `pairs`' lock.
    private let slots = AuthorizationSlots()

    init(ttl: Duration, maxEntries: Int = 100_000, now: @escaping @Sendable () -> Date) {
        self.ttl = ttl
        self.maxEntries = maxEntries
        self.now = now
    }

    /// Whether upstream accepted this token for this customer less than ``ttl`` ago.
    func isAuthorized(_ token: TokenDigest, customerId: Int64) -> Bool {
        let now = now()
        if slots.contains(token, customerId: customerId, now: now.timeIntervalSinceReferenceDate) { return true }
        return pairs.withLockedValue { pairs in
            guard let expiry = pairs[token]?[customerId], now < expiry else { return false }
            slots.store(token, customerId: customerId, expiry: expiry.timeIntervalSinceReferenceDate)  // evicted
            return true
        }
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
                if pairs.count >= maxEntries {
                    pairs.removeAll()
                    slots.removeAll()
                }
            }
            pairs[token, default: [:]][customerId] = expiry
            slots.store(token, customerId: customerId, expiry: expiry.timeIntervalSinceReferenceDate)
        }
    }

    /// Forgets every customer of this token (upstream answered 401 or 403 to it).
    func dropToken(_ token: TokenDigest) {
        pairs.withLockedValue { pairs in
            pairs.removeValue(forKey: token)
            slots.remove(token: token)
        }
    }

    /// Number of tokens held (tests, metrics).
    var tokenCount: Int { pairs.withLockedValue { $0.count } }
}
