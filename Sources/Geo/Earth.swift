/// Constants of the spherical Earth model used for crow-flies distances.
///
/// Crow-flies ("VOL_OISEAU") distances are great-circle distances on a sphere of radius
/// ``meanRadiusMeters``. Against the WGS84 ellipsoid the sphere is between 0.45 % short (near the poles)
/// and 0.56 % long (north-south near the equator); use the exact mode of the core library
/// (PROJ's ellipsoidal geodesic) when that matters.
public enum Earth {
    /// The IUGG mean Earth radius R1 = (2a + b) / 3 of WGS84, in metres: 6 371 008.8 m.
    public static let meanRadiusMeters: Double = 6_371_008.8

    /// Half the circumference of the model sphere (the largest possible crow-flies distance), in metres.
    public static let maximumDistanceMeters: Double = Double.pi * meanRadiusMeters
}
