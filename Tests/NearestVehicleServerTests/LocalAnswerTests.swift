import Foundation
import NearestVehicleServer
import Testing
import TestSupport

/// Local VOL_OISEAU answers against the emulator's own: same ids, same order, distances within 1 mm.
@Suite struct LocalAnswerTests {
    static let cities = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698)]

    @Test func randomQueriesEqualTheEmulatorsAnswers() async throws {
        let seed = testSeed(default: 0x5E_12_7E)
        try await ServeWorld.withStack(vehicles: 300) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.multi)
            var random = SplitMix64(seed: seed)
            var nonEmpty = 0
            for round in 0..<150 {
                let city = Self.cities[Int(random.next() % 3)]
                let spread = [0.01, 0.05, 0.3, 2.0][Int(random.next() % 4)]
                let latitude = city.0 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * spread
                let longitude = city.1 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * spread
                let customerId: Int64 = random.next() % 2 == 0 ? 1001 : 1002
                let limit: Int? = random.next() % 4 == 0 ? nil : Int(1 + random.next() % 15)
                let radius: Int? = random.next() % 3 == 0 ? nil : Int(random.next() % 40)
                let unit: String? = [nil, "km", "m", "mi", "KM", "nmi", "ft"][Int(random.next() % 7)]
                let scaledRadius = radius.map { unit == "m" || unit == "ft" ? $0 * 1000 : $0 }
                let local = try await ServeWorld.nearest(
                    stack.serveURL, token: token, customerId: customerId, latitude: latitude, longitude: longitude,
                    radius: scaledRadius, unit: unit, limit: limit)
                let direct = try await ServeWorld.nearest(
                    stack.upstreamURL, token: token, customerId: customerId, latitude: latitude,
                    longitude: longitude, radius: scaledRadius, unit: unit, limit: limit)
                let context = "seed \(seed) round \(round): \(customerId) (\(latitude), \(longitude)) r=\(String(describing: scaledRadius)) \(unit ?? "-") k=\(String(describing: limit))"
                #expect(local.status == 200, "\(context)")
                #expect(local.source == "local", "\(context)")
                let ours = try ServeWorld.hits(local)
                let theirs = try ServeWorld.hits(direct)
                #expect(ours.map { $0.vehicle?.id } == theirs.map { $0.vehicle?.id }, "\(context)")
                for (a, b) in zip(ours, theirs) {
                    #expect(abs((a.distance ?? .nan) - (b.distance ?? .nan)) <= 1e-3, "\(context)")
                }
                if !ours.isEmpty { nonEmpty += 1 }
            }
            #expect(nonEmpty > 75, "most random queries must find vehicles, or the comparison proves little")
        }
    }

    @Test func answersUpstreamWhenNotSureOrNotSynced() async throws {
        try await ServeWorld.withStack(syncCustomers: [1001]) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.multi)
            // Not synced yet: upstream, then the sync starts on this first authorised use.
            let first = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3)
            #expect(first.status == 200)
            #expect(first.source == "upstream")
            // No customerId, unknown unit, PAR_ROUTE: upstream.
            let noCustomer = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: nil, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(noCustomer.source == "upstream")
            #expect(noCustomer.status == 400)  // multi-customer user without customerId: upstream's answer
            let unknownUnit = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, radius: 3,
                unit: "furlong")
            #expect(unknownUnit.source == "upstream")
            #expect(unknownUnit.status == 400)
            let outOfRange = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 91, longitude: 2.35)
            #expect(outOfRange.source == "upstream")
            #expect(outOfRange.status == 400)
            // The sync of 1002 started by the first call: it becomes local.
            let start = ContinuousClock.now
            var source = "upstream"
            while source != "local", ContinuousClock.now - start < .seconds(10) {
                try await Task.sleep(for: .milliseconds(20))
                source = try await ServeWorld.nearest(
                    stack.serveURL, token: token, customerId: 1002, latitude: 43.3, longitude: 5.37, limit: 3
                ).source ?? "none"
            }
            #expect(source == "local")
        }
    }

    @Test func staleCustomerIsAnsweredUpstream() async throws {
        try await ServeWorld.withStack(configure: { $0.maxSyncAge = .seconds(100) }) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let fresh = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(fresh.source == "local")
            stack.clock.advance(seconds: 101)
            let stale = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, limit: 3)
            #expect(stale.status == 200)
            #expect(stale.source == "upstream")
            #expect(try ServeWorld.hits(stale) == ServeWorld.hits(fresh))
        }
    }
}
