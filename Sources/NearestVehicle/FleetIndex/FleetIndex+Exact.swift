import Geo
import Proj

extension FleetIndex {
    /// The exact (WGS84) mode's bounds; derivation in ``FleetIndex`` ("Exact mode").
    ///
    /// The engine's only use of `Proj`: ``geodesic(_:_:)`` calls `Geodesic.wgs84` (PROJ's `geod_init` /
    /// `geod_inverse`, GeographicLib's algorithm), pure arithmetic that opens no PROJ context and never reads
    /// PROJ's database (proj.db). Units, CRSs and the database stay at the service and CLI boundary; checked by
    /// `NoProjDatabaseTests` (both models, with and without a radius, in a process whose proj.db is hidden).
    enum Exact {
        /// WGS84 semi-major axis a (m) and flattening f.
        static let a = 6_378_137.0
        static let f = 1 / 298.257223563
        /// Smallest radius of curvature, the meridional radius at the equator: a (1 − e²) = 6 335 439.327 m.
        static let smallestRadiusOfCurvature = a * (1 - f * (2 - f))
        /// Largest radius of curvature, at the poles: a² / b = a / (1 − f) = 6 399 593.626 m.
        static let largestRadiusOfCurvature = a / (1 - f)
        /// s / g <= λmax = R / (a (1 − e²)) ≈ 1.005614.
        static let sphereOverGeodesicMaximum = Earth.meanRadiusMeters / smallestRadiusOfCurvature
        /// s / g >= λmin = R / (a² / b) ≈ 0.995533.
        static let sphereOverGeodesicMinimum = Earth.meanRadiusMeters / largestRadiusOfCurvature

        /// A sphere (haversine) radius that contains every point within `geodesicMeters` on the ellipsoid:
        /// λmax · g, + 1e-9 relative and + 0.1 mm for rounding (haversine ~1e-15 relative, geodesic ~15 nm,
        /// 1 µm tie resolution).
        static func sphereBound(forGeodesic geodesicMeters: Double) -> Double {
            geodesicMeters * sphereOverGeodesicMaximum * (1 + 1e-9) + 1e-4
        }

        /// The distance of record in exact mode: `Geodesic.wgs84.distance(from: query, to: vehicle)`.
        @inline(__always)
        static func geodesic(_ query: Coordinate, _ vehicle: Coordinate) -> Double {
            Geodesic.wgs84.distance(from: query, to: vehicle)
        }
    }
}
