/// What a dispatcher reads about a vehicle besides its position: name, plate, driver. Every field is optional:
/// the local index does not hold them (supply a lookup to ``NearestVehicleService``), and Ocean's by-road answer
/// carries the name and driver but not the plate.
public struct VehicleDetails: Hashable, Sendable {
    /// The vehicle's display name (Ocean `description`).
    public var name: String?
    /// The registration plate (Ocean `immatriculation`).
    public var registration: String?
    /// The driver currently identified in the vehicle.
    public var driver: Driver?

    public init(name: String? = nil, registration: String? = nil, driver: Driver? = nil) {
        self.name = name
        self.registration = registration
        self.driver = driver
    }

    /// A driver (Ocean `individu` / position `driver`).
    public struct Driver: Hashable, Sendable {
        public var id: String?
        public var firstName: String?
        public var lastName: String?
        /// Employee number (`matriculeInd` / `matricule`).
        public var employeeNumber: String?
        public var phone: String?

        public init(
            id: String? = nil, firstName: String? = nil, lastName: String? = nil, employeeNumber: String? = nil,
            phone: String? = nil
        ) {
            self.id = id
            self.firstName = firstName
            self.lastName = lastName
            self.employeeNumber = employeeNumber
            self.phone = phone
        }
    }

    /// These details, with every missing field taken from `other` (self wins where both know).
    public func filling(from other: VehicleDetails?) -> VehicleDetails {
        guard let other else { return self }
        return VehicleDetails(
            name: name ?? other.name, registration: registration ?? other.registration, driver: driver ?? other.driver)
    }
}
