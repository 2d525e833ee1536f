import Foundation
import Geo
import OceanEmulator
import Testing

/// Issue 19 end to end: `query --mode road` with a filter shows the first k eligible vehicles of Ocean's top 10
/// (fetched here with plain HTTP, filtered by the test) and never fewer than k without saying why, in every format.
@Suite struct RoadCompletenessEndToEndTests {
    static let environment = ["OCEAN_LOGIN": "demo", "OCEAN_PASSWORD": "demo-password"]

    /// A point of the emulator's world whose top 10 by road holds 10 vehicles, 1 to 4 of them TRAVELING: the
    /// first such point near one of customer 1001's vehicles.
    static func incompletePoint(
        _ url: URL, _ configuration: EmulatorConfiguration
    ) async throws -> (Coordinate, [[String: Any]]) {
        for vehicle in configuration.fleet.vehicles where vehicle.customerId == 1001 {
            let point = try Coordinate(latitude: vehicle.latitude + 0.004, longitude: vehicle.longitude - 0.003)
            let top10 = try await RoadModeEndToEndTests.emulatorObjects(url, point: point, limit: 10)
            let traveling = top10.filter { $0["etatMobile"] as? String == "TRAVELING" }.count
            if top10.count == 10, (1...4).contains(traveling) { return (point, top10) }
        }
        throw CLIError("no point with 1 to 4 TRAVELING vehicles among its 10 nearest by road")
    }

    struct CLIError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func id(_ item: [String: Any]) -> String? {
        ((item["vehicle"] as? [String: Any])?["id"] as? Int).map(String.init)
    }

    @Test func aShortFilteredAnswerSaysItIsIncomplete() async throws {
        var configuration = EmulatorConfiguration.synthetic(seed: 5, vehicleCount: 160, port: 0)
        let referenceDate = Date(timeIntervalSince1970: 1_800_000_000)
        configuration.now = { referenceDate }
        let world = configuration
        try await OceanEmulator(configuration: world).withRunningServer { url in
            let (point, top10) = try await Self.incompletePoint(url, world)
            let expected = top10.filter { $0["etatMobile"] as? String == "TRAVELING" }.compactMap(Self.id)
            let base = ["query", "--mode", "road", "--ocean", "--ocean-url", url.absoluteString, "--customer", "1001",
                        "--at", "\(point.latitude),\(point.longitude)", "--k", "5", "--state", "TRAVELING",
                        "--now", "2027-01-15T08:00:00Z"]

            let json = try await NearestBinary.run(base + ["--format", "json"], environment: Self.environment)
            #expect(json.status == 0, "\(json.stderr)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let vehicles = try #require(answer["vehicles"] as? [[String: Any]])
            #expect(vehicles.map { $0["id"] as? String } == expected.map { Optional($0) })
            // A JSON boolean, not a number or a string.
            #expect(json.stdout.contains("\"complete\" : false,"), "\(json.stdout)")
            #expect(answer["complete"] as? Bool == false && answer["completeness"] as? String == "incomplete")
            #expect((answer["excluded"] as? [String: Int])?["state"] == 10 - expected.count)
            // Ocean's seconds, as the client reads them (to the millisecond).
            let lastDuration = try #require(top10.last?["duration"] as? Double)
            #expect(abs(try #require(answer["missingAtLeastSeconds"] as? Double) - lastDuration) <= 1e-3)
            #expect(answer["missingAtLeastMeters"] == nil)  // Ocean ranks by travel time: no distance bound

            let table = try await NearestBinary.run(base, environment: Self.environment)
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.hasPrefix("\(expected.count) of 5 nearest TRAVELING vehicles by road to "),
                    "\(table.stdout)")
            #expect(table.stdout.contains("Incomplete: Ocean's 10 nearest by road hold no more eligible vehicles"))
            #expect(table.stdout.contains("\(10 - expected.count) in another state"), "\(table.stdout)")

            let csv = try await NearestBinary.run(base + ["--format", "csv"], environment: Self.environment)
            #expect(csv.status == 0 && csv.stderr.contains("Incomplete:"), "\(csv.stderr)")
            let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let complete = try #require(lines.first?.firstIndex(of: "complete"))
            #expect(lines.count == expected.count + 1 && lines.dropFirst().allSatisfy { $0[complete] == "false" })

            // --fill crow: the by-road rows, then crow-flies rows from the fleet source, each marked, none repeated
            // and none among Ocean's answer; up to k rows in all.
            let filled = try await NearestBinary.run(base + ["--format", "json", "--fill", "crow"],
                                                     environment: Self.environment)
            #expect(filled.status == 0, "\(filled.stderr)")
            let filledAnswer = try #require(
                try JSONSerialization.jsonObject(with: Data(filled.stdout.utf8)) as? [String: Any])
            let rows = try #require(filledAnswer["vehicles"] as? [[String: Any]])
            let ids = rows.compactMap { $0["id"] as? String }
            #expect(ids.count == rows.count && Set(ids).count == ids.count && rows.count == 5)
            #expect(Array(ids.prefix(expected.count)) == expected)
            let oceanIDs = Set(top10.compactMap(Self.id))
            for row in rows.dropFirst(expected.count) {
                #expect(row["mode"] as? String == "crow" && row["fill"] as? Bool == true)
                #expect(row["state"] as? String == "TRAVELING")
                #expect(!oceanIDs.contains(row["id"] as? String ?? ""))
                let crow = try #require(row["distanceMeters"] as? Double)
                let bound = try #require(row["roadDistanceAtLeastMeters"] as? Double)
                // The bound is the WGS84 geodesic, within 0.56 % of the haversine.
                #expect(abs(bound - crow) <= 0.0056 * crow, "\(row)")
                #expect(abs(try #require(row["travelTimeAtLeastSeconds"] as? Double) - lastDuration) <= 1e-3)
            }
            #expect(rows.prefix(expected.count).allSatisfy { $0["mode"] as? String == "road" && $0["fill"] == nil })
        }
    }

    /// A degraded answer's title says what it is: crow-flies from the fleet source, not "by road … PAR_ROUTE".
    @Test func aDegradedAnswerIsTitledCrowFlies() async throws {
        let result = try await NearestBinary.run(
            ["query", "--mode", "road", "--ocean-url", "http://127.0.0.1:1", "--customer", "1001",
             "--at", "48.8566,2.3522", "--k", "4", "--fallback", "crow"], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let title = try #require(result.stdout.split(separator: "\n").first)
        #expect(title.hasPrefix("4 nearest vehicles as the crow flies (by road unavailable) to 48.8566, 2.3522"))
        #expect(!title.contains("PAR_ROUTE"), "\(title)")
    }
}
