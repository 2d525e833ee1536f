import Foundation
import Geo
import NearestVehicle
import OceanEmulator
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `query --mode road`: by-road answers relayed from Ocean (the emulator, on a live port 0), checked against the
/// emulator's own answer fetched with plain HTTP (not through our client); and the fallback when Ocean is down.
@Suite struct RoadModeEndToEndTests {
    /// The emulator's PAR_ROUTE answer for `point`, asked with URLSession: (vehicle id, road metres) in its order.
    static func emulatorAnswer(_ base: URL, point: Coordinate, limit: Int) async throws -> [(String, Double)] {
        try await emulatorObjects(base, point: point, limit: limit).map { item in
            let id = try #require((item["vehicle"] as? [String: Any])?["id"] as? Int)
            return (String(id), try #require(item["distance"] as? Double))
        }
    }

    /// The emulator's PAR_ROUTE answer for `point`, asked with URLSession, as JSON objects in its order.
    static func emulatorObjects(_ base: URL, point: Coordinate, limit: Int) async throws -> [[String: Any]] {
        var login = URLRequest(url: base.appendingPathComponent("restapi/auth/authenticate2"))
        login.httpMethod = "POST"
        login.setValue("application/json", forHTTPHeaderField: "Content-Type")
        login.httpBody = Data(#"{"login": "demo", "password": "demo-password"}"#.utf8)
        let (tokenData, _) = try await URLSession.shared.data(for: login)
        let token = try #require((try JSONSerialization.jsonObject(with: tokenData) as? [String: Any])?["token"] as? String)
        var components = URLComponents(url: base.appendingPathComponent("restapi/vehicule_engin/nearestVehicles"),
                                       resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "latitude", value: "\(point.latitude)"),
                                 URLQueryItem(name: "longitude", value: "\(point.longitude)"),
                                 URLQueryItem(name: "resultsLimit", value: "\(limit)")]
        var query = URLRequest(url: components.url!)
        query.httpMethod = "POST"
        query.setValue("application/json", forHTTPHeaderField: "Content-Type")
        query.setValue(token, forHTTPHeaderField: "X-AUTH-TOKEN")
        query.httpBody = Data(#"{"computeMode": "PAR_ROUTE", "radiusUnit": "km"}"#.utf8)
        let (answerData, _) = try await URLSession.shared.data(for: query)
        return try #require(try JSONSerialization.jsonObject(with: answerData) as? [[String: Any]])
    }

    @Test func roadAnswerIsOceans() async throws {
        var configuration = EmulatorConfiguration.synthetic(seed: 5, vehicleCount: 80, port: 0)
        let referenceDate = Date(timeIntervalSince1970: 1_800_000_000)
        configuration.now = { referenceDate }
        let vehicle = try #require(configuration.fleet.vehicles.first { $0.customerId == 1001 })
        let point = try Coordinate(latitude: vehicle.latitude + 0.01, longitude: vehicle.longitude + 0.01)
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let expected = try await Self.emulatorAnswer(url, point: point, limit: 5)
            #expect(!expected.isEmpty)
            let result = try await NearestBinary.run(
                ["query", "--mode", "road", "--ocean", "--ocean-url", url.absoluteString, "--customer", "1001",
                 "--at", "\(point.latitude),\(point.longitude)", "--k", "5", "--unit", "m", "--format", "json",
                 "--include-private"],
                environment: ["OCEAN_LOGIN": "demo", "OCEAN_PASSWORD": "demo-password"])
            #expect(result.status == 0, "\(result.stderr)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(answer["mode"] as? String == "road" && answer["degraded"] == nil)
            let vehicles = try #require(answer["vehicles"] as? [[String: Any]])
            #expect(vehicles.map { $0["id"] as? String } == expected.map { Optional($0.0) })
            #expect(vehicles.map { $0["distanceMeters"] as? Double } == expected.map { Optional($0.1) })
            #expect(vehicles.allSatisfy { $0["mode"] as? String == "road" })
        }
    }

    /// Ocean unreachable: `--fallback crow` answers crow-flies from the fleet source, marked degraded on stderr
    /// and in the JSON; `--fallback fail` (the default) fails with one line.
    @Test func fallbackWhenOceanIsUnreachable() async throws {
        let arguments = ["query", "--mode", "road", "--ocean-url", "http://127.0.0.1:1", "--customer", "1001",
                         "--at", "48.8566,2.3522", "--k", "4", "--format", "json"]
        let environment = ["OCEAN_LOGIN": "demo", "OCEAN_PASSWORD": "demo-password"]
        let degraded = try await NearestBinary.run(arguments + ["--fallback", "crow"], environment: environment)
        #expect(degraded.status == 0, "\(degraded.stderr)")
        #expect(degraded.stderr.hasPrefix("warning: answered crow-flies: by-road unavailable"), "\(degraded.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(degraded.stdout.utf8)) as? [String: Any])
        #expect(answer["mode"] as? String == "crow" && answer["degraded"] is String)
        let ids = try #require(answer["vehicles"] as? [[String: Any]]).map { $0["id"] as? String }
        let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        let expected = try Oracle.sampleFleet().ranked(from: paris) { $0.customerId == "1001" && !$0.isPrivacyMode }
            .prefix(4).map { Optional($0.id) }
        #expect(ids == Array(expected))

        let failed = try await NearestBinary.run(arguments, environment: environment)
        #expect(failed.status == 1 && failed.stdout.isEmpty)
        #expect(failed.stderr.hasPrefix("error: by road: ") && failed.stderr.split(separator: "\n").count == 1,
                "\(failed.stderr)")
    }

    @Test(arguments: [
        (["--k", "11"], "--mode road returns at most 10 vehicles"),
        (["--format", "geojson"], "--format geojson is not available with --mode road"),
        (["--customer", "1001,1002"], "--mode road takes one --customer"),
    ] as [([String], String)])
    func roadUsageErrors(extra: [String], message: String) async throws {
        let result = try await NearestBinary.run(["query", "--mode", "road", "--at", "48,2"] + extra)
        #expect(result.status == 64 && result.stderr.contains(message), "\(result.stderr)")
        let crow = try await NearestBinary.run(["query", "--at", "48,2", "--fallback", "crow"])
        #expect(crow.status == 64 && crow.stderr.contains("--fallback applies to --mode road only"))
    }
}
