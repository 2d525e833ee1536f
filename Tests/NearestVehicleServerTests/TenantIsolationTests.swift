import Foundation
import NearestVehicleServer
import Testing

/// A local answer only for a (token, customer) pair upstream accepted: never another user's customer, never a
/// forged or expired token, whatever the cache holds.
@Suite struct TenantIsolationTests {
    @Test func anotherUsersCustomerIs403EvenWhenSynced() async throws {
        try await ServeWorld.withStack { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let own = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(own.status == 200)
            #expect(own.source == "local")
            for _ in 0..<3 {
                let foreign = try await ServeWorld.nearest(
                    stack.serveURL, token: demo, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3)
                #expect(foreign.status == 403)
                #expect(foreign.source == "upstream")
                #expect(foreign.text.contains(#""path":"\/restapi\/vehicule_engin\/nearestVehicles""#), "\(foreign.text)")
                #expect(!foreign.text.contains("latitude"))
            }
        }
    }

    @Test func forgedTokenNeverGetsAnAnswer() async throws {
        try await ServeWorld.withStack { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            _ = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            for forged in ["forged", demo + "0", String(demo.dropLast()), demo.uppercased() == demo ? "x" : demo.uppercased()] {
                let answer = try await ServeWorld.nearest(
                    stack.serveURL, token: forged, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
                #expect(answer.status == 401)
                #expect(answer.source == "upstream")
            }
        }
    }

    /// A's token expires upstream and another user logs in: A never sees B's customer, and A's own customer is
    /// refused as soon as the authorisation TTL passes or any upstream call refuses A's token.
    @Test func expiredTokenLosesItsAnswers() async throws {
        try await ServeWorld.withStack(configure: { $0.authorizationTTL = .seconds(30) }) { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let before = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(before.source == "local")
            await stack.emulator.expireAllTokens()
            let other = try await ServeWorld.login(stack.serveURL, ServeWorld.users.other)
            let otherAnswer = try await ServeWorld.nearest(
                stack.serveURL, token: other, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3)
            #expect(otherAnswer.status == 200)
            #expect(otherAnswer.source == "local")
            // A asks for B's customer with the expired token: upstream refuses, no cached answer.
            let crossed = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3)
            #expect(crossed.status == 401)
            // That 401 dropped every pair of A's token: its own customer is refused at once too.
            let own = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(own.status == 401)
            #expect(own.source == "upstream")
            // B's token is unaffected; B still never sees A's customer.
            let otherOwn = try await ServeWorld.nearest(
                stack.serveURL, token: other, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3)
            #expect(otherOwn.source == "local")
            let otherCrossed = try await ServeWorld.nearest(
                stack.serveURL, token: other, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(otherCrossed.status == 403)
        }
    }

    @Test func cachedPairExpiresAfterTheTTL() async throws {
        try await ServeWorld.withStack(configure: { $0.authorizationTTL = .seconds(30) }) { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let before = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(before.source == "local")
            await stack.emulator.expireAllTokens()
            // Within the documented TTL the pair is still trusted (no upstream call)...
            let within = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(within.source == "local")
            // ...and past it upstream is asked again, and refuses.
            stack.clock.advance(seconds: 31)
            let after = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(after.status == 401)
            #expect(after.source == "upstream")
        }
    }

    @Test func zeroTTLAsksUpstreamEveryTime() async throws {
        try await ServeWorld.withStack(configure: { $0.authorizationTTL = .zero }) { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let before = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(before.source == "local")
            await stack.emulator.expireAllTokens()
            let after = try await ServeWorld.nearest(
                stack.serveURL, token: demo, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(after.status == 401)
        }
    }
}
