import Foundation

/// A driver (`chauffeur` / `driver.individu` / position `driver`).
public struct OceanDriver: Sendable, Hashable {
    public var id: Int64?
    public var firstName: String?
    public var lastName: String?
    /// Employee number (`matriculeInd` / `matricule`).
    public var employeeNumber: String?
    public var phone: String?

    /// A driver as Ocean describes one; every field is optional, as on the wire.
    public init(
        id: Int64? = nil, firstName: String? = nil, lastName: String? = nil, employeeNumber: String? = nil,
        phone: String? = nil
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.employeeNumber = employeeNumber
        self.phone = phone
    }
}
