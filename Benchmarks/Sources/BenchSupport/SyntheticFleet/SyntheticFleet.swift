import Foundation
import Geo
import NearestVehicle
import SeededRandom

/// Deterministic synthetic fleets and queries for the package-benchmark suites, shaped like the peer data:
/// 85% of vehicles in Gaussian clusters (3-8 km) around 24 metropolitan areas, 15% uniform on the sphere;
/// queries 90% near the same areas, 10% uniform. Same seed, same fleet, on every machine.
public enum SyntheticFleet {
    /// The default seed of every suite (printed with the results).
    public static let seed: UInt64 = 20_250_601
    public static let customerId = "bench"
    /// 2025-06-01T12:00:00Z; every timestamp is within the 24 h before.
    public static let referenceDate = Date(timeIntervalSince1970: 1_748_779_200)

    static let centers: [(latitude: Double, longitude: Double)] = [
        (48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698), (51.5074, -0.1278), (40.7128, -74.0060),
        (-23.5505, -46.6333), (35.6762, 139.6503), (-33.8688, 151.2093), (-26.2041, 28.0473),
        (34.0522, -118.2437), (19.4326, -99.1332), (6.5244, 3.3792), (19.0760, 72.8777), (28.7041, 77.1025),
        (31.2304, 121.4737), (-0.1807, -78.4678), (-36.8485, 174.7633), (55.7558, 37.6173), (52.5200, 13.4050),
        (41.9028, 12.4964), (1.3521, 103.8198), (30.0444, 31.2357), (-34.6037, -58.3816), (64.1466, -21.9426),
    ]

    /// `count` vehicles with ids `V0000001`..., customer ``customerId``.
    public static func positions(count: Int, seed: UInt64 = seed) -> [VehiclePosition] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let coordinate = generator.next(upperBound: UInt64(100)) < 85 ? clustered(&generator) : uniform(&generator)
            let age = Double(generator.next(upperBound: UInt64(86_400)))
            return VehiclePosition(id: id(index), coordinate: coordinate,
                                   timestamp: referenceDate.addingTimeInterval(-age), customerId: customerId)
        }
    }

    /// `count` query points (a different stream from the fleet's).
    public static func queries(count: Int, seed: UInt64 = seed) -> [Coordinate] {
        var generator = SplitMix64(seed: seed ^ 0x5155_4552_5945_5321)
        return (0..<count).map { _ in
            generator.next(upperBound: UInt64(100)) < 90 ? clustered(&generator) : uniform(&generator)
        }
    }

    public static func id(_ index: Int) -> String {
        let digits = String(index + 1)
        return "V" + String(repeating: "0", count: Swift.max(0, 7 - digits.count)) + digits
    }

    static func uniform(_ generator: inout SplitMix64) -> Coordinate {
        let z = Double.random(in: -1...1, using: &generator)
        let latitude = Swift.min(90, Swift.max(-90, asin(z) * 180 / .pi))
        return try! Coordinate(latitude: latitude, longitude: Double.random(in: -180...180, using: &generator))
    }

    static func clustered(_ generator: inout SplitMix64) -> Coordinate {
        let center = centers[Int(generator.next(upperBound: UInt64(centers.count)))]
        let sigmaMeters = Double.random(in: 3000...8000, using: &generator)
        // Box-Muller.
        let u1 = Swift.max(Double.random(in: 0..<1, using: &generator), 1e-300)
        let u2 = Double.random(in: 0..<1, using: &generator)
        let radius = (-2 * log(u1)).squareRoot() * sigmaMeters
        let north = radius * cos(2 * .pi * u2), east = radius * sin(2 * .pi * u2)
        let metersPerDegree = Earth.meanRadiusMeters * .pi / 180
        let latitude = Swift.min(90, Swift.max(-90, center.latitude + north / metersPerDegree))
        var longitude = center.longitude + east / (metersPerDegree * Swift.max(cos(latitude * .pi / 180), 1e-6))
        longitude = Swift.min(180, Swift.max(-180, longitude))
        return try! Coordinate(latitude: latitude, longitude: longitude)
    }
}
