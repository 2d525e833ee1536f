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
    public var driver: VehicleDriver?
    /// Odometer at the end of the previous day, as Ocean reports it (`releve.value`).
    public var odometer: Double?
    public var privacyEnabled: Bool?
    /// Device serial number (`boitier.numeroSerieBoi`).
    public var deviceSerialNumber: String?

    /// A vehicle as Ocean describes one (e.g. for fakes and tests); every field is optional, as on the wire.
    /// - Parameter odometer: as Ocean reports it (`releve.value`), unit unspecified by Ocean.
    public init(
        id: Int64? = nil, registration: String? = nil, make: String? = nil, model: String? = nil,
        description: String? = nil, category: String? = nil, entity: OceanEntity? = nil, driver: VehicleDriver? = nil,
        odometer: Double? = nil, privacyEnabled: Bool? = nil, deviceSerialNumber: String? = nil
    ) {
        self.id = id
        self.registration = registration
        self.make = make
        self.model = model
        self.description = description
        self.category = category
        self.entity = entity
        self.driver = driver
        self.odometer = odometer
        self.privacyEnabled = privacyEnabled
        self.deviceSerialNumber = deviceSerialNumber
    }
}
