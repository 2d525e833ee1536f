import Foundation
import Geo

/// An organisational unit of a customer (`entities[]`: `id`, `nom`).
public struct OceanEntity: Sendable, Hashable {
    public var id: Int64
    public var name: String
}

/// A driver (`chauffeur` / `driver.individu` / position `driver`).
public struct OceanDriver: Sendable, Hashable {
    public var id: Int64?
    public var firstName: String?
    public var lastName: String?
    /// Employee number (`matriculeInd` / `matricule`).
    public var employeeNumber: String?
    public var phone: String?
}

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

/// A vehicle with its last known position (`GET /restapi/mobility/v1/vehiclePositions`).
public struct OceanVehiclePosition: Sendable, Hashable {
    /// Ocean sends this id as a string.
    public var vehicleId: String?
    public var registration: String?
    public var description: String?
    public var entityName: String?
    public var make: String?
    public var model: String?
    /// nil when Ocean sends no position (e.g. privacy mode).
    public var position: Position?

    public struct Position: Sendable, Hashable {
        /// WGS84 degrees (`latitudeY`, `longitudeX`); nil if absent.
        public var latitude: Double?
        public var longitude: Double?
        /// Heading, degrees (`cap`).
        public var heading: Double?
        public var state: MobileState?
        /// `date` and `heure` as sent.
        public var dateText: String?
        public var timeText: String?
        /// `date` + `heure` parsed as UTC when they are `dd/MM/yyyy` (or `yyyy-MM-dd`) and `HH:mm:ss`; nil otherwise.
        public var timestamp: Date?
        public var driver: OceanDriver?
        public var town: String?
        public var address: String?

        /// The position as a validated coordinate; nil if absent or invalid.
        public var coordinate: Coordinate? {
            guard let latitude, let longitude else { return nil }
            return try? Coordinate(latitude: latitude, longitude: longitude)
        }
    }
}

/// How nearestVehicles measures distance (`computeMode`).
public enum ComputeMode: String, Sendable, Hashable {
    /// As the crow flies (`VOL_OISEAU`).
    case crowFlies = "VOL_OISEAU"
    /// By road, shortest time (`PAR_ROUTE`); Ocean returns at most 10 results.
    case byRoad = "PAR_ROUTE"
}

/// A nearestVehicles question.
public struct NearestVehiclesQuery: Sendable, Hashable {
    /// Search point (validated WGS84 degrees).
    public var point: Coordinate
    public var mode: ComputeMode
    /// Search radius in ``radiusUnit`` (Ocean takes an integer); nil = no radius.
    public var radius: Int32?
    /// Unit name as Ocean takes it (e.g. "KM", "M").
    public var radiusUnit: String?
    /// Number of results; 1...10 for ``ComputeMode/byRoad``.
    public var resultsLimit: Int32?

    public init(
        point: Coordinate, mode: ComputeMode = .crowFlies, radius: Int32? = nil, radiusUnit: String? = "KM",
        resultsLimit: Int32? = nil
    ) {
        self.point = point
        self.mode = mode
        self.radius = radius
        self.radiusUnit = radiusUnit
        self.resultsLimit = resultsLimit
    }

    /// - Throws: `CoordinateError` for NaN, infinite or out-of-range degrees (checked here, before any request).
    public init(
        latitude: Double, longitude: Double, mode: ComputeMode = .crowFlies, radius: Int32? = nil,
        radiusUnit: String? = "KM", resultsLimit: Int32? = nil
    ) throws(CoordinateError) {
        self.init(
            point: try Coordinate(latitude: latitude, longitude: longitude), mode: mode, radius: radius,
            radiusUnit: radiusUnit, resultsLimit: resultsLimit
        )
    }
}

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
    public var state: MobileState?
    /// Time of the position fix (`gmtPos`).
    public var positionTime: Date?
    public var driver: OceanDriver?
    public var groupId: Int64?
    public var town: String?
    public var address: String?
    public var privacyEnabled: Bool?

    /// The vehicle position as a validated coordinate; nil if absent or invalid.
    public var coordinate: Coordinate? {
        guard let latitude, let longitude else { return nil }
        return try? Coordinate(latitude: latitude, longitude: longitude)
    }
}
