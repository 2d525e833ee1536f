/// What a dispatcher reads about a vehicle besides its position: name, plate, driver. Every field is optional:
/// the local index does not hold them (supply a lookup to ``NearestVehicleService``), and Ocean's by-road answer
/// carries the name and driver but not the plate.
public struct VehicleDetails: Hashable, Sendable {
    /// The vehicle's display name (Ocean `description`).
    public var name: String?
    /// The registration plate (Ocean `immatriculation`).
    public var registration: String?
    /// The driver currently identified in the vehicle.
    public var driver: VehicleDriver?

    public init(name: String? = nil, registration: String? = nil, driver: VehicleDriver? = nil) {
        self.name = name
        self.registration = registration
        self.driver = driver
    }

    /// These details, with every missing field taken from `other` (self wins where both know).
    public func filling(from other: VehicleDetails?) -> VehicleDetails {
        guard let other else { return self }
        return VehicleDetails(
            name: name ?? other.name, registration: registration ?? other.registration, driver: driver ?? other.driver)
    }
}
