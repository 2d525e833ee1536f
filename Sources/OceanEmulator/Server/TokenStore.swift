import Foundation

/// A logged-in user, as seen by the handlers.
struct EmulatorSession: Sendable {
    var login: String
    var customerIds: [Int64]

    /// The session of the request being handled (set by ``AuthMiddleware``).
    @TaskLocal static var current: EmulatorSession?
}

/// Issued tokens and their expiry. Tokens are random (not seeded): they are secrets, not test data.
actor TokenStore {
    private var sessions: [String: (session: EmulatorSession, expires: Date)] = [:]
    private let ttl: Duration
    private let now: @Sendable () -> Date

    init(ttl: Duration, now: @escaping @Sendable () -> Date) {
        self.ttl = ttl
        self.now = now
    }

    func issue(for user: EmulatedUser) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next(), radix: 16) }.joined()
        let seconds = Double(ttl.components.seconds) + Double(ttl.components.attoseconds) / 1e18
        sessions[token] = (EmulatorSession(login: user.login, customerIds: user.customerIds), now().addingTimeInterval(seconds))
        return token
    }

    /// The session of a valid, unexpired token; nil otherwise (expired tokens are forgotten).
    func session(for token: String) -> EmulatorSession? {
        guard let entry = sessions[token] else { return nil }
        guard now() < entry.expires else {
            sessions[token] = nil
            return nil
        }
        return entry.session
    }

    /// Expires every token now (fault "token expiry").
    func expireAll() {
        sessions.removeAll()
    }
}
