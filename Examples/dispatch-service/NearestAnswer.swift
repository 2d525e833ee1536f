import Foundation
import Hummingbird
import NearestVehicleOcean

/// The JSON of `GET /nearest`: Ocean's field names where Ocean has the field (`computeMode`, `distance`,
/// `duration` in seconds, `eta`, `gmtPos`, `etatMobile`, `description`, `immatriculation`), plus what our answer
/// adds: the requested mode, the degradation, metres next to the requested unit, and each figure's source.
struct NearestAnswer: ResponseEncodable, Decodable, Equatable {
    var requestedMode: String
    var computeMode: String
    var degraded: Bool
    var degradedReason: String?
    var unit: String
    var vehicles: [Vehicle]

    struct Vehicle: Codable, Equatable {
        var vehicleId: String
        var description: String?
        var immatriculation: String?
        var driver: Driver?
        var latitude: Double?
        var longitude: Double?
        /// In ``NearestAnswer/unit``.
        var distance: Double
        var distanceMeters: Double
        /// Seconds.
        var duration: Double?
        var eta: Date?
        var gmtPos: Date?
        var positionAgeSeconds: Double?
        var etatMobile: String?
        var groupId: String?
        var entityId: String?
        var distanceSource: String
        var durationSource: String?
        var positionSource: String
    }

    struct Driver: Codable, Equatable {
        var id: String?
        var firstName: String?
        var lastName: String?
        var employeeNumber: String?
        var phone: String?
    }

    init(_ response: NearestVehiclesResponse) {
        requestedMode = response.requestedMode.rawValue
        computeMode = response.mode.rawValue
        degraded = response.isDegraded
        degradedReason = response.degradation?.reason.description
        unit = response.unit.symbol
        vehicles = response.vehicles.map { result in
            Vehicle(
                vehicleId: result.vehicleId, description: result.details.name,
                immatriculation: result.details.registration,
                driver: result.details.driver.map {
                    Driver(id: $0.id, firstName: $0.firstName, lastName: $0.lastName,
                           employeeNumber: $0.employeeNumber, phone: $0.phone)
                },
                latitude: result.coordinate?.latitude, longitude: result.coordinate?.longitude,
                distance: result.distance, distanceMeters: result.distanceMeters,
                duration: result.duration.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 },
                eta: result.eta, gmtPos: result.positionTime, positionAgeSeconds: result.positionAge,
                etatMobile: result.state?.rawValue, groupId: result.groupId, entityId: result.entityId,
                distanceSource: result.distanceSource.rawValue, durationSource: result.durationSource?.rawValue,
                positionSource: result.positionSource.rawValue)
        }
    }
}
