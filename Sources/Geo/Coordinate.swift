/// A validated WGS84 position in decimal degrees.
///
/// Latitude is in [-90, 90] and longitude in [-180, 180]; both ends of the longitude range are accepted and
/// denote the same meridian (distances treat +180 and -180 alike). Values are stored as given (no rounding,
/// no normalisation of -180 to +180, `-0.0` kept) so that what goes in comes back out.
///
/// Always labelled: `Coordinate(latitude: 48.8566, longitude: 2.3522)`, never a bare (lon, lat) pair.
public struct Coordinate: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Latitude in degrees, in [-90, 90], positive north.
    public let latitude: Double
    /// Longitude in degrees, in [-180, 180], positive east.
    public let longitude: Double

    /// Creates a coordinate from degrees, validating both values.
    ///
    /// - Parameters:
    ///   - latitude: Degrees north, in [-90, 90].
    ///   - longitude: Degrees east, in [-180, 180] (both ends allowed: the same meridian).
    /// - Throws: ``CoordinateError`` when a value is NaN or infinite, or out of its range. Never traps.
    public init(latitude: Double, longitude: Double) throws(CoordinateError) {
        guard latitude.isFinite, longitude.isFinite else {
            throw .notFinite(latitude: latitude, longitude: longitude)
        }
        guard (-90.0...90.0).contains(latitude) else {
            throw .latitudeOutOfRange(latitude: latitude, longitude: longitude)
        }
        guard (-180.0...180.0).contains(longitude) else {
            throw .longitudeOutOfRange(latitude: latitude, longitude: longitude)
        }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Decodes and validates: a document with latitude 91 fails to decode with the ``CoordinateError``'s message.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let latitude = try container.decode(Double.self, forKey: .latitude)
        let longitude = try container.decode(Double.self, forKey: .longitude)
        do {
            try self.init(latitude: latitude, longitude: longitude)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .latitude, in: container, debugDescription: error.description)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case latitude, longitude
    }

    public var description: String { "(\(latitude), \(longitude))" }
}
