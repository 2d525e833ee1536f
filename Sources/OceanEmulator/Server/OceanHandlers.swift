import Foundation
import OceanAPIGenerated
import OpenAPIRuntime

/// The emulator's implementation of the generated `APIProtocol`.
struct OceanHandlers: APIProtocol {
    let data: EmulatorData
    let tokens: TokenStore
    let now: @Sendable () -> Date

    func authenticate2(_ input: Operations.authenticate2.Input) async throws -> Operations.authenticate2.Output {
        guard case .json(let credentials) = input.body,
              let user = data.users.first(where: { $0.login == credentials.login && $0.password == credentials.password })
        else {
            return .unauthorized(.init(body: .json(ErrorResponses.body(
                status: 401, message: "Bad credentials", path: "/restapi/auth/authenticate2"
            ))))
        }
        let token = await tokens.issue(for: user)
        return .ok(.init(body: .json(.init(
            additionalAccountData: .init(), passwordExpirationRemainingDays: 90, token: token
        ))))
    }

    func getEntities(_ input: Operations.getEntities.Input) async throws -> Operations.getEntities.Output {
        do {
            let customerId = try data.customer(for: EmulatorSession.current, requested: input.query.customerId)
            let entities = data.fleet.entities.filter { $0.customerId == customerId }.sorted { $0.id < $1.id }
            return .ok(.init(body: .json(.init(entities: entities.map { .init(id: $0.id, nom: $0.nom) }))))
        } catch let refusal as Refusal {
            return .refusal(refusal, path: "/restapi/mobility/v1/entities")
        }
    }

    func getVehicles(_ input: Operations.getVehicles.Input) async throws -> Operations.getVehicles.Output {
        do {
            let customerId = try data.customer(for: EmulatorSession.current, requested: input.query.customerId)
            var vehicles = data.vehicles(of: customerId)
            if let plate = input.query.immatriculation {
                vehicles = vehicles.filter { $0.immatriculation.caseInsensitiveCompare(plate) == .orderedSame }
                if vehicles.isEmpty { throw Refusal.notFound("No vehicle with registration \(EchoedInput.truncated(plate))") }
            }
            let fields = Set((input.query.includeFields ?? []).flatMap { $0.split(separator: ",").map(String.init) })
            return .ok(.init(body: .json(vehicles.map { Self.selecting(fields, from: vehicleData($0)) })))
        } catch let refusal as Refusal {
            return .refusal(refusal, path: "/restapi/vehicule_engin/vehicles")
        }
    }

    func getVehiclePositions(_ input: Operations.getVehiclePositions.Input) async throws -> Operations.getVehiclePositions.Output {
        do {
            let customerId = try data.customer(for: EmulatorSession.current, requested: input.query.customerId)
            let vehicles = data.vehicles(of: customerId).map(vehiclePosition)
            return .ok(.init(body: .json(.init(vehicles: vehicles))))
        } catch let refusal as Refusal {
            return .refusal(refusal, path: "/restapi/mobility/v1/vehiclePositions")
        }
    }

    // MARK: Shapes

    /// `includeFields` (Graph API style, top level only here): keeps the named top-level fields, drops the others;
    /// no field named means all fields.
    static func selecting(_ fields: Set<String>, from data: Components.Schemas.VehicleData) -> Components.Schemas.VehicleData {
        guard !fields.isEmpty else { return data }
        var data = data
        if !fields.contains("boitier") { data.boitier = nil }
        if !fields.contains("chauffeur") { data.chauffeur = nil }
        if !fields.contains("emissionCo2") { data.emissionCo2 = nil }
        if !fields.contains("entite") { data.entite = nil }
        if !fields.contains("releve") { data.releve = nil }
        if !fields.contains("releveAjuste") { data.releveAjuste = nil }
        if !fields.contains("vehicle") { data.vehicle = nil }
        if !fields.contains("visites") { data.visites = nil }
        return data
    }

    private func vehicleData(_ vehicle: EmulatedFleet.Vehicle) -> Components.Schemas.VehicleData {
        let entity = data.entitiesById[vehicle.entityId]
        let midnight = Calendar.utc.startOfDay(for: vehicle.gmtPos)
        return Components.Schemas.VehicleData(
            boitier: .init(
                id: vehicle.id + 900_000,
                idEtatBoitier: 1,
                imeiBoi: String(format: "35%013lld", vehicle.id),
                numeroSerieBoi: "BOX\(vehicle.id)",
                sn: "SN\(vehicle.id)"
            ),
            chauffeur: vehicle.driver.map {
                .init(gsm: $0.gsm, id: $0.id, matriculeInd: $0.matricule, nomInd: $0.nom, prenomInd: $0.prenom,
                      suppressionLogique: false)
            },
            emissionCo2: 120,
            entite: entity.map { .init(id: $0.id, nom: $0.nom, suppressionLogique: false) },
            releve: .init(dateReleve: midnight, id: vehicle.id, value: Double(10_000 + vehicle.id % 90_000)),
            vehicle: .init(
                categorie: "VL",
                description: vehicle.description,
                geolocalise: true,
                id: vehicle.id,
                immatriculation: vehicle.immatriculation,
                marque: vehicle.marque,
                modele: vehicle.modele,
                privacyEnabled: vehicle.privacyEnabled,
                suppressionLogique: false,
                typeMotorisation: "MONO"
            ),
            visites: []
        )
    }

    /// A vehicle with its last position; privacy-mode vehicles are listed without a position.
    private func vehiclePosition(_ vehicle: EmulatedFleet.Vehicle) -> Components.Schemas.VehiclePosition {
        let (date, time) = Calendar.utc.oceanDateAndTime(vehicle.gmtPos)
        let position: Components.Schemas.Position? = vehicle.privacyEnabled ? nil : .init(
            cap: vehicle.cap,
            date: date,
            driver: vehicle.driver.map { .init(matricule: $0.matricule, nom: $0.nom, prenom: $0.prenom, tel: $0.gsm) },
            etat: vehicle.etatMobile,
            fullAddress: .init(
                country: "France", town: EmulatorData.town(latitude: vehicle.latitude, longitude: vehicle.longitude)
            ),
            gpsCale: true,
            heure: time,
            latitudeY: vehicle.latitude,
            longitudeX: vehicle.longitude
        )
        return .init(
            description: vehicle.description,
            entityName: data.entitiesById[vehicle.entityId]?.nom,
            etatImmobilisation: "UNLOCKED",
            genre: "VL",
            geolocalise: !vehicle.privacyEnabled,
            id: String(vehicle.id),
            immat: vehicle.immatriculation,
            marque: vehicle.marque,
            modele: vehicle.modele,
            position: position
        )
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Position date and time as the emulator writes them: "dd/MM/yyyy" and "HH:mm:ss", UTC.
    func oceanDateAndTime(_ date: Date) -> (date: String, time: String) {
        let c = dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (
            String(format: "%02d/%02d/%04d", c.day ?? 0, c.month ?? 0, c.year ?? 0),
            String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        )
    }
}
