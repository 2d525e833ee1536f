import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// A pair of points and their distance from an independent source.
///
/// Produced by `Scripts/haversine-reference.py` (Python mpmath at 50 significant digits, from the exact binary64
/// value of each input, the engine's model: haversine on R = 6 371 008.8 m, `2 atan2(√h, √(1 − h))`); rerun it to
/// regenerate the rows. Not computed with our code.
struct TreeHaversineReference: CustomTestStringConvertible, Sendable {
    let name: String
    let latitude1, longitude1, latitude2, longitude2: Double
    /// Metres.
    let distanceMeters: Double

    init(_ name: String, _ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double, _ meters: Double) {
        self.name = name
        latitude1 = lat1; longitude1 = lon1; latitude2 = lat2; longitude2 = lon2
        distanceMeters = meters
    }

    /// Metres: 1e-12 m + 1e-15 relative (a few ulps; 20 nm at the antipode), as `HaversineTests.reference`, near
    /// the poles too: cos φ keeps full relative precision there (`Coordinate.cosineOfLatitude` takes the
    /// co-latitude in degrees); `cos` of a binary64 latitude in radians carried ~2.2e-16 / (π/2 − |φ|) relative
    /// error, which needed 1e-10 relative within 0.001° of a pole (5.05e-10 m of 16.68 m for "both near the south
    /// pole").
    var tolerance: Double { 1e-12 + 1e-15 * distanceMeters }

    var testDescription: String { name }

    static let table: [TreeHaversineReference] = [
        .init("query at the north pole, point at 89.5", 90.0, 0.0, 89.5, -123.25, 55597.540116766456423),
        .init("both near the south pole", -89.9999, 10.0, -89.99995, -170.0, 16.679262035583630993),
        .init("south pole to a point at -89", -90.0, 180.0, -89.0, 45.5, 111195.08023353291285),
        .init("across the antimeridian, 10 m", -16.5, 179.99995, -16.5, -179.99995, 10.661603732139957462),
        .init("+180 against 179.5", -16.25, 180.0, -16.75, 179.5, 77024.717369033395929),
        .init("-180 against 179.99", -16.9, -180.0, -16.1, 179.99, 88962.452923827265314),
        .init("inside a city cluster, 37 m", 48.8566, 2.3522, 48.8569, 2.3525, 39.931284220987706986),
        .init("inside a city cluster, 12 km", 40.4168, -3.7038, 40.5, -3.6, 12755.936085889283215),
        .init("null island to the Gulf of Guinea", 0.0, 0.0, 4.0517, 9.7043, 1168513.6521002163917),
        .init("open Pacific to Hawaii", 0.0, -150.0, 21.3069, -157.8583, 2518170.0551849586918),
        .init("Europe fleet from Sydney", -33.87, 151.21, 38.7223, -9.1393, 18177460.46099969013),
        .init("Europe fleet from New York", 40.71, -74.01, 53.3498, -6.2603, 5115350.5659435209063),
        .init("equator, quarter circumference", 0.0, 0.0, 0.0, 90.0, 10007557.221017962156),
        .init("near antipodes, 1 km short", 35.0, 139.0, -35.0, -41.00898315, 20014296.205734268848),
        .init("exact antipodes, oblique", 12.345, -67.89, -12.345, 112.11, 20015114.442035924312),
        .init("1 cm apart", -45.0, 170.0, -45.00000009, 170.0, 0.010007557258958394296),
    ]
}

/// The tree's haversine (latitude cosines cached per query and per point) against reference distances.
@Suite struct KDTreeHaversineTests {
    /// Tolerance per row (``TreeHaversineReference/tolerance``).
    @Test(arguments: TreeHaversineReference.table)
    func cachedCosineHaversineMatchesReference(_ row: TreeHaversineReference) throws {
        let a = try Coordinate(latitude: row.latitude1, longitude: row.longitude1)
        let b = try Coordinate(latitude: row.latitude2, longitude: row.longitude2)
        let tolerance = row.tolerance
        let cached = KDTree.QueryPoint(a).distance(to: b)
        let reversed = KDTree.QueryPoint(b).distance(to: a)
        #expect(abs(cached - row.distanceMeters) <= tolerance, "got \(cached) m")
        #expect(abs(reversed - row.distanceMeters) <= tolerance, "reversed: \(reversed) m")
        // Through the searches, which read cos φ from the tree's records.
        let tree = KDTree([b])
        let found = try #require(tree.nearest(1, to: a).first)
        #expect(abs(found.distanceMeters - row.distanceMeters) <= tolerance, "nearest: \(found.distanceMeters) m")
        let within = tree.within(row.distanceMeters + 1, of: a)
        #expect(within.count == 1 && abs(within[0].distanceMeters - row.distanceMeters) <= tolerance,
                "within: \(within)")
    }

    @Test func nearestWithinMaxDistanceMatchesOracle() {
        let seed = testSeed(default: 0x3AD)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named("clustered", count: 2000, &generator)
        let tree = KDTree(points)
        for query in Fleets.queries(for: points, count: 60, &generator) {
            for (k, cap) in [(10, 0.0), (10, 1_000.0), (50, 30_000.0), (5, 3_000_000.0)] {
                let got = tree.nearest(k, to: query, within: cap, where: { $0 % 2 == 0 }, orderedBefore: <)
                    .map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) }
                let want = Array(BruteForce.within(cap, points, query: query, included: { $0 % 2 == 0 }).prefix(k))
                #expect(got == want, "\(query) k=\(k) cap=\(cap) \(seedNote(seed))")
            }
        }
    }
}
