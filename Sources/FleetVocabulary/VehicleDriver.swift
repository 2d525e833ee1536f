/// The driver identified in a vehicle, as Ocean describes one (`chauffeur` / `driver.individu` / position `driver`).
/// Every field is optional, as on the wire.
public struct VehicleDriver: Hashable, Sendable {
    /// Ocean's driver id (an int64 on the wire) as a decimal string, like vehicle ids.
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
