import SeededRandom
import Testing
@testable import Geo

/// Reference distances computed once with Python mpmath at 50 significant digits, from the exact binary64 values
/// of the inputs (`mpf(float("45.000000008993"))`), with the same model: haversine on R = 6 371 008.8 m,
/// central angle `2 atan2(√h, √(1 − h))`. Not computed with our code.
struct HaversineReference: CustomTestStringConvertible, Sendable {
    let name: String
    let latitude1, longitude1, latitude2, longitude2: Double
    /// Metres.
    let distanceMeters: Double

    init(_ name: String, _ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double, _ meters: Double) {
        self.name = name
        latitude1 = lat1; longitude1 = lon1; latitude2 = lat2; longitude2 = lon2
        distanceMeters = meters
    }

    var testDescription: String { name }

    static let table: [HaversineReference] = [
        .init("Paris to Lyon", 48.8566, 2.3522, 45.764, 4.8357, 391499.47243561322735),
        .init("about 1 mm north", 45.0, 7.0, 45.000000008993, 7.0, 0.00099997717262376822738),
        .init("about 1 mm east at the equator", 0.0, 0.0, 0.0, 0.000000008993, 0.00099997735654016146977),
        .init("about 1 µm across the antimeridian", -16.8, 179.999999999995, -16.8, -179.999999999995, 0.0000010649650009411197581),
        .init("antipodes on the equator", 0.0, 0.0, 0.0, 180.0, 20015114.442035924312),
        .init("antipodes, oblique", 48.8566, 2.3522, -48.8566, -177.6478, 20015114.442035923533),
        .init("10 m from antipodal", 10.0, 20.0, -10.00009, -160.0, 20015104.434478703278),
        .init("1 mm from antipodal", 10.0, 20.0, -10.000000009, -160.0, 20015114.441035168508),
        .init("pole to pole", 90.0, 0.0, -90.0, 0.0, 20015114.442035924312),
        .init("north pole, any longitude", 90.0, -45.0, 89.0, 135.0, 111195.08023353291285),
        .init("two longitudes at the north pole", 90.0, -45.0, 90.0, 135.0, 6.4391514379623286895e-45),
        .init("across the antimeridian", -16.8, 179.9999, -16.8, -179.9999, 21.289843668146573038),
        .init("+180 and -180 are one meridian", -16.8, 180.0, -16.8, -180.0, 1.2328650438245969754e-44),
        .init("Sydney to London", -33.8688, 151.2093, 51.5074, -0.1278, 16993956.932816536777),
        .init("Quito to Singapore", -0.1807, -78.4678, 1.3521, 103.8198, 19729358.814217084672),
    ]
}

@Suite struct HaversineTests {
    /// Tolerance: 1e-15 relative plus 1e-12 m absolute (a few ulps of the result; 20 nm at the antipode).
    @Test(arguments: HaversineReference.table)
    func reference(_ row: HaversineReference) throws {
        let a = try Coordinate(latitude: row.latitude1, longitude: row.longitude1)
        let b = try Coordinate(latitude: row.latitude2, longitude: row.longitude2)
        let tolerance = 1e-12 + 1e-15 * row.distanceMeters
        #expect(abs(a.distance(to: b) - row.distanceMeters) <= tolerance, "got \(a.distance(to: b)) m")
        #expect(abs(b.distance(to: a) - row.distanceMeters) <= tolerance, "reversed: \(b.distance(to: a)) m")
    }

    @Test func identicalPointsAreZeroApart() throws {
        for (lat, lon) in [(0.0, 0.0), (90.0, 12.0), (-90.0, -180.0), (-16.8, 180.0), (45.0, -0.0)] {
            let c = try Coordinate(latitude: lat, longitude: lon)
            #expect(c.distance(to: c) == 0)
        }
    }

    /// The sphere's half circumference is the largest distance: π · 6 371 008.8 m.
    @Test func maximumDistance() {
        #expect(abs(Earth.maximumDistanceMeters - 20_015_114.442035924) < 1e-6)
    }

    /// Triangle inequality and symmetry over a seeded sample (a property any metric must have).
    @Test func metricProperties() throws {
        var generator = SplitMix64(seed: 0x5EED_0001)
        for _ in 0..<2000 {
            let p = try generator.coordinate(), q = try generator.coordinate(), r = try generator.coordinate()
            #expect(p.distance(to: q) == q.distance(to: p))
            #expect(p.distance(to: r) <= p.distance(to: q) + q.distance(to: r) + 1e-6)
            #expect(p.distance(to: q) <= Earth.maximumDistanceMeters)
        }
    }
}

extension SplitMix64 {
    /// A point uniform in (latitude, longitude) degrees, not on the sphere: the poles get their share of tests.
    mutating func coordinate() throws -> Coordinate {
        try Coordinate(latitude: .random(in: -90...90, using: &self), longitude: .random(in: -180...180, using: &self))
    }
}
