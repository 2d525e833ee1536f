import NearestVehicle

extension Dispatcher {
    /// The incidents of one priority, served from the vehicles still free: candidate lists grown until the
    /// relaxed assignment uses no outside column (the certificate, see ``Dispatcher``).
    struct Level {
        let dispatcher: Dispatcher
        let incidents: [Incident]
        /// Vehicles taken by more urgent incidents.
        let used: Set<ExactID>

        init(dispatcher: Dispatcher, incidents: [Incident], used: Set<ExactID>) {
            self.dispatcher = dispatcher
            self.incidents = incidents
            self.used = used
        }

        mutating func solve() throws(DispatchError) -> (results: [LevelResult], rounds: Int, candidates: Int) {
            // No list needs more than `demand` free vehicles (see `Problem.init`): asking for `demand` plus every
            // vehicle already taken always gets that many.
            let demand = incidents.reduce(0) { $0 + $1.vehiclesNeeded }
            let cap = demand + used.count
            var asked = incidents.map { Swift.min(2 * $0.vehiclesNeeded + 4, cap) }
            var failures = [Int](repeating: 0, count: incidents.count)
            var lists: [CandidateList?] = Array(repeating: nil, count: incidents.count)
            var rounds = 0
            while true {
                rounds += 1
                for index in incidents.indices where lists[index] == nil {
                    lists[index] = try dispatcher.candidates(for: incidents[index], asked: asked[index])
                }
                let problem = Problem(incidents: incidents, lists: lists.map { $0! }, used: used, demand: demand)
                let columns = problem.assignment.solve()
                var grown = false
                for (index, rows) in problem.rowsOfIncident.enumerated()
                where rows.contains(where: { problem.isOutside(columns[$0]) }) {
                    // The certificate fails for this incident: a vehicle beyond its list might do better. Each
                    // failure of the same incident grows its list faster (x2, x4, x8, ...): a tight fleet (about as
                    // many vehicles as needed) reaches whole-fleet lists in a few rounds, not one doubling a round.
                    // From the fourth round on, a failing list goes straight to the cap, so the rounds stay few
                    // however the failures cascade from incident to incident.
                    let factor = 2 << Swift.min(failures[index], 16)
                    failures[index] += 1
                    let grownAsk = Swift.max(factor * asked[index], asked[index] + incidents[index].vehiclesNeeded)
                    asked[index] = rounds >= 4 ? cap : Swift.min(grownAsk, cap)
                    lists[index] = nil
                    grown = true
                }
                if !grown {
                    return (problem.results(columns), rounds, problem.candidateCount)
                }
                // A tight fleet (about as many free vehicles as needed) cascades failures from incident to incident;
                // past eight rounds every list goes to the cap at once, when that many edges fit comfortably.
                if rounds >= 8, demand * demand <= 20_000_000 {
                    for index in incidents.indices where asked[index] < cap {
                        asked[index] = cap
                        lists[index] = nil
                    }
                }
            }
        }
    }

    /// One round's assignment problem: rows (one per vehicle needed), columns (free candidate vehicles, each
    /// incident's outside columns, each row's unserved column) and edges.
    struct Problem {
        let lists: [CandidateList]
        let used: Set<ExactID>
        let rowsOfIncident: [Range<Int>]
        let assignment: SparseAssignment
        /// Per incident: its vehicle columns → the vehicle, with its distance to that incident.
        let vehicleOfColumn: [[Int: DispatchPlan.AssignedVehicle]]
        /// Columns from this index on are outside columns, then unserved ones.
        let firstOutside: Int
        let firstUnserved: Int
        let candidateCount: Int

        /// - Parameter demand: the vehicles the level needs in all (its rows). An incident whose list holds at
        ///   least that many free vehicles needs no outside columns: in any plan, a row of it served by a vehicle
        ///   beyond its `demand` nearest free ones could swap to one of those, as at most `demand - 1` of them
        ///   serve other rows, and the swap costs no more — so some optimal plan uses its list only.
        init(incidents: [Incident], lists: [CandidateList], used: Set<ExactID>, demand: Int) {
            self.lists = lists
            self.used = used
            var columnOfVehicle: [ExactID: Int] = [:]
            var vehicleOfColumn: [[Int: DispatchPlan.AssignedVehicle]] = []
            var realEdges: [[SparseAssignment.Edge]] = []
            var candidateCount = 0
            for list in lists {
                var edges: [SparseAssignment.Edge] = []
                var ofColumn: [Int: DispatchPlan.AssignedVehicle] = [:]
                for vehicle in list.vehicles where !used.contains(ExactID(vehicle.id)) {
                    let column: Int
                    if let known = columnOfVehicle[ExactID(vehicle.id)] {
                        column = known
                    } else {
                        column = columnOfVehicle.count
                        columnOfVehicle[ExactID(vehicle.id)] = column
                    }
                    ofColumn[column] = vehicle
                    edges.append(.init(column: column, cost: .meters(vehicle.distanceMeters)))
                }
                candidateCount += edges.count
                realEdges.append(edges)
                vehicleOfColumn.append(ofColumn)
            }
            firstOutside = columnOfVehicle.count
            // Outside columns: `vehiclesNeeded` per incident whose list is not its whole eligible fleet.
            var outsideEdges: [[SparseAssignment.Edge]] = []
            var nextColumn = firstOutside
            for (index, (incident, list)) in zip(incidents, lists).enumerated() {
                guard let bound = list.outsideBound, realEdges[index].count < demand else {
                    outsideEdges.append([])
                    continue
                }
                outsideEdges.append((0..<incident.vehiclesNeeded).map { offset in
                    .init(column: nextColumn + offset, cost: .meters(bound))
                })
                nextColumn += incident.vehiclesNeeded
            }
            firstUnserved = nextColumn
            var rows: [[SparseAssignment.Edge]] = []
            var rowsOfIncident: [Range<Int>] = []
            for (index, incident) in incidents.enumerated() {
                let first = rows.count
                for _ in 0..<incident.vehiclesNeeded {
                    rows.append(realEdges[index] + outsideEdges[index]
                        + [.init(column: firstUnserved + rows.count, cost: .unserved)])
                }
                rowsOfIncident.append(first..<rows.count)
            }
            self.rowsOfIncident = rowsOfIncident
            self.vehicleOfColumn = vehicleOfColumn
            self.candidateCount = candidateCount
            assignment = SparseAssignment(columnCount: firstUnserved + rows.count, rows: rows)
        }

        func isOutside(_ column: Int) -> Bool { column >= firstOutside && column < firstUnserved }

        /// Each incident's vehicles, nearest first (ties by id), and its eligible / free counts.
        func results(_ columns: [Int]) -> [LevelResult] {
            rowsOfIncident.enumerated().map { index, rows in
                let vehicles = rows.compactMap { vehicleOfColumn[index][columns[$0]] }
                    .sorted {
                        $0.distanceMeters != $1.distanceMeters
                            ? $0.distanceMeters < $1.distanceMeters : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
                    }
                let list = lists[index]
                return LevelResult(
                    vehicles: vehicles, eligible: list.vehicles.count,
                    free: list.vehicles.filter { !used.contains(ExactID($0.id)) }.count)
            }
        }
    }
}
