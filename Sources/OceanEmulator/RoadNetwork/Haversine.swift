import Geo

/// Crow-flies distance for the emulator: `Geo`'s haversine (R = ``Geo/Earth/meanRadiusMeters`` = 6 371 008.8 m)
/// applied by brute force, never through the core's spatial index, so the emulator's VOL_OISEAU answer is an
/// independent second opinion on the core's search.
enum Haversine {
    static let earthRadiusMeters = Earth.meanRadiusMeters

    /// Great-circle distance in metres between two points in WGS84 degrees; +infinity if either point is invalid
    /// (NaN, out of range), so an invalid position is never "near".
    static func distanceMeters(
        latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double
    ) -> Double {
        guard let a = try? Coordinate(latitude: latitude1, longitude: longitude1),
              let b = try? Coordinate(latitude: latitude2, longitude: longitude2)
        else { return .infinity }
        return a.distance(to: b)
    }
}
