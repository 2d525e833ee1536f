import Foundation
import Geo
import NearestVehicle

/// One vehicle of a by-road answer, as a ``RoadNearestProvider`` reports it. Only the id and the road distance
/// are required; a provider whose remote omits them reports ``RoadProviderError/invalidResponse``.
public struct RoadNearestVehicle: Hashable, Sendable {
    public var vehicleId: String
    /// Road distance from the vehicle to the search point, metres.
    public var distanceMeters: Double
    /// Travel time by road.
    public var duration: Duration?
    /// Estimated arrival time at the search point.
    public var eta: Date?
    /// The vehicle's position (WGS84 degrees).
    public var coordinate: Coordinate?
    /// Time of the position fix.
    public var positionTime: Date?
    public var state: VehicleState?
    public var groupId: String?
    public var isPrivacyMode: Bool?
    public var details: VehicleDetails

    public init(
        vehicleId: String, distanceMeters: Double, duration: Duration? = nil, eta: Date? = nil,
        coordinate: Coordinate? = nil, positionTime: Date? = nil, state: VehicleState? = nil, groupId: String? = nil,
        isPrivacyMode: Bool? = nil, details: VehicleDetails = VehicleDetails()
    ) {
        self.vehicleId = vehicleId
        self.distanceMeters = distanceMeters
        self.duration = duration
        self.eta = eta
        self.coordinate = coordinate
        self.positionTime = positionTime
        self.state = state
        self.groupId = groupId
        self.isPrivacyMode = isPrivacyMode
        self.details = details
    }
}
