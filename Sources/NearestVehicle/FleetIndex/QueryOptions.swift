/// How a query measures distances (always in metres: ``NearbyVehicle/distanceMeters``).
public struct QueryOptions: Hashable, Sendable {
    /// The distance model that ranks and filters results.
    public enum DistanceModel: Hashable, Sendable {
        /// Haversine on the sphere of R = 6 371 008.8 m (``Geo/Coordinate/distance(to:)``): fast; differs from
        /// WGS84 by -0.45 % .. +0.56 %.
        case sphere
        /// The WGS84 ellipsoidal geodesic (PROJ `geod_inverse`, ~15 nm accurate): ranks exactly as a brute-force
        /// ellipsoidal scan, about 10-30 µs more per query (see ``FleetIndex`` "Exact mode").
        case wgs84
    }

    /// Default ``DistanceModel/sphere``.
    public var model: DistanceModel
    /// Whether to compute ``NearbyVehicles/excluded`` (costs one extra tree pass for `nearest`).
    public var countsExclusions: Bool

    public init(model: DistanceModel = .sphere, countsExclusions: Bool = true) {
        self.model = model
        self.countsExclusions = countsExclusions
    }
}
