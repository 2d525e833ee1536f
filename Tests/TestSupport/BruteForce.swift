import Foundation
import Geo

/// The brute-force oracle: distance to every point, sorted by (distance rounded to 1 µm, id), as
/// `../peers/oracle.py` ranks (`lexsort((ids, rint(d / 1e-6)))`).
public enum BruteForce {
    public struct Hit: Hashable, Sendable, CustomStringConvertible {
        public let id: Int
        public let distanceMeters: Double
        public init(id: Int, distanceMeters: Double) {
            self.id = id
            self.distanceMeters = distanceMeters
        }
        public var description: String { "(\(id), \(distanceMeters))" }
    }

    /// The 1 µm ranking key, `rint(d / 1e-6)`.
    public static func key(_ distanceMeters: Double) -> Int64 {
        Int64((distanceMeters / 1e-6).rounded(.toNearestOrEven))
    }

    /// Sorted (key, id) hits over `ids` (indices into `points` when nil) with `distance` as the metric.
    public static func ranked(
        _ points: [Coordinate], query: Coordinate, included: (Int) -> Bool = { _ in true },
        distance: (Coordinate, Coordinate) -> Double = { $0.distance(to: $1) },
        idOrder: (Int, Int) -> Bool = (<)
    ) -> [Hit] {
        var hits: [Hit] = []
        for (index, point) in points.enumerated() where included(index) {
            hits.append(Hit(id: index, distanceMeters: distance(query, point)))
        }
        hits.sort { a, b in
            let ka = key(a.distanceMeters), kb = key(b.distanceMeters)
            return ka != kb ? ka < kb : idOrder(a.id, b.id)
        }
        return hits
    }

    public static func nearest(
        _ k: Int, _ points: [Coordinate], query: Coordinate, included: (Int) -> Bool = { _ in true },
        distance: (Coordinate, Coordinate) -> Double = { $0.distance(to: $1) }
    ) -> [Hit] {
        Array(ranked(points, query: query, included: included, distance: distance).prefix(k))
    }

    public static func within(
        _ radiusMeters: Double, _ points: [Coordinate], query: Coordinate, included: (Int) -> Bool = { _ in true },
        distance: (Coordinate, Coordinate) -> Double = { $0.distance(to: $1) }
    ) -> [Hit] {
        ranked(points, query: query, included: included, distance: distance).filter { $0.distanceMeters <= radiusMeters }
    }
}
