import Foundation

extension Coordinate {
    /// Great-circle ("as the crow flies") distance to `other`, in metres, on the sphere of radius
    /// ``Earth/meanRadiusMeters`` (haversine formula).
    ///
    /// Symmetric, zero for identical points, the same for longitudes +180 and -180, and at a pole the same for every
    /// longitude (cos φ = 0 there: the longitude difference is taken as 0, bit for bit). The central angle is
    /// `2 atan2(√h, √(1 − h))` where `h` and, past a quarter of the circumference, `1 − h` are both evaluated as sums
    /// of non-negative terms (`1 − h = sin²((φ₁+φ₂)/2) + cos φ₁ cos φ₂ cos²(Δλ/2)`), so the result keeps full
    /// relative precision for millimetre separations and for nearly antipodal points alike: within 1e-12 m + 1e-15 · d
    /// of a 50-digit reference, see `HaversineTests.reference`, near the poles too (cos φ keeps its relative precision
    /// there: ``cosineOfLatitude``; `KDTreeHaversineTests`).
    ///
    /// Against the WGS84 ellipsoid this model is off by -0.45 % .. +0.56 % (see ``Earth``).
    ///
    /// - Complexity: O(1); a few ns for points within ~100 km (Taylor series), more beyond (series and a table
    ///   arctangent); no libm call.
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
        Self.centralAngle(halfAngleParts(to: other, cosineOfLatitude: cosPhi1, otherCosineOfLatitude: cosPhi2))
    }

    /// The first half of ``centralAngle(to:cosineOfLatitude:otherCosineOfLatitude:)``: the sine and cosine of
    /// half the central angle (`√h`, `√(1 − h)`), which ``centralAngle(_:)`` turns into the angle. A caller with
    /// many distances to compute (a search's candidates) computes every pair first, then every angle: two short
    /// chains of dependent steps per point instead of one long one, so the processor overlaps more points (one
    /// haversine is ~100 cycles of latency, mostly divisions and square roots in a row).
    @inlinable @inline(__always)
    public func halfAngleParts(to other: Coordinate, cosineOfLatitude cosPhi1: Double,
                               otherCosineOfLatitude cosPhi2: Double) -> HalfAngleParts {
        let degreesToRadians = Double.pi / 180
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
        // At a pole (cos φ exactly 0: ``cosineOfLatitude``) the longitude difference does not enter `h`; it is taken
        // as 0, so that the choice of series below does not depend on it either: every longitude of a pole point
        // gives the same distance, bit for bit (hundreds of vehicles reported at a pole with their own longitudes
        // are then one place to a search, not hundreds of far-path haversines).
        let cosProduct = cosPhi1 * cosPhi2
        if cosProduct == 0 { deltaLambdaDegrees = 0 }
        let deltaLambda = deltaLambdaDegrees * degreesToRadians

        if abs(deltaPhi) <= 2 * Self._smallHalfAngle && abs(deltaLambda) <= 2 * Self._smallHalfAngle {
            // Nearby points (half differences up to 0.01 rad: within ~127 km north-south): the two sines and the
            // central angle 2 asin(√h) by their Taylor series, without a libm call. For these arguments the terms
            // left out are below 1e-17 of the result (a tenth of an ulp), so the result is the formula's below to
            // an ulp or two; `1 − h` is then not needed (it only keeps precision near the antipode).
            let sinHalfDeltaPhi = Self._smallSine(deltaPhi / 2)
            let sinHalfDeltaLambda = Self._smallSine(deltaLambda / 2)
            let h = sinHalfDeltaPhi * sinHalfDeltaPhi + cosProduct * sinHalfDeltaLambda * sinHalfDeltaLambda
            return HalfAngleParts(sine: h.squareRoot(), cosine: HalfAngleParts.near)
        }
        // Farther apart: the sines of the half latitude and half longitude differences (both within ±90°) by
        // `sineOfLatitude` (one series each, reductions exact in degrees), the half angle by
        // `_halfAngle(sine:cosine:)`: no libm call.
        let halfDeltaPhiDegrees = (other.latitude - latitude) / 2
        let sinHalfDeltaPhi = Self.sineOfLatitude(halfDeltaPhiDegrees, radians: halfDeltaPhiDegrees * degreesToRadians)
        // (Its cosine, one series more, only past a quarter of the circumference, below.)
        let halfDeltaLambdaDegrees = deltaLambdaDegrees / 2
        let halfDeltaLambdaRadians = halfDeltaLambdaDegrees * degreesToRadians
        let sinHalfDeltaLambda = Self.sineOfLatitude(halfDeltaLambdaDegrees, radians: halfDeltaLambdaRadians)
        let h = sinHalfDeltaPhi * sinHalfDeltaPhi + cosProduct * sinHalfDeltaLambda * sinHalfDeltaLambda
        if h <= 0.5 {
            // Up to a quarter of the circumference: `1 − h` is at least 1/2, so the subtraction loses nothing (its
            // rounding is below an ulp of a value the half angle depends on at most linearly).
            return HalfAngleParts(sine: h.squareRoot(), cosine: (1 - h).squareRoot())
        }
        // Beyond, towards the antipode, `1 − h` is small: the sum of non-negative terms keeps it to the ulp, where
        // `1 − h` would cancel (the sine of the mean latitude, within ±90°, by `sineOfLatitude`).
        let meanPhiDegrees = (latitude + other.latitude) / 2
        let sinMeanPhi = Self.sineOfLatitude(meanPhiDegrees, radians: meanPhiDegrees * degreesToRadians)
        let cosHalfDeltaLambda = Self.cosineOfLatitude(halfDeltaLambdaDegrees, radians: halfDeltaLambdaRadians)
        let oneMinusH = sinMeanPhi * sinMeanPhi + cosProduct * cosHalfDeltaLambda * cosHalfDeltaLambda
        return HalfAngleParts(sine: h.squareRoot(), cosine: oneMinusH.squareRoot())
    }

    /// The central angle of ``halfAngleParts(to:cosineOfLatitude:otherCosineOfLatitude:)``'s result, in radians:
    /// `2 asin(√h)` by its series for nearby points, `2 atan2(√h, √(1 − h))` (``_halfAngle(sine:cosine:)``)
    /// otherwise.
    @inlinable @inline(__always)
    public static func centralAngle(_ parts: HalfAngleParts) -> Double {
        if parts.cosine == HalfAngleParts.near { return 2 * _smallArcsine(parts.sine) }
        return 2 * _halfAngle(sine: parts.sine, cosine: parts.cosine)
    }

    /// The largest half difference (radians) ``centralAngle(to:cosineOfLatitude:otherCosineOfLatitude:)`` takes
    /// through its series.
    @usableFromInline static let _smallHalfAngle = 0.01

    /// sin x for |x| <= 0.01: x − x³/6 + x⁵/120 − x⁷/5040 (the next term is below 3e-21 of x). The last
    /// coefficient is multiplied, not divided by (a division is ~15 cycles on the haversine's critical path; its
    /// term is below 2e-16 of x, so the rounding of 1/5040 does not show).
    @inlinable @inline(__always)
    static func _smallSine(_ x: Double) -> Double {
        let x2 = x * x
        return x + x * x2 * (-1.0 / 6 + x2 * (1.0 / 120 - x2 * (1.0 / 5040)))
    }

    /// asin y for 0 <= y <= 0.0142 (√h of two points whose half differences are at most 0.01 rad):
    /// y + y³/6 + 3y⁵/40 + 5y⁷/112 + 35y⁹/1152 (the next term is below 1e-20 of y); the last coefficient as one
    /// constant (no division: see ``_smallSine(_:)``).
    @inlinable @inline(__always)
    static func _smallArcsine(_ y: Double) -> Double {
        let y2 = y * y
        return y + y * y2 * (1.0 / 6 + y2 * (3.0 / 40 + y2 * (5.0 / 112 + y2 * (35.0 / 1152))))
    }

    /// Whether the coordinate is a pole (latitude ±90°): its ``cosineOfLatitude`` is exactly 0, and its longitude
    /// enters no distance (``distance(to:)`` is the same, bit for bit, for every longitude there).
    @inlinable
    public var isAtPole: Bool { abs(latitude) == 90 }

    /// cos φ, within 4e-16 *relative* of cos(latitude · π/180) at every latitude and exactly 0 at the poles
    /// (`CosineOfLatitudeTests`, against mpmath): no libm call.
    ///
    /// Up to 45° it is cos φ by its Taylor series to φ¹⁶; beyond, sin(90° − |φ|) by its series to x¹⁷, with the
    /// co-latitude taken in degrees first (exact, Sterbenz), so it keeps full relative precision near the poles:
    /// `cos(π/2 − ε)` of binary64 radians is off by up to 1e-16 absolute there (100 % at 89.99999999999999°), and
    /// `cos(π/2)` itself is 6e-17, which would put points at the same pole ~1e-9 m apart depending on their
    /// longitudes. The terms left out are below 3e-18 of the result; about 3 ns (libm's `cos`: ~15).
    @inlinable @inline(__always)
    public var cosineOfLatitude: Double {
        Self.cosineOfLatitude(latitude, radians: latitude * (Double.pi / 180))
    }

    /// cos φ of `degrees` (`radians` = `degrees · π/180`, as every caller has it); see ``cosineOfLatitude``.
    /// Even in φ and never increasing with |φ|.
    @inlinable @inline(__always)
    public static func cosineOfLatitude(_ degrees: Double, radians: Double) -> Double {
        let magnitude = abs(degrees)
        if magnitude <= 45 { return _cosineSeries(radians) }
        return _sineSeries((90 - magnitude) * (Double.pi / 180))
    }

    /// sin φ of `degrees` in [-90, 90] (`radians` = `degrees · π/180`), as ``cosineOfLatitude(_:radians:)`` computes
    /// cos φ: odd, ±1 exactly at the poles, within 4e-16 of the exact value (`UnitVectorTests`).
    @inlinable @inline(__always)
    public static func sineOfLatitude(_ degrees: Double, radians: Double) -> Double {
        let magnitude = abs(degrees)
        if magnitude <= 45 { return _sineSeries(radians) }
        let cosine = _cosineSeries((90 - magnitude) * (Double.pi / 180))
        return degrees < 0 ? -cosine : cosine
    }

    /// (sin, cos) of an angle of `degrees` in [-180, 180] (a longitude): reduced to within 45° of a multiple of
    /// 90° in degrees (exact, Sterbenz), then the series below; +180 and -180 give the same pair.
    @inlinable @inline(__always)
    public static func sineAndCosine(ofDegrees degrees: Double) -> (sine: Double, cosine: Double) {
        let quadrant = (degrees / 90).rounded(.toNearestOrEven)
        let x = (degrees - 90 * quadrant) * (Double.pi / 180)
        let sine = _sineSeries(x), cosine = _cosineSeries(x)
        switch Int(quadrant) {
        case 1: return (cosine, -sine)
        case -1: return (-cosine, sine)
        case 2, -2: return (-sine, -cosine)
        default: return (sine, cosine)
        }
    }

    /// cos x for |x| <= π/4: its Taylor series to x¹⁶ (the next term is below 3e-18), `1 + z (−1/2 + z R(z))` with
    /// `z = x²` and R, the seven terms from z⁰/4! on, evaluated in Estrin's scheme (pairs, then z², then z⁴): half the
    /// dependent steps of Horner's rule, the same accuracy (the terms R gathers are below 2.6 % of the result).
    @inlinable @inline(__always)
    static func _cosineSeries(_ x: Double) -> Double {
        let z = x * x
        let z2 = z * z
        let low = (1.0 / 24 + z * (-1.0 / 720)) + z2 * (1.0 / 40_320 + z * (-1.0 / 3_628_800))
        let high = (1.0 / 479_001_600 + z * (-1.0 / 87_178_291_200)) + z2 * (1.0 / 20_922_789_888_000)
        return 1 + z * (-1.0 / 2 + z * (low + (z2 * z2) * high))
    }

    /// sin x for |x| <= π/4: its Taylor series to x¹⁷ (the next term is below 1e-19 of x), `x + x z Q(z)` with `z =
    /// x²` and Q's eight terms in Estrin's scheme (see ``_cosineSeries(_:)``; `x z Q` is below 8.2 % of the result).
    @inlinable @inline(__always)
    static func _sineSeries(_ x: Double) -> Double {
        let z = x * x
        let z2 = z * z
        let low = (-1.0 / 6 + z * (1.0 / 120)) + z2 * (-1.0 / 5_040 + z * (1.0 / 362_880))
        let high = (-1.0 / 39_916_800 + z * (1.0 / 6_227_020_800))
            + z2 * (-1.0 / 1_307_674_368_000 + z * (1.0 / 355_687_428_096_000))
        return x + x * z * (low + (z2 * z2) * high)
    }
}

/// The sine and cosine of half the central angle between two points (`√h` and `√(1 − h)` of the haversine), the
/// first half of ``Coordinate/centralAngle(to:cosineOfLatitude:otherCosineOfLatitude:)``; see
/// ``Coordinate/halfAngleParts(to:cosineOfLatitude:otherCosineOfLatitude:)``.
public struct HalfAngleParts: Sendable {
    /// `√h`, in [0, 1].
    public var sine: Double
    /// `√(1 − h)`, in [0, 1]; ``near`` for points close enough that the angle is the arcsine's series of ``sine``
    /// alone.
    public var cosine: Double

    /// The ``cosine`` of nearby points (no cosine of a half angle is negative). (Computed, not a stored `static
    /// let`: another module's inlined code would reach a stored one through its accessor.)
    @inlinable public static var near: Double { -1 }

    @inlinable
    public init(sine: Double, cosine: Double) {
        self.sine = sine
        self.cosine = cosine
    }
}
