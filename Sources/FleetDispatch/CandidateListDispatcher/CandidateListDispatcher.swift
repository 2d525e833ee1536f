import NearestVehicle

/// Batch dispatch over fixed candidate lists: by road, each incident's vehicles as Ocean PAR_ROUTE gave them (its
/// 10 best by travel time, the filters applied), with no way to ask for more.
///
/// **What the plan is.** Per priority (most urgent first, as ``Dispatcher``), the assignment over the candidate
/// lists that serves the most needed vehicles and, among those, has the least total road distance or travel time
/// (``DispatchPlan/Objective``): exact over the lists (``SparseAssignment``, lexicographic costs).
///
/// **Incomplete incidents.** An incident left short whose list is not every eligible vehicle (its candidates went
/// to other incidents, and the remote may know more) is *incomplete*: the plan says so and assigns nothing beyond
/// the list — no vehicle it knows nothing about by road is sent blindly.
///
/// **Proven or not.** Whether a vehicle beyond the lists could lower the total is checked as ``Dispatcher``
/// checks its candidate lists: the relaxed problem gives every incident with an incomplete list `vehiclesNeeded`
/// private outside columns, each costing the list's lower bound (``IncidentCandidates/othersCostAtLeast``). Its
/// optimum is at most the whole fleet's; when it uses no outside column it equals the plan's, so the plan is
/// optimal for the whole fleet. Otherwise the incidents whose rows took an outside column are listed in
/// ``DispatchPlan/unproven``: the plan is optimal over the lists only.
public struct CandidateListDispatcher: Sendable {
    /// ``DispatchPlan/Objective/roadDistance`` or ``DispatchPlan/Objective/roadDuration``.
    public let objective: DispatchPlan.Objective

    public init(objective: DispatchPlan.Objective) {
        precondition(objective != .crowFliesDistance, "crow-flies plans come from Dispatcher")
        self.objective = objective
    }

    /// The plan for `incidents`, incident `i` served from `candidates[i]` only.
    ///
    /// - Throws: ``DispatchError`` for invalid input (vehicles needed, duplicate ids, a list count that is not the
    ///   incidents', a non-finite or negative cost, a candidate without the travel time the objective needs).
    /// - Complexity: two sparse assignments per priority over at most `10 × incidents` edges.
    public func plan(_ incidents: [Incident], candidates: [IncidentCandidates]) throws(DispatchError) -> DispatchPlan {
        try Dispatcher.validate(incidents)
        guard candidates.count == incidents.count else {
            throw .invalidCandidates("\(candidates.count) candidate lists for \(incidents.count) incidents")
        }
        // Each list in (cost, id) order: the assignment's ties and greedy go to the cheaper, then the lower id.
        var lists: [[Entry]] = []
        for (incident, list) in zip(incidents, candidates) {
            if let bound = list.othersCostAtLeast, !(bound.isFinite && bound >= 0) {
                throw .invalidCandidates("incident \(incident.id.prefix(40)): bound \(bound)")
            }
            var entries: [Entry] = []
            for vehicle in list.vehicles {
                let cost = objective == .roadDuration ? vehicle.durationSeconds : vehicle.distanceMeters
                guard let cost, cost.isFinite, cost >= 0, vehicle.distanceMeters.isFinite else {
                    throw .invalidCandidates("incident \(incident.id.prefix(40)): vehicle \(vehicle.id.prefix(40)) "
                        + "has no usable \(objective == .roadDuration ? "travel time" : "road distance")")
                }
                entries.append(Entry(vehicle: vehicle, cost: cost, key: ExactID(vehicle.id)))
            }
            entries.sort { $0.cost != $1.cost ? $0.cost < $1.cost : $0.vehicle.id.utf8.lexicographicallyPrecedes($1.vehicle.id.utf8) }
            // A vehicle listed twice for one incident is one candidate.
            var seen = Set<ExactID>()
            lists.append(entries.filter { seen.insert($0.key).inserted })
        }

        var used = Set<ExactID>()
        var chosen = [[Entry]](repeating: [], count: incidents.count)
        var free = [Int](repeating: 0, count: incidents.count)
        var unproven = Set<Int>()
        for priority in Set(incidents.map(\.priority)).sorted() {
            let members = incidents.indices.filter { incidents[$0].priority == priority }
            let level = Level(incidents: members.map { incidents[$0] }, lists: members.map { lists[$0] },
                              bounds: members.map { candidates[$0].othersCostAtLeast }, used: used)
            let plain = level.solve(withOutside: false)
            let relaxed = level.solve(withOutside: true)
            for (offset, member) in members.enumerated() {
                chosen[member] = plain.chosen[offset]
                free[member] = level.freeCount(offset)
                if relaxed.usesOutside[offset] { unproven.insert(member) }
                for entry in plain.chosen[offset] { used.insert(entry.key) }
            }
        }

        var assignments: [DispatchPlan.Assignment] = []
        var unserved: [DispatchPlan.Unserved] = []
        var total = 0.0
        for (index, incident) in incidents.enumerated() {
            let vehicles = chosen[index].map {
                DispatchPlan.AssignedVehicle(id: $0.vehicle.id, coordinate: $0.vehicle.coordinate,
                                             distanceMeters: $0.vehicle.distanceMeters,
                                             durationSeconds: $0.vehicle.durationSeconds)
            }
            let missing = incident.vehiclesNeeded - vehicles.count
            assignments.append(.init(incidentId: incident.id, priority: incident.priority, vehicles: vehicles,
                                     missing: missing))
            total += vehicles.reduce(0) { $0 + $1.distanceMeters }
            if missing > 0 {
                let bound = candidates[index].othersCostAtLeast
                unserved.append(.init(incidentId: incident.id, priority: incident.priority, missing: missing,
                                      eligible: lists[index].count, freeAtItsPriority: free[index],
                                      incomplete: bound != nil, othersCostAtLeast: bound, objective: objective))
            }
        }
        return DispatchPlan(
            objective: objective, assignments: assignments, unserved: unserved, totalDistanceMeters: total,
            greedy: greedy(incidents, lists), unproven: incidents.indices.filter(unproven.contains).map { incidents[$0].id },
            rounds: 1, candidates: lists.reduce(0) { $0 + $1.count }, denseLevels: 0)
    }

    /// Nearest-first greedy over the lists: incidents in input order, each takes its cheapest free candidates.
    func greedy(_ incidents: [Incident], _ lists: [[Entry]]) -> DispatchPlan.Greedy {
        var used = Set<ExactID>()
        var total = 0.0, worst = 0.0, seconds = 0.0, worstSeconds = 0.0, missing = 0
        for (incident, list) in zip(incidents, lists) {
            let taken = list.lazy.filter { !used.contains($0.key) }.prefix(incident.vehiclesNeeded)
            for entry in taken {
                used.insert(entry.key)
                total += entry.vehicle.distanceMeters
                worst = Swift.max(worst, entry.vehicle.distanceMeters)
                seconds += entry.vehicle.durationSeconds ?? 0
                worstSeconds = Swift.max(worstSeconds, entry.vehicle.durationSeconds ?? 0)
            }
            missing += incident.vehiclesNeeded - taken.count
        }
        let timed = objective == .roadDuration
        return .init(totalDistanceMeters: total, worstDistanceMeters: worst,
                     totalDurationSeconds: timed ? seconds : nil, worstDurationSeconds: timed ? worstSeconds : nil,
                     missing: missing)
    }

    /// A candidate with its cost under the objective and its byte-exact id.
    struct Entry {
        let vehicle: IncidentCandidates.Candidate
        let cost: Double
        let key: ExactID
    }

    /// One priority's incidents over their lists, less the vehicles more urgent incidents took.
    struct Level {
        let incidents: [Incident]
        let lists: [[Entry]]
        let bounds: [Double?]
        let used: Set<ExactID>

        func freeCount(_ offset: Int) -> Int { lists[offset].filter { !used.contains($0.key) }.count }

        /// The least-cost assignment (most rows served first); with `withOutside`, each incomplete list's incident
        /// also has `vehiclesNeeded` outside columns at its bound (the relaxation of ``CandidateListDispatcher``).
        func solve(withOutside: Bool) -> (chosen: [[Entry]], usesOutside: [Bool]) {
            var columnOf: [ExactID: Int] = [:]
            var entryOf: [[Int: Entry]] = []
            var real: [[SparseAssignment.Edge]] = []
            for list in lists {
                var edges: [SparseAssignment.Edge] = []
                var ofColumn: [Int: Entry] = [:]
                for entry in list where !used.contains(entry.key) {
                    let column: Int
                    if let known = columnOf[entry.key] {
                        column = known
                    } else {
                        column = columnOf.count
                        columnOf[entry.key] = column
                    }
                    ofColumn[column] = entry
                    edges.append(.init(column: column, cost: .meters(entry.cost)))
                }
                real.append(edges)
                entryOf.append(ofColumn)
            }
            let firstOutside = columnOf.count
            var next = firstOutside
            var outside: [[SparseAssignment.Edge]] = []
            for (incident, bound) in zip(incidents, bounds) {
                guard withOutside, let bound else {
                    outside.append([])
                    continue
                }
                outside.append((0..<incident.vehiclesNeeded).map { .init(column: next + $0, cost: .meters(bound)) })
                next += incident.vehiclesNeeded
            }
            let firstUnserved = next
            var rows: [[SparseAssignment.Edge]] = []
            var rowsOf: [Range<Int>] = []
            for (index, incident) in incidents.enumerated() {
                let first = rows.count
                for _ in 0..<incident.vehiclesNeeded {
                    rows.append(real[index] + outside[index] + [.init(column: firstUnserved + rows.count, cost: .unserved)])
                }
                rowsOf.append(first..<rows.count)
            }
            let columns = SparseAssignment(columnCount: firstUnserved + rows.count, rows: rows).solve()
            let chosen = rowsOf.enumerated().map { index, range in
                range.compactMap { entryOf[index][columns[$0]] }.sorted {
                    $0.cost != $1.cost ? $0.cost < $1.cost : $0.vehicle.id.utf8.lexicographicallyPrecedes($1.vehicle.id.utf8)
                }
            }
            let usesOutside = rowsOf.map { range in
                range.contains { columns[$0] >= firstOutside && columns[$0] < firstUnserved }
            }
            return (chosen, usesOutside)
        }
    }
}
