import Foundation
import Testing
import TestSupport

/// `nearest dispatch` run as a binary on hand-checked instances (equator: 1° = 111 194.93 m on R = 6 371 008.8 m).
@Suite struct DispatchEndToEndTests {
    static let degree = 6_371_008.8 * Double.pi / 180

    /// Vehicles at 0° and 1°; incident a at 0.45° (first in the file), b at -0.1°. Greedy: a takes 0° (0.45°), b
    /// 1° (1.1°): 1.55°. Optimal: b takes 0° (0.1°), a 1° (0.55°): 0.65°. Incident c (priority 2) needs 2 vehicles
    /// and finds none left: served short. Line 6 of the incidents file is malformed: skipped with its line number.
    @Test func optimalPlanWithGreedyBesideIt() async throws {
        let fleet = try temporaryFile("dispatch-fleet.csv", """
            id,latitude,longitude,customer
            west,0,0,C
            east,0,1,C
            other,0,0.5,D

            """)
        let calls = try temporaryFile("dispatch-calls.csv", """
            id,latitude,longitude,vehicles,priority
            a,0,0.45,1,1
            b,0,-0.1,,
            c,0,0.2,2,2
            d,0,x,1,1

            """)
        let result = try await NearestBinary.run(
            ["dispatch", "--incidents", calls, "--file", fleet, "--customer", "C", "--format", "json", "--unit", "m"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("dispatch-calls.csv:5: longitude 'x' is not a decimal number"), "\(result.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let assignments = try #require(answer["assignments"] as? [[String: Any]])
        #expect(assignments.map { $0["incident"] as? String } == ["a", "b", "c"])
        let ids = assignments.map { ($0["vehicles"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        #expect(ids == [["east"], ["west"], []])
        #expect(abs(try #require(answer["totalDistanceMeters"] as? Double) - 0.65 * Self.degree) < 1e-6)
        let greedy = try #require(answer["greedy"] as? [String: Any])
        #expect(abs(try #require(greedy["totalDistanceMeters"] as? Double) - 1.55 * Self.degree) < 1e-6)
        let unserved = try #require(answer["unserved"] as? [[String: Any]])
        #expect(unserved.count == 1 && unserved[0]["incident"] as? String == "c" && unserved[0]["missing"] as? Int == 2)

        let table = try await NearestBinary.run(["dispatch", "--incidents", calls, "--file", fleet, "--customer", "C"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Optimal: 2 assigned, total 72.277 km"), "\(table.stdout)")
        #expect(table.stdout.contains("greedy (file order) would total 172.352 km (+138.5 %)"), "\(table.stdout)")
        #expect(table.stdout.contains("Served short:\n  c: 2 vehicles short"), "\(table.stdout)")
    }

    @Test func usageErrors() async throws {
        let calls = try temporaryFile("dispatch-dup.csv", "id,latitude,longitude\na,0,0\na,1,1\n")
        let duplicate = try await NearestBinary.run(["dispatch", "--incidents", calls, "--customer", "1001"])
        #expect(duplicate.status == 1 && duplicate.stderr.contains("dispatch-dup.csv:3: incident id 'a' is already used on line 2"),
                "\(duplicate.stderr)")
        let many = try await NearestBinary.run(["dispatch", "--incidents", calls])
        #expect(many.status == 64 && many.stderr.contains("pick one with --customer"), "\(many.stderr)")
        let tooMany = try temporaryFile("dispatch-many.csv", "id,latitude,longitude,vehicles\na,0,0,1001\n")
        let refused = try await NearestBinary.run(["dispatch", "--incidents", tooMany, "--customer", "1001", "--strict"])
        #expect(refused.status == 1 && refused.stderr.contains("vehicles '1001' is not an integer from 1 to 1000"),
                "\(refused.stderr)")
    }
}
