import Foundation

/// A driver (`chauffeur` / `driver.individu` / position `driver`).
public struct OceanDriver: Sendable, Hashable {
    public var id: Int64?
    public var firstName: String?
    public var lastName: String?
    /// Employee number (`matriculeInd` / `matricule`).
    public var employeeNumber: String?
    public var phone: String?
}
