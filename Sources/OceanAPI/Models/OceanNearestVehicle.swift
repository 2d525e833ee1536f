import Foundation
import Geo

/// One nearestVehicles answer.
public struct OceanNearestVehicle: Sendable, Hashable {
    public var vehicleId: Int64?
    public var description: String?
    /// Vehicle position, WGS84 degrees (`address.latitude/longitude`).
    public var latitude: Double?
    public var longitude: Double?
    /// Distance to the search point (`distance`), crow-flies or by road.
    public var distance: Double?
    /// Travel time by road (`duration`), PAR_ROUTE only.
    public var duration: Duration?
    public var eta: Date?
    public var state: VehicleState?
    /// Time of the position fix (`gmtPos`).
    public var positionTime: Date?
    public var driver: VehicleDriver?
    public var groupId: Int64?
    public var town: String?
    public var address: String?
    public var privacyEnabled: Bool?

    /// A nearestVehicles answer as Ocean describes one (e.g. for fakes and tests); every field is optional, as on
    /// the wire. Nothing is validated: ``coordinate`` is nil for an invalid position.
    /// - Parameters:
    ///   - latitude: WGS84 degrees, -90...90.
    ///   - longitude: WGS84 degrees, -180...180.
    ///   - distance: to the search point, metres (crow-flies, or by road for PAR_ROUTE).
    ///   - duration: travel time by road, PAR_ROUTE only.
    public init(
        vehicleId: Int64? = nil, description: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        distance: Double? = nil, duration: Duration? = nil, eta: Date? = nil, state: VehicleState? = nil,
        positionTime: Date? = nil, driver: VehicleDriver? = nil, groupId: Int64? = nil, town: String? = nil,
        address: String? = nil, privacyEnabled: Bool? = nil
    ) {
        self.vehicleId = vehicleId
        self.description = description
        self.latitude = latitude
        self.longitude = longitude
        self.distance = distance
        self.duration = duration
        self.eta = eta
        self.state = state
        self.positionTime = positionTime
        self.driver = driver
        self.groupId = groupId
        self.town = town
        self.address = address
        self.privacyEnabled = privacyEnabled
    }

    /// The vehicle position as a validated coordinate; nil if absent or invalid.
    public var coordinate: Coordinate? {
        guard let latitude, let longitude else { return nil }
        return try? Coordinate(latitude: latitude, longitude: longitude)
    }
}
