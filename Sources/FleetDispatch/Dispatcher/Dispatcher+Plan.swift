import Geo
import NearestVehicle

extension Dispatcher {
    /// The optimal plan for `incidents` (see ``Dispatcher`` for what optimal means and why it is).
    ///
    /// - Parameter incidents: Distinct ids, 1...``maximumVehiclesPerIncident`` vehicles each, filters (if any) of
    ///   the dispatcher's customer. Empty: an empty plan.
    /// - Returns: One assignment per incident in input order; the incidents served short with why.
    /// - Throws: ``DispatchError`` for invalid input; nothing is assigned then.
    /// - Complexity: a few k-nearest queries per incident, and an assignment over the candidate lists, typically
    ///   near-linear in the number of needed vehicles.
    public func plan(_ incidents: [Incident]) throws(DispatchError) -> DispatchPlan {
        try Self.validate(incidents)
        for incident in incidents {
            if let own = incident.filter, !VehiclePosition.sameID(own.customerId, filter.customerId) {
                throw .otherCustomer(incident.id)
            }
        }
        // Ids byte for byte (ExactID): `Set<String>` would take a vehicle and its canonically equivalent twin as one.
        var used = Set<ExactID>()
        var results = [LevelResult?](repeating: nil, count: incidents.count)
        var rounds = 0, candidates = 0, denseLevels = 0
        for priority in Set(incidents.map(\.priority)).sorted() {
            let members = incidents.indices.filter { incidents[$0].priority == priority }
            var level = Level(dispatcher: self, incidents: members.map { incidents[$0] }, used: used)
            let solved = try level.solve()
            rounds = Swift.max(rounds, solved.rounds)
            candidates += solved.candidates
            if solved.dense { denseLevels += 1 }
            for (offset, result) in solved.results.enumerated() {
                results[members[offset]] = result
                for vehicle in result.vehicles { used.insert(ExactID(vehicle.id)) }
            }
        }
        var assignments: [DispatchPlan.Assignment] = []
        var unserved: [DispatchPlan.Unserved] = []
        var total = 0.0
        for (incident, result) in zip(incidents, results) {
            let result = result!
            let missing = incident.vehiclesNeeded - result.vehicles.count
            assignments.append(.init(incidentId: incident.id, priority: incident.priority, vehicles: result.vehicles,
                                     missing: missing))
            total += result.vehicles.reduce(0) { $0 + $1.distanceMeters }
            if missing > 0 {
                unserved.append(.init(incidentId: incident.id, priority: incident.priority, missing: missing,
                                      eligible: result.eligible, freeAtItsPriority: result.free, incomplete: false,
                                      othersCostAtLeast: nil, objective: .crowFliesDistance))
            }
        }
        return DispatchPlan(
            objective: .crowFliesDistance, assignments: assignments, unserved: unserved, totalDistanceMeters: total,
            greedy: try greedy(incidents), unproven: [], rounds: rounds, candidates: candidates,
            denseLevels: denseLevels)
    }

    /// Refuses a vehicle count outside 1...``maximumVehiclesPerIncident`` and a repeated incident id.
    static func validate(_ incidents: [Incident]) throws(DispatchError) {
        var seen = Set<ExactID>()
        for incident in incidents {
            guard (1...Self.maximumVehiclesPerIncident).contains(incident.vehiclesNeeded) else {
                throw .invalidVehiclesNeeded(incident.id, incident.vehiclesNeeded)
            }
            guard seen.insert(ExactID(incident.id)).inserted else { throw .duplicateIncident(incident.id) }
        }
    }

    /// Nearest-first greedy, for comparison: incidents in input order, each takes its nearest free vehicles.
    func greedy(_ incidents: [Incident]) throws(DispatchError) -> DispatchPlan.Greedy {
        var used = Set<ExactID>()
        var total = 0.0, worst = 0.0, missing = 0
        for incident in incidents {
            var asked = 2 * incident.vehiclesNeeded + 4
            while true {
                let list = try candidates(for: incident, asked: asked)
                let free = list.vehicles.filter { !used.contains(ExactID($0.id)) }
                if free.count >= incident.vehiclesNeeded || list.exhausted {
                    for vehicle in free.prefix(incident.vehiclesNeeded) {
                        used.insert(ExactID(vehicle.id))
                        total += vehicle.distanceMeters
                        worst = Swift.max(worst, vehicle.distanceMeters)
                    }
                    missing += Swift.max(0, incident.vehiclesNeeded - free.count)
                    break
                }
                asked *= 2
            }
        }
        return .init(totalDistanceMeters: total, worstDistanceMeters: worst, totalDurationSeconds: nil,
                     worstDurationSeconds: nil, missing: missing)
    }

    /// The `asked` vehicles nearest to `incident` that its filter admits (free or not), nearest first.
    func candidates(for incident: Incident, asked: Int) throws(DispatchError) -> CandidateList {
        let found: NearbyVehicles
        do {
            found = try index.nearest(asked, to: incident.point, filter: incident.filter ?? filter,
                                      options: QueryOptions(model: .sphere, countsExclusions: false))
        } catch {
            throw .invalidFilter(error.description)
        }
        let list = found.vehicles
        var vehicles: [DispatchPlan.AssignedVehicle] = []
        vehicles.reserveCapacity(list.count)
        for nearby in list {
            vehicles.append(.init(id: nearby.vehicle.id, coordinate: nearby.vehicle.coordinate,
                                  distanceMeters: nearby.distanceMeters))
        }
        return CandidateList(vehicles: vehicles, exhausted: list.count < asked)
    }
}

/// One incident's candidates: its nearest eligible vehicles (free or not), in the index's (distance, id) order.
struct CandidateList {
    let vehicles: [DispatchPlan.AssignedVehicle]
    /// True when these are all the vehicles its filter admits.
    let exhausted: Bool

    /// A lower bound on the distance of every eligible vehicle not in the list: the last one's, less 1 µm (the
    /// index ranks by distances rounded to 1 µm); nil when the list holds them all.
    var outsideBound: Double? {
        exhausted ? nil : Swift.max(0, (vehicles.last?.distanceMeters ?? 0) - 1e-6)
    }
}

/// What one priority level gave one incident.
struct LevelResult {
    let vehicles: [DispatchPlan.AssignedVehicle]
    /// Vehicles its filter admits (known when its list was grown to all of them, else a lower bound).
    let eligible: Int
    /// Of those, free at this level.
    let free: Int
}
