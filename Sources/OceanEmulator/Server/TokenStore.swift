import Foundation

/// A logged-in user, as seen by the handlers.
struct EmulatorSession: Sendable {
    var login: String
    var customerIds: [Int64]

    /// The session of the request being handled (set by ``AuthMiddleware``).
    @TaskLocal static var current: EmulatorSession?
}

/// Issued tokens and their expiry. Tokens are random (not seeded): they are secrets, not test data.
///
/// Bounded: expired tokens are purged as logins happen (amortised O(1) per login: tokens share one TTL, so they
/// expire in the order they were issued), and a login holds at most `maxTokensPerUser` live tokens; one more revokes
/// that login's oldest. Memory is therefore O(users × maxTokensPerUser) whatever the login rate
/// (`TokenStoreTests`).
actor TokenStore {
    private struct Entry {
        var session: EmulatorSession
        var expires: Date
    }

    private var sessions: [String: Entry] = [:]
    /// Every token in issue order (so in expiry order); entries whose token was revoked or expired early are stale
    /// and skipped. Compacted when stale entries outnumber live ones.
    private var issueOrder: [String] = []
    private var issueOrderHead = 0
    /// Live tokens per login, oldest first (at most `maxTokensPerUser`).
    private var tokensByLogin: [String: [String]] = [:]
    private let ttlSeconds: Double
    private let maxTokensPerUser: Int
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - ttl: token lifetime, clamped into ``EmulatorConfiguration/tokenTTLRange``.
    ///   - maxTokensPerUser: live tokens per login (>= 1; smaller values count as 1).
    init(ttl: Duration, maxTokensPerUser: Int = EmulatorLimits.standard.maxTokensPerUser, now: @escaping @Sendable () -> Date) {
        let range = EmulatorConfiguration.tokenTTLRange
        let ttl = min(max(ttl, range.lowerBound), range.upperBound)
        self.ttlSeconds = Double(ttl.components.seconds) + Double(ttl.components.attoseconds) / 1e18
        self.maxTokensPerUser = max(1, maxTokensPerUser)
        self.now = now
    }

    func issue(for user: EmulatedUser) -> String {
        let now = now()
        purgeExpired(now: now)
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next(), radix: 16) }.joined()
        var owned = tokensByLogin[user.login] ?? []
        while owned.count >= maxTokensPerUser {
            sessions[owned.removeFirst()] = nil // the login's oldest token is revoked
        }
        owned.append(token)
        tokensByLogin[user.login] = owned
        sessions[token] = Entry(
            session: EmulatorSession(login: user.login, customerIds: user.customerIds),
            expires: now.addingTimeInterval(ttlSeconds)
        )
        issueOrder.append(token)
        compactIfMostlyStale()
        return token
    }

    /// The session of a valid, unexpired token; nil otherwise (expired tokens are forgotten).
    func session(for token: String) -> EmulatorSession? {
        guard let entry = sessions[token] else { return nil }
        guard now() < entry.expires else {
            revoke(token, login: entry.session.login)
            return nil
        }
        return entry.session
    }

    /// Expires every token now (fault "token expiry").
    func expireAll() {
        sessions.removeAll()
        tokensByLogin.removeAll()
        issueOrder.removeAll()
        issueOrderHead = 0
    }

    /// Live (unexpired, unrevoked) tokens held, all users together. Test hook.
    var liveTokenCount: Int { sessions.count }

    /// Entries held by the issue-order queue (live, stale and consumed). Test hook: O(live tokens).
    var queuedTokenCount: Int { issueOrder.count }

    // MARK: Purging

    /// Forgets tokens from the front of the issue order while they are expired (or already gone).
    private func purgeExpired(now: Date) {
        while issueOrderHead < issueOrder.count {
            let token = issueOrder[issueOrderHead]
            if let entry = sessions[token] {
                guard entry.expires <= now else { break }
                revoke(token, login: entry.session.login)
            }
            issueOrderHead += 1
        }
        if issueOrderHead == issueOrder.count {
            issueOrder.removeAll(keepingCapacity: true)
            issueOrderHead = 0
        } else if issueOrderHead > 64, issueOrderHead * 2 > issueOrder.count {
            issueOrder.removeFirst(issueOrderHead) // amortised: the consumed prefix is at least half the array
            issueOrderHead = 0
        }
    }

    private func revoke(_ token: String, login: String) {
        sessions[token] = nil
        guard var owned = tokensByLogin[login], let index = owned.firstIndex(of: token) else { return }
        owned.remove(at: index)
        tokensByLogin[login] = owned.isEmpty ? nil : owned
    }

    /// Rebuilds the issue-order queue from the live tokens when stale entries dominate (a user logging in far more
    /// often than `maxTokensPerUser` per TTL), keeping it O(live tokens).
    private func compactIfMostlyStale() {
        guard issueOrder.count - issueOrderHead > 2 * sessions.count + 64 else { return }
        issueOrder = issueOrder[issueOrderHead...].filter { sessions[$0] != nil }
        issueOrderHead = 0
    }
}
