import CProj
import Geo

/// The inverse geodesic problem on the WGS84 ellipsoid: shortest distance and azimuths between two points.
///
/// Uses PROJ's port of GeographicLib (`geod_init` / `geod_inverse`, C. F. F. Karney, "Algorithms for
/// geodesics", 2013): accurate to about 15 nm for any pair of points, including nearly antipodal ones
/// (checked against GeographicLib's published test set in `GeodesicTests`). Pure computation on a value
/// type: `Sendable`, no PROJ context involved, about 1 µs per call.
public struct Geodesic: Sendable {
    private let ellipsoid: geod_geodesic

    /// The ellipsoid's equatorial radius, in metres.
    public var equatorialRadiusMeters: Double { ellipsoid.a }
    /// The ellipsoid's flattening.
    public var flattening: Double { ellipsoid.f }

    /// An ellipsoid of equatorial radius `a` metres and flattening `f` (0 for a sphere).
    public init(equatorialRadiusMeters a: Double, flattening f: Double) {
        var g = geod_geodesic()
        geod_init(&g, a, f)
        ellipsoid = g
    }

    /// WGS84: a = 6 378 137 m, f = 1 / 298.257223563.
    public static let wgs84 = Geodesic(equatorialRadiusMeters: 6_378_137, flattening: 1 / 298.257223563)

    /// The result of ``inverse(from:to:)``.
    public struct Inverse: Hashable, Sendable {
        /// Length of the shortest geodesic, in metres (>= 0).
        public let distanceMeters: Double
        /// Azimuth of the geodesic at the start point, in degrees clockwise from north, in [-180, 180].
        public let initialAzimuthDegrees: Double
        /// Azimuth of the geodesic at the end point (forward direction), in degrees, in [-180, 180].
        public let finalAzimuthDegrees: Double
    }

    /// Solves the inverse problem from `start` to `end`.
    /// - Complexity: O(1); about 1 µs (iterative for nearly antipodal points).
    public func inverse(from start: Coordinate, to end: Coordinate) -> Inverse {
        var distance = 0.0, azimuth1 = 0.0, azimuth2 = 0.0
        withUnsafePointer(to: ellipsoid) { g in
            geod_inverse(g, start.latitude, start.longitude, end.latitude, end.longitude,
                         &distance, &azimuth1, &azimuth2)
        }
        return Inverse(distanceMeters: distance, initialAzimuthDegrees: azimuth1, finalAzimuthDegrees: azimuth2)
    }

    /// Geodesic distance between two points, in metres. See ``inverse(from:to:)``.
    public func distance(from start: Coordinate, to end: Coordinate) -> Double {
        var distance = 0.0
        withUnsafePointer(to: ellipsoid) { g in
            geod_inverse(g, start.latitude, start.longitude, end.latitude, end.longitude, &distance, nil, nil)
        }
        return distance
    }
}
