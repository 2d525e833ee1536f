import Foundation
import Geo

/// A vehicle with its last known position (`GET /restapi/mobility/v1/vehiclePositions`).
public struct OceanVehiclePosition: Sendable, Hashable {
    /// Ocean sends this id as a string.
    public var vehicleId: String?
    public var registration: String?
    public var description: String?
    public var entityName: String?
    public var make: String?
    public var model: String?
    /// nil when Ocean sends no position (e.g. privacy mode).
    public var position: Position?

    public struct Position: Sendable, Hashable {
        /// WGS84 degrees (`latitudeY`, `longitudeX`); nil if absent.
        public var latitude: Double?
        public var longitude: Double?
        /// Heading, degrees (`cap`).
        public var heading: Double?
        public var state: MobileState?
        /// `date` and `heure` as sent.
        public var dateText: String?
        public var timeText: String?
        /// `date` + `heure` parsed as UTC when they are `dd/MM/yyyy` (or `yyyy-MM-dd`) and `HH:mm:ss`; nil otherwise.
        public var timestamp: Date?
        public var driver: OceanDriver?
        public var town: String?
        public var address: String?

        /// The position as a validated coordinate; nil if absent or invalid.
        public var coordinate: Coordinate? {
            guard let latitude, let longitude else { return nil }
            return try? Coordinate(latitude: latitude, longitude: longitude)
        }
    }
}
