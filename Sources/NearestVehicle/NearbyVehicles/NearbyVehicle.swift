import Foundation

/// One query result: a vehicle, how far it is, and how old its position is.
public struct NearbyVehicle: Hashable, Sendable {
    public let vehicle: VehiclePosition
    /// Distance from the query point in metres, in the query's model (haversine for the sphere, geodesic for
    /// WGS84); the value results are ranked by.
    public let distanceMeters: Double
    /// `filter.now - vehicle.timestamp`, in seconds (negative for a timestamp after `now`).
    public let positionAge: TimeInterval

    public init(vehicle: VehiclePosition, distanceMeters: Double, positionAge: TimeInterval) {
        self.vehicle = vehicle
        self.distanceMeters = distanceMeters
        self.positionAge = positionAge
    }
}
