import Foundation
import OceanAPIGenerated

extension OceanHandlers {
    /// Speed of the off-road legs between a point and its nearest road node, km/h.
    static let accessSpeedKmh = 20.0

    /// VOL_OISEAU: brute-force haversine over the customer's fleet, sorted by (distance, id), radius inclusive.
    /// PAR_ROUTE: one Dijkstra (shortest time) to the query's nearest road node; a vehicle's cost is its access leg +
    /// road path + the query's access leg; sorted by (duration, distance, id), radius applies to the road distance.
    /// `distance` is in metres, `duration` in seconds; privacy-mode vehicles are never returned.
    func nearestVehicles(_ input: Operations.nearestVehicles.Input) async throws -> Operations.nearestVehicles.Output {
        let path = "/restapi/vehicule_engin/nearestVehicles"
        do {
            let customerId = try data.customer(for: EmulatorSession.current, requested: input.query.customerId)
            guard case .json(let body) = input.body else { throw Refusal.badRequest("JSON body required") }
            let query = input.query
            guard query.latitude.isFinite, (-90...90).contains(query.latitude) else {
                throw Refusal.badRequest("latitude must be in [-90, 90]")
            }
            guard query.longitude.isFinite, (-180...180).contains(query.longitude) else {
                throw Refusal.badRequest("longitude must be in [-180, 180]")
            }
            let unitName = (body.radiusUnit.flatMap { $0.isEmpty ? nil : $0 } ?? "km").lowercased()
            guard let metersPerUnit = OceanRadiusUnit.metersPerUnit[unitName] else {
                throw Refusal.badRequest("Unknown radiusUnit '\(EchoedInput.truncated(body.radiusUnit ?? ""))'")
            }
            var radiusMeters = Double.infinity
            if let radius = query.radius {
                guard radius >= 0 else { throw Refusal.badRequest("radius must be >= 0") }
                radiusMeters = Double(radius) * metersPerUnit
            }
            let vehicles = data.vehicles(of: customerId).filter { !$0.privacyEnabled }
            let now = self.now()
            let results: [Components.Schemas.NearestVehicle]
            switch body.computeMode {
            case .VOL_OISEAU:
                if let limit = query.resultsLimit, limit < 1 { throw Refusal.badRequest("resultsLimit must be >= 1") }
                let ranked = vehicles.map { vehicle in
                    (vehicle, Haversine.distanceMeters(
                        latitude1: query.latitude, longitude1: query.longitude,
                        latitude2: vehicle.latitude, longitude2: vehicle.longitude
                    ))
                }
                .filter { $0.1.isFinite && $0.1 <= radiusMeters } // an invalid stored position is never near
                .sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
                results = ranked.prefix(query.resultsLimit.map(Int.init) ?? Int.max).map {
                    nearestVehicle($0.0, distanceMeters: $0.1, durationSeconds: nil, now: now)
                }
            case .PAR_ROUTE:
                let limit = Int(query.resultsLimit ?? 10)
                guard (1...10).contains(limit) else {
                    throw Refusal.badRequest("resultsLimit must be between 1 and 10 for PAR_ROUTE")
                }
                results = route(vehicles, latitude: query.latitude, longitude: query.longitude, radiusMeters: radiusMeters)
                    .prefix(limit)
                    .map { nearestVehicle($0.vehicle, distanceMeters: $0.cost.distanceMeters, durationSeconds: $0.cost.durationSeconds, now: now) }
            }
            return .ok(.init(body: .json(results)))
        } catch let refusal as Refusal {
            return .refusal(refusal, path: path)
        }
    }

    /// Road costs from each vehicle to the point, sorted by (duration, distance, id); unreachable vehicles omitted.
    func route(
        _ vehicles: [EmulatedFleet.Vehicle], latitude: Double, longitude: Double, radiusMeters: Double
    ) -> [(vehicle: EmulatedFleet.Vehicle, cost: RouteCost)] {
        guard let target = data.network.nearestNode(latitude: latitude, longitude: longitude) else { return [] }
        let costs = data.network.fastestRoutes(to: target.index)
        let accessMetersPerSecond = Self.accessSpeedKmh / 3.6
        var ranked: [(vehicle: EmulatedFleet.Vehicle, cost: RouteCost)] = []
        for vehicle in vehicles {
            guard let snap = data.snapByVehicleId[vehicle.id], let road = costs[snap.node] else { continue }
            let access = snap.distanceMeters + target.distanceMeters
            let cost = RouteCost(
                durationSeconds: road.durationSeconds + access / accessMetersPerSecond,
                distanceMeters: road.distanceMeters + access
            )
            if cost.distanceMeters.isFinite, cost.distanceMeters <= radiusMeters { ranked.append((vehicle, cost)) }
        }
        ranked.sort {
            ($0.cost.durationSeconds, $0.cost.distanceMeters, $0.vehicle.id)
                < ($1.cost.durationSeconds, $1.cost.distanceMeters, $1.vehicle.id)
        }
        return ranked
    }

    private func nearestVehicle(
        _ vehicle: EmulatedFleet.Vehicle, distanceMeters: Double, durationSeconds: Double?, now: Date
    ) -> Components.Schemas.NearestVehicle {
        let town = EmulatorData.town(latitude: vehicle.latitude, longitude: vehicle.longitude)
        return Components.Schemas.NearestVehicle(
            address: .init(
                address: town, cap: vehicle.cap, countryCode: 250, gpsCalle: true,
                latitude: vehicle.latitude, longitude: vehicle.longitude, precision: 10, town: town
            ),
            distance: distanceMeters,
            driver: vehicle.driver.map {
                .init(
                    id: $0.id, identEnabled: true,
                    individu: .init(gsm: $0.gsm, id: $0.id, matriculeInd: $0.matricule, nomInd: $0.nom, prenomInd: $0.prenom),
                    relevant: true
                )
            },
            duration: durationSeconds,
            eta: durationSeconds.map { now.addingTimeInterval($0) },
            etatMobile: vehicle.etatMobile,
            gmtPos: vehicle.gmtPos,
            gpsCale: true,
            group: vehicle.groupId.map { .init(descriptionGrp: "Groupe \($0)", id: $0, suppressionLogique: false) },
            immobilisationState: "UNLOCKED",
            time: durationSeconds,
            vehicle: .init(
                categorie: "VL", description: vehicle.description, geolocalise: true, id: vehicle.id,
                privacyEnabled: vehicle.privacyEnabled, suppressionLogique: false, typeMotorisation: "MONO"
            )
        )
    }
}
