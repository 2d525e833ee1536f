import ArgumentParser
import FleetDispatch
import FleetFile
import Foundation
import Geo
import NearestVehicle
import NearestVehicleOcean
import OceanAPI

/// `nearest dispatch --mode road`: each incident's candidates from Ocean PAR_ROUTE (its 10 best by travel time,
/// the filters applied, through `NearestVehicleService` as `query --mode road` asks), then the exact assignment
/// over those lists (``CandidateListDispatcher``). The fleet source is the local index: vehicle positions Ocean
/// leaves out, and the crow-flies bound on vehicles beyond a list.
struct RoadDispatch {
    let command: DispatchCommand
    let fleet: LoadedFleet
    /// Ocean calls in flight at once.
    static let parallelCalls = 4

    /// The customer: `--customer`, else `OCEAN_CUSTOMER_ID`, else the fleet's only customer.
    func customerId(_ configuration: OceanClientConfiguration) throws -> String {
        if let customer = command.source.customers.first { return customer }
        if let customer = configuration.customerId { return String(customer) }
        if fleet.allCustomers.count == 1 { return fleet.allCustomers[0] }
        throw ValidationError("--mode road needs --customer ID (or OCEAN_CUSTOMER_ID)")
    }

    func plan(_ incidents: [Incident]) async throws -> DispatchPlan {
        let (client, configuration) = try command.source.oceanClient()
        let now = try command.source.referenceTime() ?? Date()
        let service = NearestVehicleService(index: fleet.index, client: client, now: { now })
        let filter = try command.filters.filter(customerId: try customerId(configuration), now: now)
        let objective: DispatchPlan.Objective = command.roadCost == .duration ? .roadDuration : .roadDistance
        var lists = [IncidentCandidates?](repeating: nil, count: incidents.count)
        var unlocated = 0
        try await withThrowingTaskGroup(of: (Int, IncidentCandidates, Int).self) { group in
            var next = 0
            func start() {
                let index = next, incident = incidents[index]
                next += 1
                group.addTask {
                    let (list, skipped) = try await Self.candidates(
                        for: incident, service: service, filter: filter, index: fleet.index, objective: objective)
                    return (index, list, skipped)
                }
            }
            while next < Swift.min(Self.parallelCalls, incidents.count) { start() }
            while let (index, list, skipped) = try await group.next() {
                lists[index] = list
                unlocated += skipped
                if next < incidents.count { start() }
            }
        }
        if unlocated > 0 {
            warn("\(unlocated) by-road candidate\(unlocated == 1 ? "" : "s") without a position (from Ocean or the "
                + "fleet source) left out")
        }
        do {
            return try CandidateListDispatcher(objective: objective).plan(incidents, candidates: lists.map { $0! })
        } catch {
            throw CLIError("dispatch: \(error)")
        }
    }

    /// One incident's candidates: Ocean's eligible vehicles (at most 10) and, when Ocean may know more, the least
    /// cost any other eligible vehicle can have. By travel time that is Ocean's last answer's (it ranks by it); by
    /// road distance, the crow-flies distance to the nearest eligible vehicle of the fleet source not in the list
    /// (no road is shorter; Ocean ranks by time, so its last distance bounds nothing), or 0 when the fleet source
    /// has none (Ocean may know vehicles it does not).
    static func candidates(
        for incident: Incident, service: NearestVehicleService, filter: VehicleFilter, index: FleetIndex,
        objective: DispatchPlan.Objective
    ) async throws -> (IncidentCandidates, skipped: Int) {
        let request: NearestVehiclesRequest
        do {
            request = try NearestVehiclesRequest(
                customerId: filter.customerId, latitude: incident.point.latitude,
                longitude: incident.point.longitude, resultsLimit: NearestVehiclesRequest.maximumByRoadResults,
                mode: .byRoad, fallback: .fail, fill: .leaveShort, entityIds: filter.entityIds,
                groupIds: filter.groupIds, states: filter.states, maxPositionAge: filter.maxPositionAge,
                includesPrivacyMode: filter.includesPrivacyMode)
        } catch {
            throw ValidationError("\(error)")
        }
        let response: NearestVehiclesResponse
        do {
            response = try await service.nearestVehicles(request)
        } catch {
            throw CLIError("by road, incident \(TerminalText.quoted(incident.id)): \(error)")
        }
        var vehicles: [IncidentCandidates.Candidate] = []
        var skipped = 0
        for result in response.vehicles {
            guard let coordinate = result.coordinate ?? index.position(forID: result.vehicleId)?.coordinate else {
                skipped += 1
                continue
            }
            vehicles.append(.init(id: result.vehicleId, coordinate: coordinate, distanceMeters: result.distanceMeters,
                                  durationSeconds: result.duration.map(Self.seconds)))
        }
        let bound: Double?
        switch response.completeness {
        case .remoteExhausted, .exact:
            bound = nil
        case .limitReached, .incomplete:
            if objective == .roadDuration {
                // Ocean ranks by travel time: nobody it left out is faster than its last answer (eligible or not).
                bound = response.missing?.travelTimeAtLeast.map(Self.seconds)
                    ?? response.vehicles.last?.duration.map(Self.seconds) ?? 0
            } else {
                bound = try geodesicBound(from: incident.point, skipping: Set(response.vehicles.map(\.vehicleId)),
                                          index: index, filter: filter)
            }
        }
        return (IncidentCandidates(vehicles: vehicles, othersCostAtLeast: bound), skipped)
    }

    /// The least crow-flies distance to a vehicle `filter` admits that is not in `skipping`, less 1 µm (the
    /// index's rounding); 0 when none. Crow flies both ways, WGS84 geodesic and haversine on R = 6 371 008.8 m,
    /// whichever is less: no road on the ellipsoid is shorter than the geodesic, and the emulator measures its
    /// roads on the sphere.
    static func geodesicBound(from point: Coordinate, skipping: Set<String>, index: FleetIndex,
                              filter: VehicleFilter) throws -> Double {
        var least = Double.infinity
        for model in [QueryOptions.DistanceModel.wgs84, .sphere] {
            let found: NearbyVehicles
            do {
                found = try index.nearest(skipping.count + 1, to: point, filter: filter,
                                          options: QueryOptions(model: model, countsExclusions: false))
            } catch {
                throw CLIError("dispatch: \(error)")
            }
            guard let first = found.vehicles.first(where: { !skipping.contains($0.vehicle.id) }) else { return 0 }
            least = Swift.min(least, first.distanceMeters)
        }
        return Swift.max(0, least - 1e-6)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
