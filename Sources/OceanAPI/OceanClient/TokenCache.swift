import Foundation

/// A secret that prints, dumps and reflects as `<redacted>`.
struct Redacted: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String
    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// The cached Ocean token: one authentication in flight at a time, renewed before expiry. The token is kept
/// ``Redacted`` so that `dump(client)` cannot reveal it.
actor TokenCache {
    private var token: Redacted?
    private var renewAt: Date = .distantPast
    private var inFlight: Task<String, any Error>?

    /// A token valid now: the cached one, or a new one from `authenticate` (concurrent callers share one request).
    func validToken(
        now: Date, validFor: TimeInterval, authenticate: @escaping @Sendable () async throws -> String
    ) async throws -> String {
        if let token, now < renewAt { return token.value }
        if let inFlight { return try await inFlight.value }
        let task = Task { try await authenticate() }
        inFlight = task
        defer { inFlight = nil }
        let fresh = try await task.value
        token = Redacted(value: fresh)
        renewAt = now.addingTimeInterval(validFor)
        return fresh
    }

    /// Forgets `used` if it is still the cached token (so a burst of 401s triggers one re-authentication).
    func invalidate(_ used: String?) {
        if used == nil || used == token?.value {
            token = nil
            renewAt = .distantPast
        }
    }

    var current: String? { token?.value }
}
