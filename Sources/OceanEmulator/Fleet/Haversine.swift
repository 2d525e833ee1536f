import Foundation

/// Crow-flies distance for the emulator. Deliberately its own few lines (not the core's index or `Geo`), so that the
/// emulator's VOL_OISEAU answer is an independent second opinion on the core's.
enum Haversine {
    /// IUGG mean Earth radius, metres.
    static let earthRadiusMeters = 6_371_008.8

    /// Great-circle distance in metres between two points given in WGS84 degrees (sphere of R = 6 371 008.8 m).
    static func distanceMeters(
        latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double
    ) -> Double {
        let phi1 = latitude1 * .pi / 180
        let phi2 = latitude2 * .pi / 180
        let dPhi = phi2 - phi1
        let dLambda = (longitude2 - longitude1) * .pi / 180
        let s1 = sin(dPhi / 2)
        let s2 = sin(dLambda / 2)
        let h = min(1, s1 * s1 + cos(phi1) * cos(phi2) * s2 * s2)
        return 2 * earthRadiusMeters * asin(h.squareRoot())
    }
}
