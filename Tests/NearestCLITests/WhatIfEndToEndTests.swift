import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `nearest what-if` run as a binary, its numbers checked against brute-force haversine counts.
@Suite struct WhatIfEndToEndTests {
    static let paris = try! Coordinate(latitude: 48.8566, longitude: 2.3522)

    /// One incident: per radius, the count of non-private vehicles within (inclusive) and the nearest one.
    @Test func singleIncidentMatchesBruteForce() async throws {
        let result = try await NearestBinary.run(["what-if", "--at", "48.8566,2.3522", "--radius", "1,2,5,10", "--unit", "km",
                                            "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try WhatIfAnswer.decode(result.stdout)
        let oracle = try Oracle.sampleFleet()
        let nearest = try #require(oracle.ranked(from: Self.paris).first)
        let coverage = try #require(answer.incidents.first).radii
        #expect(coverage.map(\.radius) == [1, 2, 5, 10])
        for entry in coverage {
            #expect(entry.vehiclesWithin == oracle.count(within: entry.radius * 1000, of: Self.paris), "\(entry.radius) km")
            #expect(entry.nearest?.id == nearest.id)
            #expect(abs((entry.nearest?.distanceMeters ?? 0) - nearest.meters) <= 1e-6)
        }
    }

    /// The table a dispatcher reads (what `make run` prints): same counts as brute force, in a readable layout.
    @Test func tableForADispatcher() async throws {
        let result = try await NearestBinary.run(["what-if", "--at", "48.8566,2.3522", "--radius", "1,2,5,10", "--unit", "km"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let oracle = try Oracle.sampleFleet()
        #expect(result.stdout.hasPrefix("What-if at 48.8566, 2.3522, crow-flies (haversine)\n"))
        for radius in [1, 2, 5, 10] {
            let count = oracle.count(within: Double(radius) * 1000, of: Self.paris)
            #expect(result.stdout.contains(try Regex("\\n *\(radius) km +\(count) ")), "row for \(radius) km")
        }
        let privateWithin = oracle.count(within: 10_000, of: Self.paris) { $0.isPrivacyMode }
        #expect(result.stdout.contains("Not counted, within 10 km: \(privateWithin) in privacy mode"))
    }

    /// Many incidents: coverage by >= N vehicles, median and p90 nearest distance (numpy's linear rule), and the
    /// worst-covered incident (one far out at sea) first.
    @Test func manyIncidentsMatchBruteForce() async throws {
        let incidents = [("louvre", 48.8606, 2.3376), ("lyon", 45.7640, 4.8357), ("marseille", 43.2965, 5.3698),
                         ("orleans", 47.9030, 1.9093), ("atlantic", 46.0, -8.0), ("defense", 48.8924, 2.2360)]
        let path = try temporaryFile("incidents.csv", "id,latitude,longitude\n"
            + incidents.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n"))
        let result = try await NearestBinary.run(["what-if", "--incidents", path, "--radius", "0.5,2,10", "--unit", "km",
                                            "--min-vehicles", "3", "--customer", "1002", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try WhatIfAnswer.decode(result.stdout)
        let oracle = try Oracle.sampleFleet()
        let eligible: (VehiclePosition) -> Bool = { $0.customerId == "1002" && !$0.isPrivacyMode }
        var nearestMeters: [Double] = []
        for (index, incident) in incidents.enumerated() {
            let point = try Coordinate(latitude: incident.1, longitude: incident.2)
            let ranked = oracle.ranked(from: point, included: eligible)
            nearestMeters.append(ranked[0].meters)
            let reported = answer.incidents[index]
            #expect(reported.id == incident.0 && reported.nearest?.id == ranked[0].id)
            for entry in reported.radii {
                let count = oracle.count(within: entry.radius * 1000, of: point, included: eligible)
                #expect(entry.vehiclesWithin == count, "\(incident.0) \(entry.radius) km")
                #expect(entry.covered == (count >= 3))
            }
        }
        for (radiusIndex, summary) in answer.summary.enumerated() {
            let covered = answer.incidents.filter { $0.radii[radiusIndex].vehiclesWithin >= 3 }.count
            #expect(summary.incidentsCovered == covered && abs(summary.share - Double(covered) / 6) < 1e-12)
        }
        let sorted = nearestMeters.sorted()
        #expect(abs(try #require(answer.medianNearestMeters) - (sorted[2] + sorted[3]) / 2) < 1e-6)
        // numpy.percentile(d, 90): position 0.9 * 5 = 4.5 -> halfway between the 5th and 6th smallest.
        #expect(abs(try #require(answer.p90NearestMeters) - (sorted[4] + sorted[5]) / 2) < 1e-6)
        #expect(answer.worst.first == "atlantic")
    }

    /// The incidents table lists the summary per radius and the worst-covered incidents.
    @Test func incidentsTable() async throws {
        let path = try temporaryFile("incidents.ndjson", """
            {"lat": 48.8606, "lon": 2.3376}
            {"lat": 46.0, "lon": -8.0}
            """)
        let result = try await NearestBinary.run(["what-if", "--incidents", path, "--radius", "1,5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("What-if for 2 incidents (incidents.ndjson)"))
        #expect(result.stdout.contains("1 of 2") && result.stdout.contains("50.0 %"))
        #expect(result.stdout.contains("Worst-covered incidents:\n"))
        #expect(result.stdout.contains("incidents.ndjson:2"))  // incidents without id are named by file:line
    }

    /// The map sketch is well-formed SVG: one dashed circle per radius, the vehicles within the largest radius
    /// (x 1.1), the nearest in red; the coverage chart has a point per radius.
    @Test func svgIsWellFormedWithTheExpectedElements() async throws {
        let directory = try temporaryFolder(prefix: "svg")
        let map = directory.appendingPathComponent("map.svg").path
        let result = try await NearestBinary.run(["what-if", "--at", "48.8566,2.3522", "--radius", "1,2", "--svg", map,
                                            "--customer", "1001"])
        #expect(result.status == 0, "\(result.stderr)")
        let elements = try SVGElements(path: map)
        #expect(elements.root == "svg")
        #expect(elements.circles(class: "radius").count == 2)
        let vehicles = elements.circles(class: "vehicle")
        let oracle = try Oracle.sampleFleet()
        let shown = oracle.count(within: 2200, of: Self.paris) { $0.customerId == "1001" && !$0.isPrivacyMode }
        #expect(vehicles.count == shown)
        #expect(vehicles.filter { $0["fill"] == "#d62728" }.count == 1)

        let incidents = try temporaryFile("incidents.csv", "latitude,longitude\n48.86,2.33\n45.76,4.83\n")
        let chart = directory.appendingPathComponent("chart.svg").path
        let many = try await NearestBinary.run(["what-if", "--incidents", incidents, "--radius", "1,2,5", "--svg", chart])
        #expect(many.status == 0, "\(many.stderr)")
        let chartElements = try SVGElements(path: chart)
        #expect(chartElements.root == "svg")
        #expect(chartElements.all.filter { $0.name == "polyline" }.count == 1)
        #expect(chartElements.all.filter { $0.name == "circle" }.count == 3)
    }
}

/// Every element of an XML file, parsed with Foundation's XMLParser (which fails on malformed XML).
final class SVGElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        subscript(key: String) -> String? { attributes[key] }
    }

    private(set) var all: [Element] = []
    var root: String? { all.first?.name }

    init(path: String) throws {
        super.init()
        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = self
        guard parser.parse() else {
            throw CLITestError("\(path) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        all.append(Element(name: elementName, attributes: attributes))
    }

    func circles(class name: String) -> [Element] {
        all.filter { $0.name == "circle" && $0["class"] == name }
    }
}

struct CLITestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
