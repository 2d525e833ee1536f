import Foundation
import OceanAPIGenerated

// Mapping from the generated wire types (Components.Schemas.*) to the public models. Kept in one file so the
// public API never exposes generated types.

extension OceanEntity {
    init(_ entity: Components.Schemas.Entity) {
        self.init(id: entity.id ?? 0, name: entity.nom ?? "")
    }
}

extension VehicleDriver {
    init(_ individu: Components.Schemas.Individu) {
        self.init(
            id: individu.id.map(String.init), firstName: individu.prenomInd, lastName: individu.nomInd,
            employeeNumber: individu.matriculeInd, phone: individu.gsm
        )
    }

    init(_ driver: Components.Schemas.PositionDriver) {
        self.init(id: nil, firstName: driver.prenom, lastName: driver.nom, employeeNumber: driver.matricule, phone: driver.tel)
    }
}

extension OceanVehicle {
    init(_ data: Components.Schemas.VehicleData) {
        self.init(
            id: data.vehicle?.id,
            registration: data.vehicle?.immatriculation,
            make: data.vehicle?.marque,
            model: data.vehicle?.modele,
            description: data.vehicle?.description,
            category: data.vehicle?.categorie,
            entity: data.entite.map { OceanEntity(id: $0.id ?? 0, name: $0.nom ?? "") },
            driver: data.chauffeur.map(VehicleDriver.init),
            odometer: data.releve?.value,
            privacyEnabled: data.vehicle?.privacyEnabled,
            deviceSerialNumber: data.boitier?.numeroSerieBoi
        )
    }
}

extension OceanVehiclePosition {
    init(_ vehicle: Components.Schemas.VehiclePosition) {
        self.init(
            vehicleId: vehicle.id,
            registration: vehicle.immat,
            description: vehicle.description,
            entityName: vehicle.entityName,
            make: vehicle.marque,
            model: vehicle.modele,
            position: vehicle.position.map { position in
                Position(
                    latitude: position.latitudeY,
                    longitude: position.longitudeX,
                    heading: position.cap,
                    state: position.etat.map(VehicleState.init(rawValue:)),
                    dateText: position.date,
                    timeText: position.heure,
                    timestamp: Self.timestamp(date: position.date, time: position.heure),
                    driver: position.driver.map(VehicleDriver.init),
                    town: position.fullAddress?.town,
                    address: position.fullAddress?.address
                )
            }
        )
    }

    /// Parses `dd/MM/yyyy` or `yyyy-MM-dd` plus `HH:mm:ss` (UTC); a full ISO 8601 `date` alone also works.
    static func timestamp(date: String?, time: String?) -> Date? {
        guard let date else { return nil }
        if time == nil, let iso = try? OceanDateTranscoder().decode(date) { return iso }
        let dateParts = date.split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        guard dateParts.count == 3 else { return nil }
        let (year, month, day) = date.contains("/")
            ? (dateParts[2], dateParts[1], dateParts[0])
            : (dateParts[0], dateParts[1], dateParts[2])
        let timeParts = (time ?? "00:00:00").split(separator: ":").compactMap { Int($0) }
        guard timeParts.count >= 2 else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = timeParts[0]
        components.minute = timeParts[1]
        components.second = timeParts.count > 2 ? timeParts[2] : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}

extension OceanNearestVehicle {
    init(_ result: Components.Schemas.NearestVehicle) {
        self.init(
            vehicleId: result.vehicle?.id,
            description: result.vehicle?.description,
            latitude: result.address?.latitude,
            longitude: result.address?.longitude,
            distance: result.distance,
            duration: result.duration.map { .milliseconds(Int64(($0 * 1000).rounded())) },
            eta: result.eta,
            state: result.etatMobile.map(VehicleState.init(rawValue:)),
            positionTime: result.gmtPos,
            driver: result.driver?.individu.map(VehicleDriver.init),
            groupId: result.group?.id,
            town: result.address?.town,
            address: result.address?.address,
            privacyEnabled: result.vehicle?.privacyEnabled
        )
    }
}
