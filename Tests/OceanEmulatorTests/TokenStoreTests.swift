import Foundation
import Synchronization
import Testing
@testable import OceanEmulator

/// Tokens are bounded: expired ones are purged as logins happen, and a login holds at most `maxTokensPerUser`
/// (issue 14: 470k logins grew RSS from 35 to 173 MB, every token kept until it expired).
@Suite struct TokenStoreTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        func now() -> Date { current.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
    }

    static let demo = EmulatedUser.defaults[0]
    static let other = EmulatedUser.defaults[1]

    /// Regression: expired tokens were only forgotten when presented again; now a login purges them.
    @Test func expiredTokensArePurgedOnLogin() async {
        let clock = ManualClock()
        let store = TokenStore(ttl: .seconds(60), maxTokensPerUser: 1_000, now: { clock.now() })
        var old: [String] = []
        for index in 0..<500 { old.append(await store.issue(for: index.isMultiple(of: 2) ? Self.demo : Self.other)) }
        #expect(await store.liveTokenCount == 500)
        clock.advance(30)
        let young = await store.issue(for: Self.demo)
        #expect(await store.liveTokenCount == 501) // nothing expired yet
        clock.advance(31)                          // the 500 are expired, `young` is not
        let fresh = await store.issue(for: Self.other)
        #expect(await store.liveTokenCount == 2)
        #expect(await store.queuedTokenCount == 2)
        #expect(await store.session(for: young)?.login == "demo")
        #expect(await store.session(for: fresh)?.login == "other")
        for token in old.prefix(10) { #expect(await store.session(for: token) == nil) }
    }

    /// A login beyond `maxTokensPerUser` revokes that login's oldest token, and only that login's.
    @Test func loginsBeyondTheCapRevokeTheOldest() async {
        let clock = ManualClock()
        let store = TokenStore(ttl: .seconds(3_600), maxTokensPerUser: 3, now: { clock.now() })
        let otherToken = await store.issue(for: Self.other)
        var tokens: [String] = []
        for _ in 0..<5 { tokens.append(await store.issue(for: Self.demo)) }
        #expect(await store.liveTokenCount == 4)
        #expect(await store.session(for: tokens[0]) == nil)
        #expect(await store.session(for: tokens[1]) == nil)
        for token in tokens[2...] { #expect(await store.session(for: token)?.login == "demo") }
        #expect(await store.session(for: otherToken)?.login == "other")
    }

    /// One login hammering the server (tokens never expiring) holds memory for `maxTokensPerUser` tokens, not for
    /// every login.
    @Test func hammeringLoginStaysBounded() async {
        let clock = ManualClock()
        let store = TokenStore(ttl: .seconds(43_200), maxTokensPerUser: 10, now: { clock.now() })
        var last = ""
        for _ in 0..<20_000 { last = await store.issue(for: Self.demo) }
        #expect(await store.liveTokenCount == 10)
        #expect(await store.queuedTokenCount <= 2 * 10 + 64 + 1)
        #expect(await store.session(for: last)?.login == "demo")
    }

    /// Over HTTP: with `maxTokensPerUser` 2, a third login makes the first token a 401.
    @Test func capOverHTTP() async throws {
        let app = try EmulatorRouteTests.emulator { $0.limits.maxTokensPerUser = 2 }.buildApplication()
        try await app.test(.router) { client in
            let first = try await EmulatorRouteTests.login(client)
            let second = try await EmulatorRouteTests.login(client)
            let third = try await EmulatorRouteTests.login(client)
            let entities = "/restapi/mobility/v1/entities"
            try await client.execute(uri: entities, method: .get, headers: EmulatorRouteTests.tokenHeader(first)) {
                try EmulatorRouteTests.expectError($0, .unauthorized)
            }
            for token in [second, third] {
                try await client.execute(uri: entities, method: .get, headers: EmulatorRouteTests.tokenHeader(token)) {
                    #expect($0.status == .ok)
                }
            }
        }
    }
}
