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

/// Nearby pairs (1 mm to ~130 km, some just past the reach of the Taylor series in
/// ``Coordinate/centralAngle(to:cosineOfLatitude:otherCosineOfLatitude:)``; equator, ±84.9°, across the
/// antimeridian), with their reference distances from mpmath at 50 digits on the exact binary64 inputs, same model as
/// ``HaversineReference``: `Scripts/haversine-nearby-reference.py` (seed 20261206) printed these rows. Not computed
/// with our code.
enum NearbyHaversineReference {
    static let rows: [(Double, Double, Double, Double, Double)] = [
        (0.0, -179.995, -0.000684551273, -179.993836320906, 150.12404415670205281),
        (68.152171888953, -40.291846806924, 68.152171802334, -40.291846203353, 0.026768830030556579113),
        (-74.999930342549, -0.069644520668, -74.999929321196, -0.069647213427, 0.13749072749271978919),
        (-16.550755444577, 144.585217148845, -16.181120398182, 144.598133206059, 41124.692250668456358),
        (35.913025191027, -68.300120656765, 35.91302561639, -68.300120954639, 0.054376047904858363212),
        (32.74289276848, 179.99, 32.74289692717, 179.990000691292, 0.46692383911359305941),
        (84.9, 175.433619680487, 84.895716041236, 175.42863128221, 478.90246354231827024),
        (81.447744892242, -83.715917074295, 81.447855378769, -83.715845187476, 12.342932162734918751),
        (-51.598271243994, -74.01486384675, -51.595745617664, -74.011968564563, 344.76662175454816806),
        (-72.669191484264, -8.362561579172, -72.669049599587, -8.362353851687, 17.21204056311173944),
        (32.502883254371, 179.99, 32.502871536304, 179.989994250706, 1.4101336982729339663),
        (-20.497462117452, -117.457221098245, -20.53568676985, -117.50920164025, 6882.6100631238875716),
        (-84.9, -108.092481172119, -84.899948789891, -108.092533836758, 5.7180579175953319842),
        (-65.510890457086, -159.688816841342, -65.428214420575, -159.645020001424, 9412.8873250002916846),
        (69.17684197169, -141.90151531404, 69.176841957082, -141.901515279396, 0.0021245623442861460625),
        (77.255896766993, 179.99, 77.255910344175, 179.990010842169, 1.5329617500416842302),
        (-27.608550317075, -139.953248900061, -27.608550476184, -139.953248871716, 0.017911232833331780611),
        (-83.375490632157, -15.002980693525, -83.375072095618, -15.003090236463, 46.560414268049873194),
        (84.9, -94.200541509579, 84.900077786155, -94.200515292716, 8.6533188777358049717),
        (-61.135980778732, 142.231313452309, -61.136072655642, 142.231495819283, 14.14907105162478383),
        (-77.859029662042, 0.0, -78.925100929468, -0.080486583822, 118555.5291373607758),
        (1.222261981911, -43.455277284508, 1.222261978194, -43.455277287124, 0.00050537425686416948519),
        (65.9595818525, -72.062618425358, 65.959508093508, -72.062503710054, 9.7092809484401254247),
        (5.928262479291, -7.878322614859, 5.927678354744, -7.877868019779, 82.138014969722643966),
        (60.0, -27.108034933325, 60.000008710569, -27.107908187707, 7.1129971636825183193),
        (-3.288899878268, -179.995, -3.309048411351, -179.98844070382, 2355.7754994344853734),
        (-74.020422834948, -152.739138119294, -74.030591757276, -152.745889496068, 1149.4543791379582354),
        (-56.5231851827, -122.782106119472, -56.523576081394, -122.782332424601, 45.628492509987180021),
        (69.55739150173, 117.263772336947, 69.557391519148, 117.26377229628, 0.0024991265929558592745),
        (61.342108715834, -5.0638860024, 61.341941026948, -5.064093186063, 21.673686577092728623),
        (0.0, 179.99, -0.432106581006, -179.849510207492, 51255.092408165616238),
        (-56.372425033121, 153.843482952688, -56.402606904429, 153.860634368686, 3518.2166088068784702),
        (60.193557912762, 88.137381791882, 60.194323836509, 88.13798054985, 91.370837073004356959),
        (2.657184833539, -81.688692959345, 2.656065083209, -81.68640451456, 283.04706030372681665),
        (-64.322467988122, 46.677844003249, -64.32246806219, 46.677844042271, 0.008447873167511463146),
        (24.912971904299, -179.995, 24.912971918007, -179.995000381799, 0.038533912030917332875),
        (-84.9, 143.691297787322, -84.899998487111, 143.691297287137, 0.16829845174480175358),
        (-78.80338615823, 144.941804396825, -78.801125265698, 144.937658277915, 266.86623263066927873),
        (-71.023511860693, -81.292062113638, -71.023511495525, -81.292062098172, 0.040608736490487997957),
        (-36.756769864496, 56.240354591369, -36.756770830409, 56.240354241873, 0.11182674729266315115),
        (27.137965901185, 179.99, 27.137965883122, 179.990000012202, 0.002343508040584441667),
        (49.383918982741, 100.379018596283, 49.415091808383, 100.423469949503, 4728.8367860894287544),
        (0.0, 107.228858584833, 7.213904e-05, 107.228737628745, 15.660127185380227627),
        (-54.33899776518, -62.316253954817, -54.33899744589, -62.316234494661, 1.2620125859863303329),
        (-50.132823824213, -134.624332737237, -50.132708933395, -134.624214974294, 15.286082468258418355),
        (-41.447047429939, 0.0, -41.447751081431, -0.001012350625, 115.07133966021381728),
        (20.254916444957, -132.956811556747, 20.256525576044, -132.934576011401, 2326.4677153682635037),
        (-57.046673799054, -37.661631749663, -57.069847753694, -37.650878895988, 2657.5915238202443604),
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

    /// The series path for nearby points keeps the tolerance of the table above: 1e-15 relative plus 1e-12 m.
    @Test func nearbyPairsMatchReference() throws {
        try Self.expectReferenceDistances(NearbyHaversineReference.rows)
    }

    /// Each row's (lat1, lon1, lat2, lon2, metres) within 1e-15 relative plus 1e-12 m, both ways.
    static func expectReferenceDistances(_ rows: [(Double, Double, Double, Double, Double)]) throws {
        for (lat1, lon1, lat2, lon2, meters) in rows {
            let a = try Coordinate(latitude: lat1, longitude: lon1), b = try Coordinate(latitude: lat2, longitude: lon2)
            let tolerance = 1e-12 + 1e-15 * meters
            #expect(abs(a.distance(to: b) - meters) <= tolerance, "\(a) \(b): got \(a.distance(to: b)) m, want \(meters)")
            #expect(abs(b.distance(to: a) - meters) <= tolerance, "reversed \(a) \(b)")
        }
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
