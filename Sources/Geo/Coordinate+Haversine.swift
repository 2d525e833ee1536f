import Foundation

extension Coordinate {
    /// Great-circle ("as the crow flies") distance to `other`, in metres, on the sphere of radius
    /// ``Earth/meanRadiusMeters`` (haversine formula).
    ///
    /// Symmetric, zero for identical points, and the same for longitudes +180 and -180. The central angle is
    /// `2 atan2(√h, √(1 − h))` where `h` and `1 − h` are both evaluated as sums of non-negative terms
    /// (`1 − h = sin²((φ₁+φ₂)/2) + cos φ₁ cos φ₂ cos²(Δλ/2)`), so the result keeps full relative precision for
    /// millimetre separations and for nearly antipodal points alike: within 1e-12 m + 1e-15 · d of a 50-digit
    /// reference, see `HaversineTests.reference` — except with a latitude within ~0.001° of a pole (not at it),
    /// where cos φ of the binary64 latitude carries ~2.2e-16 / (π/2 − |φ|) relative error: 1e-10 · d there (see
    /// `KDTreeHaversineTests`).
    ///
    /// Against the WGS84 ellipsoid this model is off by -0.45 % .. +0.56 % (see ``Earth``).
    ///
    /// - Complexity: O(1); about 50 ns (five libm calls), a few ns for points within ~100 km (their Taylor series).
    @inlinable
    public func distance(to other: Coordinate) -> Double {
        Earth.meanRadiusMeters * centralAngle(to: other)
    }

    /// The central angle between the two points, in radians, in [0, π]. See ``distance(to:)``.
    @inlinable
    public func centralAngle(to other: Coordinate) -> Double {
        centralAngle(to: other, cosineOfLatitude: cosineOfLatitude, otherCosineOfLatitude: other.cosineOfLatitude)
    }

    /// ``centralAngle(to:)`` with both latitudes' cosines given (``cosineOfLatitude``, e.g. computed once for a
    /// query and stored per point by an index): the same operations in the same order, so bit for bit the same
    /// result when they are the cosines ``cosineOfLatitude`` gives.
    @inlinable @inline(__always)
    public func centralAngle(to other: Coordinate, cosineOfLatitude cosPhi1: Double,
                             otherCosineOfLatitude cosPhi2: Double) -> Double {
        let degreesToRadians = Double.pi / 180
        let phi1 = latitude * degreesToRadians
        let phi2 = other.latitude * degreesToRadians
        // Differences are taken in degrees first: exact for nearby values (Sterbenz), which keeps mm precision.
        let deltaPhi = (other.latitude - latitude) * degreesToRadians
        var deltaLambdaDegrees = other.longitude - longitude
        // Across the antimeridian, wrap by shifting each longitude by 180 first: both shifts are exact
        // (Sterbenz), so micrometre separations across ±180 keep their precision.
        if deltaLambdaDegrees > 180 {
            deltaLambdaDegrees = (other.longitude - 180) - (longitude + 180)
        } else if deltaLambdaDegrees < -180 {
            deltaLambdaDegrees = (other.longitude + 180) - (longitude - 180)
        }
        let deltaLambda = deltaLambdaDegrees * degreesToRadians

        let cosProduct = cosPhi1 * cosPhi2
        if abs(deltaPhi) <= 2 * Self._smallHalfAngle && abs(deltaLambda) <= 2 * Self._smallHalfAngle {
            // Nearby points (half differences up to 0.01 rad: within ~127 km north-south): the two sines and the
            // central angle 2 asin(√h) by their Taylor series, without a libm call. For these arguments the terms
            // left out are below 1e-17 of the result (a tenth of an ulp), so the result is the formula's below to
            // an ulp or two; `1 − h` is then not needed (it only keeps precision near the antipode).
            let sinHalfDeltaPhi = Self._smallSine(deltaPhi / 2)
            let sinHalfDeltaLambda = Self._smallSine(deltaLambda / 2)
            let h = sinHalfDeltaPhi * sinHalfDeltaPhi + cosProduct * sinHalfDeltaLambda * sinHalfDeltaLambda
            return 2 * Self._smallArcsine(h.squareRoot())
        }
        let sinHalfDeltaPhi = sin(deltaPhi / 2)
        let sinHalfDeltaLambda = sin(deltaLambda / 2)
        let cosHalfDeltaLambda = cos(deltaLambda / 2)
        let sinMeanPhi = sin((phi1 + phi2) / 2)
        let h = sinHalfDeltaPhi * sinHalfDeltaPhi + cosProduct * sinHalfDeltaLambda * sinHalfDeltaLambda
        let oneMinusH = sinMeanPhi * sinMeanPhi + cosProduct * cosHalfDeltaLambda * cosHalfDeltaLambda
        return 2 * atan2(h.squareRoot(), oneMinusH.squareRoot())
    }

    /// The largest half difference (radians) ``centralAngle(to:cosineOfLatitude:otherCosineOfLatitude:)`` takes
    /// through its series.
    @usableFromInline static let _smallHalfAngle = 0.01

    /// sin x for |x| <= 0.01: x − x³/6 + x⁵/120 − x⁷/5040 (the next term is below 3e-21 of x).
    @inlinable @inline(__always)
    static func _smallSine(_ x: Double) -> Double {
        let x2 = x * x
        return x + x * x2 * (-1.0 / 6 + x2 * (1.0 / 120 - x2 / 5040))
    }

    /// asin y for 0 <= y <= 0.0142 (√h of two points whose half differences are at most 0.01 rad):
    /// y + y³/6 + 3y⁵/40 + 5y⁷/112 + 35y⁹/1152 (the next term is below 1e-20 of y).
    @inlinable @inline(__always)
    static func _smallArcsine(_ y: Double) -> Double {
        let y2 = y * y
        return y + y * y2 * (1.0 / 6 + y2 * (3.0 / 40 + y2 * (5.0 / 112 + y2 * 35.0 / 1152)))
    }

    /// cos φ, exactly 0 at the poles: `cos(π/2)` in binary64 is 6e-17, which would put points at the same pole
    /// ~1e-9 m apart depending on their longitudes and order them by rounding noise.
    @inlinable
    public var cosineOfLatitude: Double {
        Self.cosineOfLatitude(latitude, radians: latitude * (Double.pi / 180))
    }

    /// cos φ of `degrees` (`radians` = `degrees · π/180`), exactly 0 at the poles; see ``cosineOfLatitude``.
    @inlinable @inline(__always)
    public static func cosineOfLatitude(_ degrees: Double, radians: Double) -> Double {
        abs(degrees) == 90 ? 0 : cos(radians)
    }
}
