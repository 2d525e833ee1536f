import Geo
import Testing
@testable import Proj

/// Reference values from PROJ 9.1.1's `cs2cs` command (Debian proj-bin), e.g.
/// `echo "48.8566 2.3522" | cs2cs -f "%.6f" EPSG:4326 EPSG:2154` -> 652469.022709 6862035.259420.
/// Lambert-93's projection centre (700 000, 6 600 000) -> (46.5 N, 3 E) is its definition.
struct TransformReference: Sendable, CustomTestStringConvertible {
    let name: String
    let crs: String
    let latitude, longitude: Double
    /// Easting, northing in the CRS's metres.
    let x, y: Double
    var testDescription: String { "\(name) in \(crs)" }

    static let table: [TransformReference] = [
        .init(name: "Paris", crs: "EPSG:2154", latitude: 48.8566, longitude: 2.3522, x: 652469.022709, y: 6862035.259420),
        .init(name: "Marseille", crs: "EPSG:2154", latitude: 43.2965, longitude: 5.3698, x: 892390.221566, y: 6247035.256802),
        .init(name: "Brest", crs: "EPSG:2154", latitude: 48.3904, longitude: -4.4861, x: 146632.978528, y: 6836262.326656),
        .init(name: "Lambert-93 centre", crs: "EPSG:2154", latitude: 46.5, longitude: 3, x: 700000, y: 6600000),
        .init(name: "Paris", crs: "EPSG:32631", latitude: 48.8566, longitude: 2.3522, x: 452482.532703, y: 5411717.176869),
        .init(name: "Sydney", crs: "EPSG:32756", latitude: -33.8688, longitude: 151.2093, x: 334368.633648, y: 6250948.345385),
        .init(name: "Paris", crs: "EPSG:3857", latitude: 48.8566, longitude: 2.3522, x: 261845.706244, y: 6250564.349543),
        .init(name: "Paris", crs: "+proj=utm +zone=31 +datum=WGS84 +units=m", latitude: 48.8566, longitude: 2.3522, x: 452482.532703, y: 5411717.176869),
    ]
}

@Suite struct CoordinateTransformTests {
    /// Forward within 1 mm of cs2cs; inverse within 1e-8 degrees (~1 mm).
    @Test(arguments: TransformReference.table)
    func matchesCs2cs(_ row: TransformReference) throws {
        let transform = try CoordinateTransform(from: row.crs)
        let projected = try transform.fromWGS84(try Coordinate(latitude: row.latitude, longitude: row.longitude))
        #expect(abs(projected.x - row.x) < 1e-3 && abs(projected.y - row.y) < 1e-3, "\(projected)")
        let back = try transform.toWGS84(ProjectedPoint(x: row.x, y: row.y))
        #expect(abs(back.latitude - row.latitude) < 1e-8 && abs(back.longitude - row.longitude) < 1e-8, "\(back)")
    }

    /// Round trip projected -> WGS84 -> projected within 1 mm, single and batch paths agreeing bit for bit.
    @Test func roundTripAndBatch() throws {
        let transform = try CoordinateTransform(from: "EPSG:2154")
        let points = stride(from: 100_000.0, through: 1_200_000, by: 55_000).flatMap { x in
            stride(from: 6_100_000.0, through: 7_100_000, by: 95_000).map { ProjectedPoint(x: x, y: $0) }
        }
        let batch = transform.toWGS84(points)
        for (point, result) in zip(points, batch) {
            let coordinate = try result.get()
            #expect(coordinate == (try transform.toWGS84(point)))
            let again = try transform.fromWGS84(coordinate)
            #expect(abs(again.x - point.x) < 1e-3 && abs(again.y - point.y) < 1e-3)
        }
    }

    /// EPSG:4326 is latitude-first in the registry; our API is labelled, so the order cannot be mixed up.
    @Test func geographicSourceIsNormalised() throws {
        let transform = try CoordinateTransform(from: "EPSG:4326")
        let c = try transform.toWGS84(ProjectedPoint(x: 2.3522, y: 48.8566))
        #expect(abs(c.latitude - 48.8566) < 1e-12 && abs(c.longitude - 2.3522) < 1e-12)
    }

    @Test(arguments: ["EPSG:99999", "not a crs", "+proj=nonsense", ""])
    func invalidCRSThrowsProjError(crs: String) {
        do {
            _ = try CoordinateTransform(from: crs)
            Issue.record("expected an error for '\(crs)'")
        } catch {
            #expect(error.description.contains("PROJ"), "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func pipelineIsNotACRS() {
        #expect(throws: ProjError.self) { try CoordinateTransform(from: "+proj=pipeline +step +proj=unitconvert") }
    }

    @Test func pointsOutsideTheDomainThrow() throws {
        // The far side of an orthographic view centred on (0, 0) is not on the map.
        let ortho = try CoordinateTransform(from: "+proj=ortho +lat_0=0 +lon_0=0 +datum=WGS84")
        #expect(throws: ProjError.self) { try ortho.fromWGS84(try Coordinate(latitude: 0, longitude: 180)) }
        #expect(throws: ProjError.self) { try ortho.toWGS84(ProjectedPoint(x: 1e8, y: 1e8)) }
        let mercator = try CoordinateTransform(from: "EPSG:3857")
        #expect(throws: ProjError.self) { try mercator.toWGS84(ProjectedPoint(x: .nan, y: 0)) }
        let batch = mercator.toWGS84([ProjectedPoint(x: 0, y: 0), ProjectedPoint(x: .infinity, y: 0)])
        #expect((try? batch[0].get()) != nil)
        #expect((try? batch[1].get()) == nil)
    }
}
