import ArgumentParser
import Foundation
import NearestVehicle
import NearestVehicleOcean
import OceanAPI

/// `nearest query --mode road`: by-road distances from Ocean (PAR_ROUTE) through `NearestVehicleService`, the
/// fleet source serving as the local index (crow-flies fallback, entities of the remote's vehicles).
struct RoadQuery {
    let command: QueryCommand
    let fleet: LoadedFleet

    /// The customer: `--customer`, else `OCEAN_CUSTOMER_ID`, else the fleet's only customer.
    func customerId(_ configuration: OceanClientConfiguration) throws -> String {
        if let customer = command.source.customers.first { return customer }
        if let customer = configuration.customerId { return String(customer) }
        if fleet.allCustomers.count == 1 { return fleet.allCustomers[0] }
        throw ValidationError("--mode road needs --customer ID (or OCEAN_CUSTOMER_ID)")
    }

    func run() async throws -> String {
        let (client, configuration) = try command.source.oceanClient()
        // Ocean's answer is live: ages are measured at --now, else the wall clock (not the bundled sample fleet's
        // reference date, which would make every live fix look like it comes from the future).
        let now = try command.source.referenceTime() ?? Date()
        let service = NearestVehicleService(index: fleet.index, client: client, now: { now })
        let filter = try command.filters.filter(customerId: try customerId(configuration), now: now)
        let request: NearestVehiclesRequest
        do {
            request = try NearestVehiclesRequest(
                customerId: filter.customerId, latitude: command.at.latitude, longitude: command.at.longitude,
                radius: command.radius, radiusUnit: command.unit, resultsLimit: command.k, mode: .byRoad,
                fallback: command.fallback == .crow ? .crowFlies : .fail,
                fill: command.fill == .crow ? .crowFlies : .leaveShort, entityIds: filter.entityIds,
                groupIds: filter.groupIds, states: filter.states, maxPositionAge: filter.maxPositionAge,
                includesPrivacyMode: filter.includesPrivacyMode, exactWGS84: command.exact)
        } catch {
            throw ValidationError("\(error)")
        }
        let response: NearestVehiclesResponse
        do {
            response = try await service.nearestVehicles(request)
        } catch {
            throw CLIError("by road: \(error)")
        }
        if let degradation = response.degradation { warn("\(degradation)") }
        let rendering = RoadRendering(command: command, request: request, response: response, fleet: fleet)
        // The table says it in its notes; CSV has columns for it but none when no row is left: say it here too.
        if command.format == .csv, let note = rendering.completenessNote { warn(note) }
        return try rendering.render(command.format)
    }
}
