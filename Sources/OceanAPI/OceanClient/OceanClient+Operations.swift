import OceanAPIGenerated

extension OceanClient {
    /// The customer's entities (`GET /restapi/mobility/v1/entities`).
    /// - Parameter customerId: defaults to the configuration's; required for multi-customer users.
    /// - Throws: ``OceanError``.
    public func entities(customerId: Int64? = nil) async throws -> [OceanEntity] {
        let customerId = customerId ?? configuration.customerId
        return try await perform("getEntities") { client in
            let output = try await client.getEntities(query: .init(customerId: customerId))
            if case .ok(let ok) = output { return .success((try ok.body.json.entities ?? []).map(OceanEntity.init)) }
            if case .tooManyRequests(let response) = output { return .rateLimited(response.headers.Retry_hyphen_After) }
            return .status(output)
        }
    }

    /// Vehicle master data (`GET /restapi/vehicule_engin/vehicles`).
    /// - Parameters:
    ///   - registration: only the vehicle with this plate (`immatriculation`); Ocean answers 404 if none.
    ///   - includeFields: Ocean's field selection, passed through.
    /// - Throws: ``OceanError``.
    public func vehicles(
        customerId: Int64? = nil, registration: String? = nil, includeFields: [String]? = nil
    ) async throws -> [OceanVehicle] {
        let customerId = customerId ?? configuration.customerId
        return try await perform("getVehicles") { client in
            let query = Operations.getVehicles.Input.Query(
                customerId: customerId, immatriculation: registration, includeFields: includeFields
            )
            let output = try await client.getVehicles(query: query)
            if case .ok(let ok) = output { return .success(try ok.body.json.map(OceanVehicle.init)) }
            if case .tooManyRequests(let response) = output { return .rateLimited(response.headers.Retry_hyphen_After) }
            return .status(output)
        }
    }

    /// Every vehicle the user may see, with its last position (`GET /restapi/mobility/v1/vehiclePositions`).
    /// - Throws: ``OceanError``.
    public func vehiclePositions(customerId: Int64? = nil) async throws -> [OceanVehiclePosition] {
        let customerId = customerId ?? configuration.customerId
        return try await perform("getVehiclePositions") { client in
            let output = try await client.getVehiclePositions(query: .init(customerId: customerId))
            if case .ok(let ok) = output {
                return .success((try ok.body.json.vehicles ?? []).map(OceanVehiclePosition.init))
            }
            if case .tooManyRequests(let response) = output { return .rateLimited(response.headers.Retry_hyphen_After) }
            return .status(output)
        }
    }

    /// Nearest vehicles to a point (`POST /restapi/vehicule_engin/nearestVehicles`).
    ///
    /// A POST, but read-only: it is retried like the GETs (see ``RetryPolicy``).
    /// - Throws: ``OceanError`` (``OceanError/badRequest`` e.g. for resultsLimit outside 1...10 with PAR_ROUTE).
    public func nearestVehicles(_ query: NearestVehiclesQuery, customerId: Int64? = nil) async throws -> [OceanNearestVehicle] {
        let customerId = customerId ?? configuration.customerId
        return try await perform("nearestVehicles") { client in
            let output = try await client.nearestVehicles(
                query: .init(
                    customerId: customerId, radius: query.radius, latitude: query.point.latitude,
                    longitude: query.point.longitude, resultsLimit: query.resultsLimit
                ),
                body: .json(.init(computeMode: query.mode == .byRoad ? .PAR_ROUTE : .VOL_OISEAU, radiusUnit: query.radiusUnit))
            )
            switch output {
            case .ok(let ok): return .success(try ok.body.json.map(OceanNearestVehicle.init))
            case .created(let created): return .success(try created.body.json.map(OceanNearestVehicle.init))
            case .tooManyRequests(let response): return .rateLimited(response.headers.Retry_hyphen_After)
            default: return .status(output)
            }
        }
    }
}
