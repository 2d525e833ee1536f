import Foundation
import Geo

/// The query's half of the haversine formula, computed once per query.
@usableFromInline
struct _HaversineQuery {
    @usableFromInline let coordinate: Coordinate
    @usableFromInline let phi: Double
    @usableFromInline let cosPhi: Double

    @inlinable
    init(_ coordinate: Coordinate) {
        self.coordinate = coordinate
        phi = coordinate.latitude * (Double.pi / 180)
        cosPhi = _cosineOfLatitude(coordinate.latitude, radians: phi)
    }

    /// `coordinate.distance(to: other)`, bit for bit (the same operations in the same order; checked against
    /// ``Geo/Coordinate/distance(to:)`` by `KDTreeHaversineTests` and every oracle test), with the two
    /// latitude cosines taken from the query and from the tree (`otherCosPhi`) instead of recomputed.
    @inlinable @inline(__always)
    func distance(to other: Coordinate, otherCosPhi: Double) -> Double {
        let degreesToRadians = Double.pi / 180
        let phi2 = other.latitude * degreesToRadians
        let deltaPhi = (other.latitude - coordinate.latitude) * degreesToRadians
        var deltaLambdaDegrees = other.longitude - coordinate.longitude
        if deltaLambdaDegrees > 180 {
            deltaLambdaDegrees = (other.longitude - 180) - (coordinate.longitude + 180)
        } else if deltaLambdaDegrees < -180 {
            deltaLambdaDegrees = (other.longitude + 180) - (coordinate.longitude - 180)
        }
        let deltaLambda = deltaLambdaDegrees * degreesToRadians
        let cosProduct = cosPhi * otherCosPhi
        let sinHalfDeltaPhi = sin(deltaPhi / 2)
        let sinHalfDeltaLambda = sin(deltaLambda / 2)
        let cosHalfDeltaLambda = cos(deltaLambda / 2)
        let sinMeanPhi = sin((phi + phi2) / 2)
        let h = sinHalfDeltaPhi * sinHalfDeltaPhi + cosProduct * sinHalfDeltaLambda * sinHalfDeltaLambda
        let oneMinusH = sinMeanPhi * sinMeanPhi + cosProduct * cosHalfDeltaLambda * cosHalfDeltaLambda
        return Earth.meanRadiusMeters * (2 * atan2(h.squareRoot(), oneMinusH.squareRoot()))
    }
}

/// cos φ, exactly 0 at the poles, as Geo computes it (`Coordinate.cosineOfLatitude`, internal to Geo).
@inlinable @inline(__always)
func _cosineOfLatitude(_ degrees: Double, radians: Double) -> Double {
    abs(degrees) == 90 ? 0 : cos(radians)
}
