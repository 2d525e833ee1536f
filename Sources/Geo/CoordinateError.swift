/// Why a latitude/longitude pair was rejected.
///
/// A public struct over a private enum so that new reasons can be added without breaking callers;
/// match with the static members (`error == .latitudeOutOfRange`) or read ``description``.
public struct CoordinateError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case notFinite
        case latitudeOutOfRange
        case longitudeOutOfRange
    }

    private let reason: Reason
    /// The rejected latitude, in degrees, as given.
    public let latitude: Double
    /// The rejected longitude, in degrees, as given.
    public let longitude: Double

    private init(_ reason: Reason, latitude: Double, longitude: Double) {
        self.reason = reason
        self.latitude = latitude
        self.longitude = longitude
    }

    static func notFinite(latitude: Double, longitude: Double) -> Self {
        Self(.notFinite, latitude: latitude, longitude: longitude)
    }

    static func latitudeOutOfRange(latitude: Double, longitude: Double) -> Self {
        Self(.latitudeOutOfRange, latitude: latitude, longitude: longitude)
    }

    static func longitudeOutOfRange(latitude: Double, longitude: Double) -> Self {
        Self(.longitudeOutOfRange, latitude: latitude, longitude: longitude)
    }

    /// A latitude or longitude was NaN or infinite.
    public static let notFinite = Self(.notFinite, latitude: .nan, longitude: .nan)
    /// The latitude was outside [-90, 90] degrees.
    public static let latitudeOutOfRange = Self(.latitudeOutOfRange, latitude: .nan, longitude: .nan)
    /// The longitude was outside [-180, 180] degrees.
    public static let longitudeOutOfRange = Self(.longitudeOutOfRange, latitude: .nan, longitude: .nan)

    /// Errors are equal when their reason is equal, whatever the values, so that
    /// `#expect(throws: CoordinateError.latitudeOutOfRange)` matches any such error.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.reason == rhs.reason }
    public func hash(into hasher: inout Hasher) { hasher.combine(reason) }

    public var description: String {
        switch reason {
        case .notFinite:
            "invalid coordinate (\(latitude), \(longitude)): latitude and longitude must be finite numbers"
        case .latitudeOutOfRange:
            "invalid latitude \(latitude): must be within [-90, 90] degrees (got coordinate \(latitude), \(longitude))"
        case .longitudeOutOfRange:
            "invalid longitude \(longitude): must be within [-180, 180] degrees (got coordinate \(latitude), \(longitude))"
        }
    }
}
