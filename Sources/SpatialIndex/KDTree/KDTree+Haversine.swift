import Foundation
import Geo

/// The query's half of the haversine formula, computed once per query: its latitude's cosine (the tree stores
/// each point's).
@usableFromInline
struct _HaversineQuery {
    @usableFromInline let coordinate: Coordinate
    @usableFromInline let cosPhi: Double

    @inlinable
    init(_ coordinate: Coordinate) {
        self.coordinate = coordinate
        cosPhi = coordinate.cosineOfLatitude
    }

    /// `coordinate.distance(to: other)`, bit for bit: Geo's formula with the two latitude cosines taken from the
    /// query and from the tree (`otherCosPhi`) instead of recomputed (checked against
    /// ``Geo/Coordinate/distance(to:)`` by `KDTreeHaversineTests` and every oracle test).
    @inlinable @inline(__always)
    func distance(to other: Coordinate, otherCosPhi: Double) -> Double {
        Earth.meanRadiusMeters
            * coordinate.centralAngle(to: other, cosineOfLatitude: cosPhi, otherCosineOfLatitude: otherCosPhi)
    }
}
