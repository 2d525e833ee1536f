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

extension KDTree.QueryPoint {
    /// The first pass of the distances to `count` points (`points[i].0`, coordinates gathered with their slots):
    /// each point's ``Geo/HalfAngleParts`` into `parts`, or, for a point at the coordinate of the one before it (a
    /// depot's run; at a pole, or from a pole query, the latitude alone), ``repeated`` (its distance is the previous
    /// one's: ``distance(_:previous:)``). Every pass of
    /// one point is a short chain of dependent steps, so consecutive points overlap; the distances are those of
    /// ``distance(to:)``, bit for bit.
    @inlinable @inline(__always)
    func halfAngleParts(
        _ points: UnsafeMutableBufferPointer<(Coordinate, Int32)>, count: Int,
        into parts: UnsafeMutableBufferPointer<HalfAngleParts>
    ) {
        var latitudeBits = Double.nan.bitPattern, longitudeBits = Double.nan.bitPattern
        // From a pole query every point of one latitude is at one distance (Geo ignores the longitude difference
        // where cos φ is 0), and so is every longitude of a pole point: the longitude then need not match.
        let queryAtPole = cosPhi == 0
        for position in 0..<count {
            let other = points[position].0
            let otherLatitudeBits = other.latitude.bitPattern, otherLongitudeBits = other.longitude.bitPattern
            if otherLatitudeBits == latitudeBits
                && (otherLongitudeBits == longitudeBits || queryAtPole || other.isAtPole) {
                parts.initializeElement(at: position, to: Self.repeated)
                continue
            }
            latitudeBits = otherLatitudeBits
            longitudeBits = otherLongitudeBits
            parts.initializeElement(at: position, to: coordinate.halfAngleParts(
                to: other, cosineOfLatitude: cosPhi, otherCosineOfLatitude: other.cosineOfLatitude))
        }
    }

    /// The second pass: the distance of `parts` (``halfAngleParts(_:count:into:)``), or `previous` for a
    /// ``repeated`` point.
    @inlinable @inline(__always)
    static func distance(_ parts: HalfAngleParts, previous: Double) -> Double {
        if parts.sine < 0 { return previous }
        return Earth.meanRadiusMeters * Coordinate.centralAngle(parts)
    }

    /// The parts of a point at the previous point's coordinate (a negative sine, which no pair has).
    @inlinable @inline(__always)
    static var repeated: HalfAngleParts { HalfAngleParts(sine: -1, cosine: -1) }
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
