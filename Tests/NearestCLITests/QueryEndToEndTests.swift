import FleetFile
import Foundation
import OceanAPIGenerated
import Geo
import NearestVehicle
import Testing
import TestSupport

/// `nearest query` run as a binary, its answers checked against the brute-force oracle (ids and order).
@Suite struct QueryEndToEndTests {
    static let paris = try! Coordinate(latitude: 48.8566, longitude: 2.3522)

    /// Sample fleet, both customers merged: the 25 nearest non-private vehicles, exactly as brute force ranks them.
    @Test(arguments: [(48.8566, 2.3522), (45.764, 4.8357), (43.2965, 5.3698), (48.9, 2.25), (0.0, 0.0)])
    func sampleFleetMatchesBruteForce(latitude: Double, longitude: Double) async throws {
        let point = try Coordinate(latitude: latitude, longitude: longitude)
        let result = try await NearestBinary.run(["query", "--at", "\(latitude),\(longitude)", "--k", "25", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try QueryAnswer.decode(result.stdout)
        let expected = Array(try Oracle.sampleFleet().ranked(from: point).prefix(25))
        #expect(answer.vehicles.map(\.id) == expected.map(\.id))
        for (vehicle, reference) in zip(answer.vehicles, expected) {
            #expect(abs(vehicle.distanceMeters - reference.meters) <= 1e-6)
            #expect(abs(vehicle.distance * 1000 - vehicle.distanceMeters) <= 1e-6)  // default unit km
        }
        #expect(answer.vehicles.map(\.rank) == Array(1...25))
    }

    /// The depot at (48.9, 2.25) holds 12 vehicles at one spot: ties broken by id, as brute force breaks them.
    @Test func depotTiesAreBrokenByID() async throws {
        let result = try await NearestBinary.run(["query", "--at", "48.9,2.25", "--k", "8", "--customer", "1001",
                                            "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        let expected = try Oracle.sampleFleet().ranked(from: try Coordinate(latitude: 48.9, longitude: 2.25)) {
            $0.customerId == "1001" && !$0.isPrivacyMode
        }.prefix(8).map(\.id)
        #expect(ids == Array(expected))
    }

    /// --radius with --all: every vehicle within (inclusive), one customer, a filter; --exact: WGS84 ranking.
    @Test(arguments: [false, true])
    func radiusFiltersAndExactMode(exact: Bool) async throws {
        let result = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--radius", "3", "--unit", "km", "--all",
                                            "--customer", "1002", "--state", "TRAVELING,WAITING", "--max-age", "30min",
                                            "--format", "json"] + (exact ? ["--exact"] : []))
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try QueryAnswer.decode(result.stdout)
        let now = SampleFleet.referenceDate
        let expected = try Oracle.sampleFleet().ranked(from: Self.paris, exact: exact) { vehicle in
            vehicle.customerId == "1002" && !vehicle.isPrivacyMode && ["TRAVELING", "WAITING"].contains(vehicle.state)
                && now.timeIntervalSince(vehicle.timestamp) <= 1800
        }.filter { $0.meters <= 3000 }
        #expect(!expected.isEmpty)
        #expect(answer.vehicles.map(\.id) == expected.map(\.id))
    }

    /// Privacy-mode vehicles are excluded and counted, and returned with --include-private.
    @Test func privacyModeIsExcludedUnlessAsked() async throws {
        let args = ["query", "--at", "48.8566,2.3522", "--radius", "10", "--all", "--format", "json"]
        let hidden = try QueryAnswer.decode(try await NearestBinary.run(args).stdout)
        let shown = try QueryAnswer.decode(try await NearestBinary.run(args + ["--include-private"]).stdout)
        let oracle = try Oracle.sampleFleet()
        let privateWithin = oracle.count(within: 10_000, of: Self.paris) { $0.isPrivacyMode }
        #expect(privateWithin > 0)
        #expect(hidden.vehicles.allSatisfy { !$0.privacyMode })
        #expect(hidden.excluded.privacyMode == privateWithin)
        #expect(shown.vehicles.count == hidden.vehicles.count + privateWithin)
        #expect(shown.vehicles.map(\.id) == oracle.ranked(from: Self.paris) { _ in true }
            .filter { $0.meters <= 10_000 }.map(\.id))
    }

    /// With both customers merged, the privacy-mode count is over the merged answer: private vehicles at most as
    /// far as the 300th result (each customer alone would count up to its own 300th: 16 instead of 6 here).
    @Test func exclusionCountsOfAMergedAnswer() async throws {
        let result = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--k", "300", "--format", "json"])
        let answer = try QueryAnswer.decode(result.stdout)
        let last = try #require(answer.vehicles.last).distanceMeters
        let expected = try Oracle.sampleFleet().count(within: last, of: Self.paris) { $0.isPrivacyMode }
        #expect(expected > 0)
        #expect(answer.excluded.privacyMode == expected)
    }

    /// Negative coordinates work without `=`: `--at -33.9,151.2`.
    @Test func negativeCoordinates() async throws {
        let path = try temporaryFile("sydney.csv", """
            id,latitude,longitude
            opera,-33.8568,151.2153
            bondi,-33.8915,151.2767
            manly,-33.7969,151.2840
            parramatta,-33.8150,151.0011
            """)
        let result = try await NearestBinary.run(["query", "--at", "-33.9,151.2", "--file", path, "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        let point = try Coordinate(latitude: -33.9, longitude: 151.2)
        let vehicles = try [("opera", -33.8568, 151.2153), ("bondi", -33.8915, 151.2767), ("manly", -33.7969, 151.2840),
                            ("parramatta", -33.8150, 151.0011)].map { id, lat, lon in
            VehiclePosition(id: id, coordinate: try Coordinate(latitude: lat, longitude: lon), timestamp: Date(),
                            customerId: "default")
        }
        #expect(ids == Oracle(vehicles: vehicles).ranked(from: point).map(\.id))
        #expect(ids.first == "opera")
    }

    /// A Lambert-93 CSV (`--crs EPSG:2154`): positions come out at the WGS84 values cs2cs maps them from
    /// (`cs2cs -f %.6f EPSG:4326 EPSG:2154`, PROJ 9.1.1), within 1e-7 degrees (~1 cm).
    @Test func lambert93FileIsTransformed() async throws {
        let path = try temporaryFile("l93.csv", """
            id,x,y
            paris,652469.022709,6862035.259420
            lyon,842666.659187,6519924.366806
            marseille,892390.221566,6247035.256802
            nantes,355577.801578,6689723.102902
            """)
        let result = try await NearestBinary.run(["query", "--at", "45.764,4.8357", "--file", path, "--crs", "EPSG:2154",
                                            "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try QueryAnswer.decode(result.stdout)
        let known = ["paris": (48.8566, 2.3522), "lyon": (45.7640, 4.8357), "marseille": (43.2965, 5.3698),
                     "nantes": (47.2184, -1.5536)]
        #expect(answer.vehicles.map(\.id) == ["lyon", "marseille", "paris", "nantes"])
        for vehicle in answer.vehicles {
            let (latitude, longitude) = try #require(known[vehicle.id])
            #expect(abs(vehicle.latitude - latitude) < 1e-7 && abs(vehicle.longitude - longitude) < 1e-7, "\(vehicle.id)")
        }
        #expect(answer.vehicles[0].distanceMeters < 0.05)
    }

    /// Each input format gives the same answer for the same three vehicles.
    @Test(arguments: ["csv", "tsv", "ndjson", "geojson", "ocean"])
    func everyInputFormat(format: String) async throws {
        let vehicles = [("A", 48.8600, 2.3500), ("B", 48.8000, 2.4000), ("C", 48.9500, 2.2000)]
        let (name, text): (String, String) = switch format {
        case "csv": ("fleet.csv", "id,latitude,longitude\n" + vehicles.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n"))
        case "tsv": ("fleet.tsv", "id\tlat\tlon\n" + vehicles.map { "\($0.0)\t\($0.1)\t\($0.2)" }.joined(separator: "\n"))
        case "ndjson": ("fleet.ndjson", vehicles.map { "{\"id\": \"\($0.0)\", \"lat\": \($0.1), \"lon\": \($0.2)}" }
                            .joined(separator: "\n"))
        case "geojson": ("fleet.geojson", "{\"type\": \"FeatureCollection\", \"features\": ["
            + vehicles.map { "{\"type\": \"Feature\", \"id\": \"\($0.0)\", \"geometry\": {\"type\": \"Point\", "
                + "\"coordinates\": [\($0.2), \($0.1)]}, \"properties\": {}}" }.joined(separator: ",") + "]}")
        default: ("positions.json", "{\"vehicles\": ["
            + vehicles.map { "{\"id\": \"\($0.0)\", \"position\": {\"latitudeY\": \($0.1), \"longitudeX\": \($0.2), "
                + "\"etat\": \"TRAVELING\", \"date\": \"2025-05-31T21:50:46Z\"}}" }.joined(separator: ",") + "]}")
        }
        let path = try temporaryFile(name, text)
        let result = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try QueryAnswer.decode(result.stdout)
        #expect(answer.vehicles.map(\.id) == ["A", "B", "C"])  // 0.4 km, 7.5 km, 15 km from the query
        #expect(answer.vehicles.map(\.latitude) == [48.86, 48.8, 48.95])
    }

    /// `--input-format` overrides the extension.
    @Test func inputFormatOverridesTheExtension() async throws {
        let path = try temporaryFile("fleet.txt", "{\"id\": \"A\", \"lat\": 48.86, \"lon\": 2.35}\n")
        let result = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path,
                                                  "--input-format", "ndjson", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try QueryAnswer.decode(result.stdout).vehicles.map(\.id) == ["A"])
    }

    /// Every output format carries the same vehicles in the same order.
    @Test func everyOutputFormat() async throws {
        let base = ["query", "--at", "48.8566,2.3522", "--k", "3", "--customer", "1001"]
        let expected = try Oracle.sampleFleet().ranked(from: Self.paris) {
            $0.customerId == "1001" && !$0.isPrivacyMode
        }.prefix(3).map(\.id)

        let table = try await NearestBinary.run(base)
        #expect(table.status == 0 && table.stdout.contains("3 nearest vehicles to 48.8566, 2.3522"))
        let tableIDs = table.stdout.split(separator: "\n").dropFirst(3).map { String($0.split(separator: " ")[1]) }
        #expect(tableIDs == Array(expected))

        let ocean = try await NearestBinary.run(base + ["--format", "ocean-json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(ocean.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { ($0["vehicle"] as? [String: Any])?["id"] as? Int }.map { $0.map(String.init) }
            == expected.map { Optional($0) })  // int64 ids as JSON numbers, as Ocean sends them
        #expect(array.allSatisfy { $0["distance"] is Double && $0["etatMobile"] is String && $0["gmtPos"] is String })
        // ocean-json is hand-encoded in NearestCLI: decode it with the types generated from the Ocean spec, and check
        // that re-encoding keeps every key (a key the spec does not know would be dropped), so the two cannot drift.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try OceanDateTranscoder().decode(decoder.singleValueContainer().decode(String.self))
        }
        let typed = try decoder.decode([Components.Schemas.NearestVehicle].self, from: Data(ocean.stdout.utf8))
        #expect(typed.count == expected.count)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(try OceanDateTranscoder().encode(date))
        }
        let reencoded = try #require(
            try JSONSerialization.jsonObject(with: encoder.encode(typed)) as? [[String: Any]])
        #expect(zip(array, reencoded).allSatisfy { Self.keyPaths($0) == Self.keyPaths($1) },
                "ocean-json has keys the spec's NearestVehicle does not: \(Set(array.flatMap { Self.keyPaths($0) }).subtracting(reencoded.flatMap { Self.keyPaths($0) }))")

        let geojson = try await NearestBinary.run(base + ["--format", "geojson"])
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(geojson.stdout.utf8)) as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        let features = try #require(collection["features"] as? [[String: Any]])
        #expect(features.map { $0["id"] as? String } == expected.map { Optional($0) })
        let first = try #require((features[0]["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        let vehicle = try #require(try Oracle.sampleFleet().vehicles.first { $0.id == expected[0] })
        #expect(first == [vehicle.coordinate.longitude, vehicle.coordinate.latitude])  // RFC 7946 order

        let csv = try await NearestBinary.run(base + ["--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "rank,id,customer,distance,unit,distance_m,latitude,longitude,timestamp,age_s,state,entity,group,privacy")
        #expect(lines.dropFirst().map { String($0.split(separator: ",")[1]) } == Array(expected))
    }

    /// A file without customers is one customer's fleet; with several, all are searched unless --customer picks.
    @Test func customers() async throws {
        let path = try temporaryFile("two.csv", """
            id,latitude,longitude,customer
            a1,48.857,2.352,A
            b1,48.858,2.352,B
            a2,48.900,2.352,A
            """)
        let both = try QueryAnswer.decode(try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path,
                                                                 "--format", "json"]).stdout)
        #expect(both.vehicles.map(\.id) == ["a1", "b1", "a2"] && both.vehicles.map(\.customer) == ["A", "B", "A"])
        let onlyB = try QueryAnswer.decode(try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path,
                                                                  "--customer", "B", "--format", "json"]).stdout)
        #expect(onlyB.vehicles.map(\.id) == ["b1"])
        let unknown = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path, "--customer", "C"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown customer 'C'") && unknown.stderr.contains("has customers A, B"))

        let plain = try temporaryFile("plain.csv", "id,latitude,longitude\nv,48.857,2.352\n")
        let implicit = try QueryAnswer.decode(try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", plain,
                                                                     "--format", "json"]).stdout)
        #expect(implicit.vehicles.map(\.customer) == ["default"])
    }

    /// No timestamps: positions count as current, and --max-age says it cannot judge them.
    @Test func missingTimestampsWarnWithMaxAge() async throws {
        let path = try temporaryFile("untimed.csv", "id,latitude,longitude\nv,48.857,2.352\n")
        let result = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path, "--max-age", "5min",
                                            "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("1 records have no timestamp") && result.stderr.contains("--max-age keeps them"))
        #expect(try QueryAnswer.decode(result.stdout).vehicles.map(\.id) == ["v"])
    }

    /// Every key path of a JSON object ("vehicle.id", "driver.firstName", ...), nested objects included.
    static func keyPaths(_ object: [String: Any], prefix: String = "") -> Set<String> {
        var paths: Set<String> = []
        for (key, value) in object {
            paths.insert(prefix + key)
            if let nested = value as? [String: Any] { paths.formUnion(keyPaths(nested, prefix: prefix + key + ".")) }
        }
        return paths
    }
}
