import Foundation

/// A point of the unit sphere in Earth-centred Cartesian coordinates (x towards (0°, 0°), y towards (0°, 90°E),
/// z towards the North Pole); dimensionless.
///
/// The Euclidean distance between two unit vectors (the *chord*) grows monotonically with the great-circle
/// distance, so a k-d tree over unit vectors answers great-circle queries without special cases at the poles or
/// the antimeridian. Conversions between chord length and distance are ``UnitVector/chordLength(forDistanceMeters:)``
/// and ``UnitVector/distanceMeters(forChordLength:)``.
public struct UnitVector: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable
    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The unit vector of a coordinate: each component within 3e-16 of the exact one, |v| = 1 within 3 ulp
    /// (`UnitVectorTests`, against mpmath), ±180° the same vector; no libm call (the series of
    /// ``Coordinate/cosineOfLatitude``, ``Coordinate/sineOfLatitude(_:radians:)`` and
    /// ``Coordinate/sineAndCosine(ofDegrees:)``).
    @inlinable
    public init(_ coordinate: Coordinate) {
        self.init(coordinate, cosineOfLatitude: coordinate.cosineOfLatitude)
    }

    /// The unit vector of a coordinate whose ``Coordinate/cosineOfLatitude`` the caller has already (a query
    /// computes it once for its haversines too): the same value as ``init(_:)``.
    @inlinable
    public init(_ coordinate: Coordinate, cosineOfLatitude cosPhi: Double) {
        let latitude = coordinate.latitude
        let lambda = Coordinate.sineAndCosine(ofDegrees: coordinate.longitude)
        self.init(x: cosPhi * lambda.cosine, y: cosPhi * lambda.sine,
                  z: Coordinate.sineOfLatitude(latitude, radians: latitude * (Double.pi / 180)))
    }

    /// Squared Euclidean distance to `other` (squared chord length, dimensionless, in [0, 4]).
    @inlinable
    public func chordDistanceSquared(to other: UnitVector) -> Double {
        let dx = x - other.x, dy = y - other.y, dz = z - other.z
        return dx * dx + dy * dy + dz * dz
    }

    /// Chord length (on the unit sphere) of a great-circle distance.
    ///
    /// - Parameter distanceMeters: Metres on the sphere of ``Earth/meanRadiusMeters``; values above half the
    ///   circumference give the diameter 2, negative values 0.
    /// - Returns: `2 sin(d / 2R)`, in [0, 2].
    @inlinable
    public static func chordLength(forDistanceMeters distanceMeters: Double) -> Double {
        let angle = min(max(distanceMeters, 0) / Earth.meanRadiusMeters, Double.pi)
        return 2 * sin(angle / 2)
    }

    /// Great-circle distance, in metres, of a chord length on the unit sphere: `2R asin(c / 2)`, with `c`
    /// clamped to [0, 2].
    @inlinable
    public static func distanceMeters(forChordLength chordLength: Double) -> Double {
        let half = min(max(chordLength, 0), 2) / 2
        return 2 * Earth.meanRadiusMeters * asin(half)
    }
}
