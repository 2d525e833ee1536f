import NIOConcurrencyHelpers

/// Requests in flight per client address.
final class InFlightCounter: Sendable {
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    func acquire(_ client: String, limit: Int) -> Bool {
        counts.withLockedValue { counts in
            let current = counts[client, default: 0]
            guard current < limit else { return false }
            counts[client] = current + 1
            return true
        }
    }

    func release(_ client: String) {
        counts.withLockedValue { counts in
            let remaining = counts[client, default: 1] - 1
            counts[client] = remaining > 0 ? remaining : nil
        }
    }
}
