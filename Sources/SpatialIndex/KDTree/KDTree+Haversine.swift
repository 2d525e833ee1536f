import Foundation
import Geo

extension KDTree {
    /// A query point with what every search computes from it first: its unit vector and cos φ.
    /// Searching one point in several trees (an index's base and its log segments) with one `QueryPoint` pays them
    /// once; the results are the same as with the coordinate.
    public struct QueryPoint: Sendable {
        public let coordinate: Coordinate
        public let vector: UnitVector
        public let cosPhi: Double

        @inlinable
        public init(_ coordinate: Coordinate) {
            self.coordinate = coordinate
            cosPhi = coordinate.cosineOfLatitude
            vector = UnitVector(coordinate, cosineOfLatitude: cosPhi)
        }
    }
}

extension KDTree.QueryPoint {
    /// `coordinate.distance(to: other)`, bit for bit: Geo's formula with the query's latitude cosine (its half of
    /// the haversine) computed once instead of per point
    /// (checked against ``Geo/Coordinate/distance(to:)`` by `KDTreeHaversineTests` and every oracle test).
    @inlinable @inline(__always)
    public func distance(to other: Coordinate) -> Double {
        Earth.meanRadiusMeters
            * coordinate.centralAngle(to: other, cosineOfLatitude: cosPhi,
                                         otherCosineOfLatitude: other.cosineOfLatitude)
    }

    /// ``distance(to:)``, evaluated once for a run of points at the same coordinate (bit for bit: the
    /// same inputs give the same result): a depot or a duplicated position often puts hundreds of points in one
    /// leaf, and each haversine is 10-25 ns. `memo` carries the last point's coordinate and distance.
    @inlinable @inline(__always)
    func distance(to other: Coordinate, memo: inout _HaversineMemo) -> Double {
        let latitudeBits = other.latitude.bitPattern, longitudeBits = other.longitude.bitPattern
        if latitudeBits == memo.latitudeBits && longitudeBits == memo.longitudeBits { return memo.distance }
        let distance = distance(to: other)
        memo = _HaversineMemo(latitudeBits: latitudeBits, longitudeBits: longitudeBits, distance: distance)
        return distance
    }
}

/// The last coordinate (bit patterns) ``KDTree/QueryPoint/distance(to:memo:)`` evaluated and its
/// distance; starts with NaN patterns, which no ``Geo/Coordinate`` holds.
@usableFromInline
struct _HaversineMemo {
    @usableFromInline var latitudeBits: UInt64
    @usableFromInline var longitudeBits: UInt64
    @usableFromInline var distance: Double

    @inlinable
    init(latitudeBits: UInt64 = Double.nan.bitPattern, longitudeBits: UInt64 = Double.nan.bitPattern,
         distance: Double = .nan) {
        self.latitudeBits = latitudeBits
        self.longitudeBits = longitudeBits
        self.distance = distance
    }
}
