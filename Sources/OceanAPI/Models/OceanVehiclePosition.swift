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

    /// A vehicle and its position as Ocean describes them (e.g. for fakes and tests); every field is optional, as on
    /// the wire.
    /// - Parameter position: nil for a vehicle Ocean does not locate (privacy mode).
    public init(
        vehicleId: String? = nil, registration: String? = nil, description: String? = nil, entityName: String? = nil,
        make: String? = nil, model: String? = nil, position: Position? = nil
    ) {
        self.vehicleId = vehicleId
        self.registration = registration
        self.description = description
        self.entityName = entityName
        self.make = make
        self.model = model
        self.position = position
    }

    /// The last known position of an ``OceanVehiclePosition``.
    public struct Position: Sendable, Hashable {
        /// WGS84 degrees (`latitudeY`, `longitudeX`); nil if absent.
        public var latitude: Double?
        public var longitude: Double?
        /// Heading, degrees (`cap`).
        public var heading: Double?
        public var state: VehicleState?
        /// `date` and `heure` as sent.
        public var dateText: String?
        public var timeText: String?
        /// `date` + `heure` parsed as UTC when they are `dd/MM/yyyy` (or `yyyy-MM-dd`) and `HH:mm:ss`; nil otherwise.
        public var timestamp: Date?
        public var driver: VehicleDriver?
        public var town: String?
        public var address: String?

        /// A position as Ocean describes one; every field is optional, as on the wire. Nothing is validated:
        /// ``coordinate`` is nil for an invalid position, and `timestamp` is not derived from the texts (the client
        /// parses it when decoding).
        /// - Parameters:
        ///   - latitude: WGS84 degrees, -90...90.
        ///   - longitude: WGS84 degrees, -180...180.
        ///   - heading: degrees.
        ///   - dateText: `date` as sent, e.g. `27/11/2026`.
        ///   - timeText: `heure` as sent, e.g. `03:07:12` (UTC).
        public init(
            latitude: Double? = nil, longitude: Double? = nil, heading: Double? = nil, state: VehicleState? = nil,
            dateText: String? = nil, timeText: String? = nil, timestamp: Date? = nil, driver: VehicleDriver? = nil,
            town: String? = nil, address: String? = nil
        ) {
            self.latitude = latitude
            self.longitude = longitude
            self.heading = heading
            self.state = state
            self.dateText = dateText
            self.timeText = timeText
            self.timestamp = timestamp
            self.driver = driver
            self.town = town
            self.address = address
        }

        /// The position as a validated coordinate; nil if absent or invalid.
        public var coordinate: Coordinate? {
            guard let latitude, let longitude else { return nil }
            return try? Coordinate(latitude: latitude, longitude: longitude)
        }
    }
}
