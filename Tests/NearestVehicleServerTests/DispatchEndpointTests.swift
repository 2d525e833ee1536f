import Foundation
import NearestVehicleServer
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `POST /nearest/v1/dispatch`: the plan against brute force over the emulator's own crow-flies answers (fetched
/// from upstream directly, not through serve), the same authorisation rule as the rest of serve, the body limit,
/// bad bodies, an unsynced customer, and the request metric.
@Suite struct DispatchEndpointTests {
    struct Option {
        var id: String
        var meters: Double
    }

    static func dispatch(_ stack: Stack, token: String?, body: Any) async throws -> HTTPAnswer {
        try await ServeWorld.request(stack.serveURL, "POST", "/nearest/v1/dispatch", token: token,
                                     body: try JSONSerialization.data(withJSONObject: body))
    }

    /// The least total over every assignment of `rows` (incident indices) to distinct vehicles of their lists.
    static func bruteForce(rows: [Int], lists: [[Option]]) -> Double {
        var best = Double.infinity
        var taken = Set<String>()
        func place(_ row: Int, _ total: Double) {
            guard total < best else { return }
            if row == rows.count {
                best = total
                return
            }
            for option in lists[rows[row]] where !taken.contains(option.id) {
                taken.insert(option.id)
                place(row + 1, total + option.meters)
                taken.remove(option.id)
            }
        }
        place(0, 0)
        return best
    }

    /// Three incidents near Paris needing 2, 2 and 1 vehicles: 5 in all, so each one's optimal vehicles are among
    /// its 5 nearest (no plan needs a vehicle beyond them), and the emulator's top 10 are lists enough.
    @Test func planIsOptimalAndLocal() async throws {
        try await ServeWorld.withStack { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let points = [(48.85, 2.35), (48.852, 2.353), (48.849, 2.348)]
            let needs = [2, 2, 1]
            var lists: [[Option]] = []
            for point in points {
                let answer = try await ServeWorld.nearest(
                    stack.upstreamURL, token: demo, customerId: 1001, latitude: point.0, longitude: point.1, limit: 10)
                try #require(answer.status == 200)
                lists.append(try ServeWorld.hits(answer).map {
                    Option(id: String(try #require($0.vehicle?.id)), meters: try #require($0.distance))
                })
            }
            try #require(lists.allSatisfy { $0.count == 10 })
            let rows = needs.indices.flatMap { Array(repeating: $0, count: needs[$0]) }
            let optimum = Self.bruteForce(rows: rows, lists: lists)

            let answer = try await Self.dispatch(stack, token: demo, body: [
                "customerId": 1001,
                "incidents": points.indices.map {
                    ["id": "call-\($0)", "latitude": points[$0].0, "longitude": points[$0].1, "vehicles": needs[$0]]
                },
            ])
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.source == "local")
            let plan = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            #expect(plan["customerId"] as? Int == 1001)
            let total = try #require(plan["totalDistanceMeters"] as? Double)
            // The emulator rounds nothing: both sides are haversine on R = 6 371 008.8 m.
            #expect(abs(total - optimum) <= 1e-6 * optimum, "\(total) vs brute force \(optimum)")
            let assignments = try #require(plan["assignments"] as? [[String: Any]])
            #expect(assignments.map { $0["incident"] as? String } == ["call-0", "call-1", "call-2"])
            let ids = assignments.flatMap { ($0["vehicles"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
            #expect(ids.count == 5 && Set(ids).count == 5)
            #expect((plan["unserved"] as? [Any])?.isEmpty == true)
            #expect((plan["greedy"] as? [String: Any])?["totalDistanceMeters"] as? Double ?? 0 >= optimum * (1 - 1e-9))

            let scrape = try await ServeWorld.get(stack.serveURL, "/metrics")
            #expect(scrape.text.contains(#"nearest_serve_requests_total{operation="dispatch",status="200",source="local"} 1"#),
                    "\(scrape.text)")
        }
    }

    /// The OpenAPI document of the extension names the path and every key a real answer has.
    @Test func openAPIDocumentNamesTheAnswersKeys() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/dispatch-openapi.yaml"), encoding: .utf8)
        #expect(document.contains("  /nearest/v1/dispatch:\n    post:"))
        try await ServeWorld.withStack { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let answer = try await Self.dispatch(stack, token: demo, body: [
                "customerId": 1001, "incidents": [["id": "a", "latitude": 48.85, "longitude": 2.35, "vehicles": 1000]],
            ])
            #expect(answer.status == 200)
            let plan = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            var keys = Set(plan.keys)
            for case let object as [String: Any] in [plan["greedy"] as Any] + (plan["assignments"] as? [Any] ?? [])
                + (plan["unserved"] as? [Any] ?? []) {
                keys.formUnion(object.keys)
                for case let vehicle as [String: Any] in object["vehicles"] as? [Any] ?? [] { keys.formUnion(vehicle.keys) }
            }
            #expect(keys.isSuperset(of: ["reason", "eligible", "latitude", "distanceMeters", "missing"]))
            for key in keys { #expect(document.contains(" \(key):"), "\(key) is not in docs/dispatch-openapi.yaml") }
        }
    }

    /// No token: 401; a token upstream refuses for the customer: upstream's 403; a forged token: 401; never a plan.
    @Test func sameAuthorisationAsTheRestOfServe() async throws {
        try await ServeWorld.withStack { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let body: [String: Any] = ["customerId": 1002, "incidents": [["id": "a", "latitude": 43.3, "longitude": 5.37]]]
            let missing = try await Self.dispatch(stack, token: nil, body: body)
            #expect(missing.status == 401 && missing.text.contains("Missing X-AUTH-TOKEN"))
            let foreign = try await Self.dispatch(stack, token: demo, body: body)
            #expect(foreign.status == 403, "\(foreign.text)")
            #expect(!foreign.text.contains("assignments"))
            let forged = try await Self.dispatch(stack, token: "forged", body: body)
            #expect(forged.status == 401)
            // Its own customer: answered.
            var own = body
            own["customerId"] = 1001
            own["incidents"] = [["id": "a", "latitude": 48.85, "longitude": 2.35]]
            #expect(try await Self.dispatch(stack, token: demo, body: own).status == 200)
        }
    }

    /// Bad bodies are 400s that say why; an oversized one is 413; the wrong content type 415.
    @Test func badBodiesAreRefused() async throws {
        try await ServeWorld.withStack { stack in
            let demo = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let cases: [(Any, String)] = [
                (["incidents": [["id": "a", "latitude": 1, "longitude": 1]]], "missing key"),
                (["customerId": 1001, "incidents": []], "incidents is empty"),
                (["customerId": 1001, "incidents": [["id": "a", "latitude": 91, "longitude": 1]]], "incidents[0]"),
                (["customerId": 1001, "incidents": [["id": "a", "latitude": 1, "longitude": 1, "vehicles": 0]]],
                 "vehicles must be from 1 to 1000"),
                (["customerId": 1001, "incidents": [["id": "a", "latitude": 1, "longitude": 1],
                                                    ["id": "a", "latitude": 2, "longitude": 2]]], "repeats"),
                (["customerId": "1001", "incidents": []], "wrong type"),
            ]
            for (body, message) in cases {
                let answer = try await Self.dispatch(stack, token: demo, body: body)
                #expect(answer.status == 400 && answer.text.contains(message), "\(message): \(answer.status) \(answer.text)")
            }
            let huge = Data(repeating: UInt8(ascii: " "), count: 3 * 1024 * 1024)
            let tooLarge = try await ServeWorld.request(stack.serveURL, "POST", "/nearest/v1/dispatch", token: demo,
                                                        body: huge)
            #expect(tooLarge.status == 413, "\(tooLarge.text)")
            var request = URLRequest(url: stack.serveURL.appendingPathComponent("/nearest/v1/dispatch"))
            request.httpMethod = "POST"
            request.setValue(demo, forHTTPHeaderField: "X-AUTH-TOKEN")
            request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data("{}".utf8)
            let (_, response) = try await ServeWorld.session.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 415)
        }
    }

    /// A customer serve does not sync yet: 503 with Retry-After, and its sync starts (then it is answered).
    @Test func unsyncedCustomerIs503UntilSynced() async throws {
        try await ServeWorld.withStack(syncCustomers: [1001]) { stack in
            let other = try await ServeWorld.login(stack.serveURL, ServeWorld.users.other)
            let body: [String: Any] = ["customerId": 1002, "incidents": [["id": "a", "latitude": 43.3, "longitude": 5.37]]]
            let first = try await Self.dispatch(stack, token: other, body: body)
            #expect(first.status == 503 && first.header("Retry-After") == "5", "\(first.status) \(first.text)")
            let start = ContinuousClock.now
            var answered = false
            while ContinuousClock.now - start < .seconds(20) {
                if try await Self.dispatch(stack, token: other, body: body).status == 200 {
                    answered = true
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(answered, "customer 1002 was never synced after the first dispatch asked for it")
        }
    }
}
