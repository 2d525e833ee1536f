import Foundation
import Testing
import TestSupport

/// `dispatch --format geojson` and `--svg` on hand-checked instances (equator: 1° = 111 194.93 m on
/// R = 6 371 008.8 m). Vehicles west (0°, 0°) and east (0°, 1°); incident a at 0.45° gets east (0.55°), b at -0.1°
/// gets west (0.1°), c (priority 2, two vehicles) none: served short.
@Suite struct DispatchMapEndToEndTests {
    static let degree = 6_371_008.8 * Double.pi / 180
    static let fleet = """
        id,latitude,longitude,customer
        west,0,0,C
        east,0,1,C

        """
    /// Incident a's id is `a<&"` plus U+0001 (a JSON escape), which XML cannot hold even escaped.
    static let calls = """
        {"id":"a<&\\"\\u0001","latitude":0,"longitude":0.45,"vehicles":1,"priority":1}
        {"id":"b","latitude":0,"longitude":-0.1}
        {"id":"c","latitude":0,"longitude":0.2,"vehicles":2,"priority":2}

        """
    static let oddId = "a<&\"\u{1}"

    @Test func geoJSONHasIncidentsVehiclesAndLines() async throws {
        let fleet = try temporaryFile("map-fleet.csv", Self.fleet)
        let calls = try temporaryFile("map-calls.ndjson", Self.calls)
        let result = try await NearestBinary.run(
            ["dispatch", "--incidents", calls, "--file", fleet, "--customer", "C", "--format", "geojson"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(root["type"] as? String == "FeatureCollection")
        #expect(abs(try #require(root["totalDistanceMeters"] as? Double) - 0.65 * Self.degree) < 1e-6)
        #expect(root["unserved"] as? [String] == ["c"])
        let features = try #require(root["features"] as? [[String: Any]])
        func properties(_ feature: [String: Any]) -> [String: Any] { feature["properties"] as? [String: Any] ?? [:] }
        func geometry(_ feature: [String: Any]) -> (type: String?, coordinates: Any?) {
            let geometry = feature["geometry"] as? [String: Any]
            return (geometry?["type"] as? String, geometry?["coordinates"])
        }
        func kind(_ name: String) -> [[String: Any]] { features.filter { properties($0)["kind"] as? String == name } }
        #expect(features.allSatisfy { $0["type"] as? String == "Feature" })
        #expect(features.count == 7)

        let incidents = kind("incident")
        #expect(incidents.map { properties($0)["incident"] as? String } == [Self.oddId, "b", "c"])
        #expect(incidents.map { geometry($0).coordinates as? [Double] } == [[0.45, 0], [-0.1, 0], [0.2, 0]])
        #expect(incidents.map { properties($0)["unserved"] as? Bool } == [false, false, true])
        let c = properties(incidents[2])
        #expect(c["missing"] as? Int == 2 && c["needed"] as? Int == 2 && c["priority"] as? Int == 2)
        #expect((c["reason"] as? String)?.contains("2 vehicles short") == true)

        let vehicles = kind("vehicle")
        #expect(vehicles.map { properties($0)["vehicle"] as? String } == ["east", "west"])
        #expect(vehicles.map { properties($0)["incident"] as? String } == [Self.oddId, "b"])
        #expect(vehicles.map { geometry($0).coordinates as? [Double] } == [[1, 0], [0, 0]])

        let lines = kind("assignment")
        #expect(lines.map { geometry($0).type } == ["LineString", "LineString"])
        #expect(lines.map { geometry($0).coordinates as? [[Double]] } == [[[0.45, 0], [1, 0]], [[-0.1, 0], [0, 0]]])
        let distances = lines.compactMap { properties($0)["distanceMeters"] as? Double }
        #expect(distances.count == 2 && abs(distances[0] - 0.55 * Self.degree) < 1e-6
                && abs(distances[1] - 0.1 * Self.degree) < 1e-6)
        #expect(lines.map { properties($0)["priority"] as? Int } == [1, 1])
    }

    /// A line across the antimeridian (179.9° to -179.9°, latitude 10° to 10.2°) is cut at ±180 into a
    /// MultiLineString, the crossing latitude halfway (10.1°); the SVG draws it short, not across the map.
    @Test func linesAcrossTheAntimeridianAreCut() async throws {
        let fleet = try temporaryFile("dateline-fleet.csv", "id,latitude,longitude,customer\nfiji,10.2,-179.9,C\n")
        let calls = try temporaryFile("dateline-calls.csv", "id,latitude,longitude\nx,10,179.9\n")
        let map = try temporaryFolder(prefix: "dateline").appendingPathComponent("map.svg").path
        let result = try await NearestBinary.run(["dispatch", "--incidents", calls, "--file", fleet, "--customer", "C",
                                                  "--format", "geojson", "--svg", map])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        let line = try #require(features.first { ($0["properties"] as? [String: Any])?["kind"] as? String == "assignment" })
        let geometry = try #require(line["geometry"] as? [String: Any])
        #expect(geometry["type"] as? String == "MultiLineString")
        let parts = try #require(geometry["coordinates"] as? [[[Double]]])
        #expect(parts.count == 2)
        #expect(parts[0][0] == [179.9, 10] && parts[1][1] == [-179.9, 10.2])
        #expect(parts[0][1][0] == 180 && parts[1][0][0] == -180)
        #expect(abs(parts[0][1][1] - 10.1) < 1e-9 && abs(parts[1][0][1] - 10.1) < 1e-9)

        let svg = try SVGElements(path: map)
        let drawn = try #require(svg.all.first { $0.name == "line" && $0["class"] == "assignment" })
        let x1 = try #require(Double(drawn["x1"] ?? "")), x2 = try #require(Double(drawn["x2"] ?? ""))
        let y1 = try #require(Double(drawn["y1"] ?? "")), y2 = try #require(Double(drawn["y2"] ?? ""))
        // The short way: 0.2° east and 0.2° north, so dx / dy = cos(10.1°) = 0.9845 in this projection (the long
        // way round would be 359.8° west: a ratio of -1771).
        #expect(x2 > x1 && y2 < y1)
        #expect(abs((x2 - x1) / (y1 - y2) - cos(10.1 * Double.pi / 180)) < 0.01, "\(x1),\(y1) -> \(x2),\(y2)")
    }

    /// The map parses as XML whatever the ids hold; one square per incident (the short one outlined, class
    /// `unserved`), one dot per assigned vehicle, one line per assignment from the incident's centre to the
    /// vehicle's; east of an incident is right of it on the map.
    @Test func svgMapParsesAndHoldsThePlan() async throws {
        let fleet = try temporaryFile("svg-fleet.csv", Self.fleet)
        let calls = try temporaryFile("svg-calls.ndjson", Self.calls)
        let map = try temporaryFolder(prefix: "dispatch").appendingPathComponent("map.svg").path
        let result = try await NearestBinary.run(
            ["dispatch", "--incidents", calls, "--file", fleet, "--customer", "C", "--svg", map])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Optimal: 2 assigned"), "the table still goes to stdout: \(result.stdout)")
        let svg = try SVGElements(path: map)
        #expect(svg.root == "svg")
        let squares = svg.all.filter { $0.name == "rect" && ($0["class"] == "incident" || $0["class"] == "unserved") }
        #expect(squares.map { $0["class"] } == ["incident", "incident", "unserved"])
        let dots = svg.circles(class: "vehicle")
        let lines = svg.all.filter { $0.name == "line" && $0["class"] == "assignment" }
        #expect(dots.count == 2 && lines.count == 2)
        func number(_ element: SVGElements.Element, _ key: String) -> Double { Double(element[key] ?? "") ?? .nan }
        for (line, (square, dot)) in zip(lines, zip(squares, dots)) {
            #expect(abs(number(line, "x1") - (number(square, "x") + 4)) < 0.11)
            #expect(abs(number(line, "y1") - (number(square, "y") + 4)) < 0.11)
            #expect(number(line, "x2") == number(dot, "cx") && number(line, "y2") == number(dot, "cy"))
        }
        // a (0.45°) -> east (1°) goes right; b (-0.1°) -> west (0°) goes right; all on the equator: one height.
        #expect(number(lines[0], "x2") > number(lines[0], "x1") && number(lines[1], "x2") > number(lines[1], "x1"))
        #expect(Set(lines.flatMap { [number($0, "y1"), number($0, "y2")] }).count == 1)
        // Scale: a's line (0.55°) is 5.5x b's (0.1°).
        let ratio = (number(lines[0], "x2") - number(lines[0], "x1")) / (number(lines[1], "x2") - number(lines[1], "x1"))
        #expect(abs(ratio - 5.5) < 0.05, "\(ratio)")
        let text = try String(contentsOfFile: map, encoding: .utf8)
        #expect(text.contains("a&lt;&amp;&quot;\u{FFFD} (priority 1)"), "the id escaped, U+0001 replaced")
        #expect(!text.contains("\u{1}"))
    }
}
