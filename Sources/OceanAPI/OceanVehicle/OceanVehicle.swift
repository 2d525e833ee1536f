import Foundation

/// A vehicle's master data (`GET /restapi/vehicule_engin/vehicles`).
public struct OceanVehicle: Sendable, Hashable {
    public var id: Int64?
    /// Licence plate (`immatriculation`).
    public var registration: String?
    public var make: String?
    public var model: String?
    public var description: String?
    public var category: String?
    public var entity: OceanEntity?
    public var driver: OceanDriver?
    /// Odometer at the end of the previous day, as Ocean reports it (`releve.value`).
    public var odometer: Double?
    public var privacyEnabled: Bool?
    /// Device serial number (`boitier.numeroSerieBoi`).
    public var deviceSerialNumber: String?
}
