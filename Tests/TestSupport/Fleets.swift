import Foundation
import Geo

/// Seeded point sets for property tests, including the adversarial ones of DESIGN.md.
public enum Fleets {
    /// A uniformly random point of the sphere.
    public static func uniform(_ generator: inout SplitMix64) -> Coordinate {
        let z = Double.random(in: -1...1, using: &generator)
        let latitude = asin(z) * 180 / .pi
        let longitude = Double.random(in: -180...180, using: &generator)
        return try! Coordinate(latitude: min(90, max(-90, latitude)), longitude: longitude)
    }

    /// A point within roughly `spreadDegrees` of `center` (clamped to valid ranges, longitude wrapped).
    public static func near(_ center: Coordinate, spreadDegrees: Double, _ generator: inout SplitMix64) -> Coordinate {
        let latitude = min(90, max(-90, center.latitude + Double.random(in: -spreadDegrees...spreadDegrees, using: &generator)))
        var longitude = center.longitude + Double.random(in: -spreadDegrees...spreadDegrees, using: &generator)
        if longitude > 180 { longitude -= 360 } else if longitude < -180 { longitude += 360 }
        return try! Coordinate(latitude: latitude, longitude: longitude)
    }

    /// Named adversarial and random sets of about `count` points.
    public static func named(_ name: String, count: Int, _ generator: inout SplitMix64) -> [Coordinate] {
        let paris = try! Coordinate(latitude: 48.8566, longitude: 2.3522)
        switch name {
        case "uniform":
            return (0..<count).map { _ in uniform(&generator) }
        case "clustered":
            let centers = (0..<8).map { _ in uniform(&generator) }
            return (0..<count).map { _ in near(centers.randomElement(using: &generator)!, spreadDegrees: 0.2, &generator) }
        case "duplicates":
            return Array(repeating: paris, count: count)
        case "depots":
            // A few coordinates, each repeated many times: ties everywhere, including at the k-th place.
            let depots = (0..<5).map { _ in near(paris, spreadDegrees: 0.01, &generator) }
            return (0..<count).map { _ in depots.randomElement(using: &generator)! }
        case "grid":
            let side = max(1, Int(Double(count).squareRoot()))
            return (0..<count).map { i in
                try! Coordinate(latitude: 45 + Double(i / side) * 0.001, longitude: 5 + Double(i % side) * 0.001)
            }
        case "poles":
            return (0..<count).map { i in
                let latitude: Double = switch i % 4 {
                case 0: 90
                case 1: -90
                case 2: Double.random(in: 89...90, using: &generator)
                default: -Double.random(in: 89...90, using: &generator)
                }
                return try! Coordinate(latitude: latitude, longitude: Double.random(in: -180...180, using: &generator))
            }
        case "antimeridian":
            return (0..<count).map { i in
                let longitude: Double = switch i % 5 {
                case 0: 180
                case 1: -180
                case 2: Double.random(in: 179.99...180, using: &generator)
                case 3: -Double.random(in: 179.99...180, using: &generator)
                default: Double.random(in: -180...180, using: &generator) > 0 ? 179.5 : -179.5
                }
                return try! Coordinate(latitude: Double.random(in: -17...(-16), using: &generator), longitude: longitude)
            }
        case "continent":
            // A fleet on one continent (Europe): dense city clusters plus a sparse rural spread, as in the peer data;
            // queried from the other continents and the open sea by ``farQueries(for:count:_:)``.
            let cities = [(48.86, 2.35), (51.51, -0.13), (52.52, 13.40), (40.42, -3.70), (41.90, 12.50), (59.33, 18.07),
                          (50.45, 30.52), (38.72, -9.14), (53.35, -6.26), (47.50, 19.04), (60.17, 24.94), (45.46, 9.19)]
                .map { try! Coordinate(latitude: $0.0, longitude: $0.1) }
            let europe = try! Coordinate(latitude: 50, longitude: 10)
            return (0..<count).map { i in
                i % 10 == 0 ? near(europe, spreadDegrees: 12, &generator)
                    : near(cities.randomElement(using: &generator)!, spreadDegrees: 0.2, &generator)
            }
        case "sparse":
            // Few vehicles far apart: every k-th neighbour is thousands of kilometres away.
            return (0..<count).map { i in i % 3 == 0 ? uniform(&generator)
                : near(paris, spreadDegrees: 3, &generator) }
        default:
            fatalError("unknown fleet \(name)")
        }
    }

    /// Query points whose nearest vehicles are far away: the poles, null island, points of the equator and of the
    /// antimeridian, antipodes of fleet points, and uniform points at least `minimumDistanceMeters` (haversine)
    /// from every vehicle (rejection sampling; gives up after 200 tries per point, so a dense uniform fleet gets
    /// fewer). About `count` points.
    public static func farQueries(
        for fleet: [Coordinate], count: Int, minimumDistanceMeters: Double = 500_000, _ generator: inout SplitMix64
    ) -> [Coordinate] {
        var queries: [Coordinate] = [
            try! Coordinate(latitude: 90, longitude: 0), try! Coordinate(latitude: -90, longitude: 0),
            try! Coordinate(latitude: 0, longitude: 0), try! Coordinate(latitude: 0, longitude: 180),
            try! Coordinate(latitude: 0, longitude: -90), try! Coordinate(latitude: 0, longitude: 100),
            try! Coordinate(latitude: 30, longitude: -180), try! Coordinate(latitude: -45, longitude: 180),
            try! Coordinate(latitude: -33.87, longitude: 151.21), try! Coordinate(latitude: 40.71, longitude: -74.01),
            try! Coordinate(latitude: -30, longitude: -140),  // South Pacific
        ]
        for _ in 0..<3 where !fleet.isEmpty {
            let p = fleet.randomElement(using: &generator)!
            queries.append(try! Coordinate(latitude: -p.latitude,
                                           longitude: p.longitude > 0 ? p.longitude - 180 : p.longitude + 180))
        }
        var tries = 0
        while queries.count < count && tries < 200 * count {
            tries += 1
            let candidate = uniform(&generator)
            if fleet.allSatisfy({ $0.distance(to: candidate) >= minimumDistanceMeters }) { queries.append(candidate) }
        }
        return queries
    }

    /// Query points for a fleet: near its points, uniform, poles, antimeridian, antipodes of fleet points.
    public static func queries(for fleet: [Coordinate], count: Int, _ generator: inout SplitMix64) -> [Coordinate] {
        var queries: [Coordinate] = [
            try! Coordinate(latitude: 90, longitude: 0), try! Coordinate(latitude: -90, longitude: 180),
            try! Coordinate(latitude: 0, longitude: 180), try! Coordinate(latitude: 0, longitude: -180),
            try! Coordinate(latitude: -16.5, longitude: 180), try! Coordinate(latitude: 89.9999, longitude: 180),
        ]
        while queries.count < count {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !fleet.isEmpty:
                queries.append(fleet.randomElement(using: &generator)!)
            case 1 where !fleet.isEmpty:
                queries.append(near(fleet.randomElement(using: &generator)!, spreadDegrees: 0.05, &generator))
            case 2 where !fleet.isEmpty:
                let p = fleet.randomElement(using: &generator)!
                queries.append(try! Coordinate(latitude: -p.latitude,
                                               longitude: p.longitude > 0 ? p.longitude - 180 : p.longitude + 180))
            default:
                queries.append(uniform(&generator))
            }
        }
        return queries
    }
}
