import Foundation
import Geo
import NIOCore
import NearestVehicle
@testable import NearestVehicleServer
import OceanAPIGenerated
import Synchronization
import Testing
import TestSupport

/// The fast path (``LocalNearestMiddleware``) answers what the generated handler answered locally, byte for byte.
@Suite struct FastPathTests {
    static let cities = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698)]

    /// Through a live `serve`: the same query answered by the fast path, then with an extra parameter the fast path
    /// declines but the generated decoder ignores (so the generated handler answers it locally): same status,
    /// headers and bytes; and the fast path's counter says which path answered.
    @Test func liveAnswersEqualTheGeneratedHandlersLocalAnswers() async throws {
        let seed = testSeed(default: 0xFA57)
        try await ServeWorld.withStack(vehicles: 300) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.multi)
            var random = SplitMix64(seed: seed)
            let metrics = stack.server.metrics
            var nonEmpty = 0
            for round in 0..<60 {
                let city = Self.cities[Int(random.next() % 3)]
                let latitude = city.0 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * 0.2
                let longitude = city.1 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * 0.2
                var query: [(String, String)] = [
                    ("customerId", random.next() % 2 == 0 ? "1001" : "1002"),
                    ("latitude", String(latitude)), ("longitude", String(longitude)),
                ]
                if random.next() % 4 != 0 { query.append(("resultsLimit", String(1 + random.next() % 12))) }
                if random.next() % 2 == 0 { query.append(("radius", String(random.next() % 30))) }
                query.shuffle(using: &random)
                let unit = [nil, "km", "m", "MI"][Int(random.next() % 4)]
                var object: [String: String] = ["computeMode": "VOL_OISEAU"]
                if let unit { object["radiusUnit"] = unit }
                let body = try JSONSerialization.data(withJSONObject: object)
                let context = "round \(round) \(query) \(unit ?? "-"), \(seedNote(seed))"
                // The first call of a (token, customer) pair is authorised upstream by the generated handler.
                _ = try await ServeWorld.request(
                    stack.serveURL, "POST", "/restapi/vehicule_engin/nearestVehicles", query: query, token: token,
                    body: body)
                let before = metrics.fastPathAnswers.load(ordering: .relaxed)
                let fast = try await ServeWorld.request(
                    stack.serveURL, "POST", "/restapi/vehicule_engin/nearestVehicles", query: query, token: token,
                    body: body)
                let afterFast = metrics.fastPathAnswers.load(ordering: .relaxed)
                let generated = try await ServeWorld.request(
                    stack.serveURL, "POST", "/ocean-3.0.0/restapi/vehicule_engin/nearestVehicles",
                    query: query + [("unknownParameter", "1")], token: token, body: body)
                let afterGenerated = metrics.fastPathAnswers.load(ordering: .relaxed)
                #expect(afterFast == before + 1, "the fast path answered: \(context)")
                #expect(afterGenerated == afterFast, "the generated handler answered: \(context)")
                #expect(fast.status == 200 && generated.status == 200, "\(context)")
                #expect(fast.source == "local" && generated.source == "local", "\(context)")
                #expect(fast.header("Content-Type") == generated.header("Content-Type"), "\(context)")
                #expect(fast.header("Content-Length") == generated.header("Content-Length"), "\(context)")
                #expect(fast.body == generated.body, "\(context)\n\(fast.text)\n\(generated.text)")
                if fast.body.count > 2 { nonEmpty += 1 }
            }
            #expect(nonEmpty > 30, "most queries must find vehicles, or the comparison proves little")
        }
    }

    /// Only a (token, customer) pair upstream accepted reaches the fast path: `demo` may read 1001, not 1002;
    /// a forged token nothing.
    @Test func onlyAuthorisedPairsAreAnsweredByTheFastPath() async throws {
        try await ServeWorld.withStack { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let metrics = stack.server.metrics
            func ask(_ token: String, _ customerId: Int64) async throws -> (status: Int, fast: Bool) {
                let before = metrics.fastPathAnswers.load(ordering: .relaxed)
                let answer = try await ServeWorld.nearest(
                    stack.serveURL, token: token, customerId: customerId, latitude: 48.85, longitude: 2.35, limit: 3)
                return (answer.status, metrics.fastPathAnswers.load(ordering: .relaxed) > before)
            }
            #expect(try await ask(demo, 1001) == (200, false))  // authorised upstream by the generated handler
            #expect(try await ask(demo, 1001) == (200, true))  // then cached: the fast path
            for _ in 0..<3 {
                #expect(try await ask(demo, 1002) == (403, false))
                #expect(try await ask("forged", 1001) == (401, false))
                #expect(try await ask(demo + "0", 1001) == (401, false))
            }
            // Past the authorisation TTL, upstream is asked again (the generated handler), then the fast path.
            stack.clock.advance(seconds: 31)
            #expect(try await ask(demo, 1001) == (200, false))
            #expect(try await ask(demo, 1001) == (200, true))
        }
    }

    /// From the index itself (base and log, lazy results): the encoder's bytes equal the generated encoding of
    /// `LocalNearest.wire`'s values, for vehicles with odd ids, groups and states.
    @Test func indexAnswersEqualTheGeneratedEncoding() async throws {
        let seed = testSeed(default: 0x1DE8)
        var random = SplitMix64(seed: seed)
        func vehicle(_ number: Int, customer: String) -> VehiclePosition {
            let city = Self.cities[Int(random.next() % 3)]
            let id = random.next() % 5 == 0 ? "v\"\\/\(number)é" : String(number)
            let group: String? = [nil, "12", "g-1", "0042", "9223372036854775808"][Int(random.next() % 5)]
            let state = VehicleState([VehicleState.traveling.rawValue, "NEW\u{1}STATE", "état/ü", ""][Int(random.next() % 4)])
            return VehiclePosition(
                id: id,
                coordinate: try! Coordinate(
                    latitude: city.0 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * 0.1,
                    longitude: city.1 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * 0.1),
                timestamp: Date(timeIntervalSinceReferenceDate: 786_000_000 + Double(random.next() % 10_000_000) / 1000),
                customerId: customer, groupId: group, state: state, isPrivacyMode: random.next() % 7 == 0)
        }
        let (index, _) = FleetIndex.load((0..<2000).map { vehicle($0, customer: $0 % 2 == 0 ? "1001" : "1002") })
        // Later upserts (some moving vehicles, some new) land in the log: answers read both.
        for number in stride(from: 0, to: 2600, by: 3) { _ = index.upsert(vehicle(number, customer: "1001")) }
        let local = LocalNearest(index: index)
        let generated = try GeneratedNearestHandler()
        var vehicles = 0
        for round in 0..<300 {
            let city = Self.cities[Int(random.next() % 3)]
            let parameters = Operations.nearestVehicles.Input.Query(
                customerId: random.next() % 2 == 0 ? 1001 : 1002, radius: Int32(random.next() % 8),
                latitude: city.0 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * 0.1,
                longitude: city.1 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * 0.1,
                resultsLimit: random.next() % 5 == 0 ? nil : Int32(1 + random.next() % 30))
            let query = try #require(LocalQuery(parameters, body: .init(computeMode: .VOL_OISEAU)))
            let list = local.vehicles(query)
            var buffer = ByteBuffer()
            try #require(LocalAnswerEncoder.write(list, into: &buffer))
            let reference = try await generated.encode(local.answer(query)).body
            #expect(Array(buffer.readableBytesView) == reference, "round \(round), \(seedNote(seed))")
            vehicles += list.count
        }
        #expect(vehicles > 3000)
    }
}
