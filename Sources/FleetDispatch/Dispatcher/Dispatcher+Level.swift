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

        mutating func solve() throws(DispatchError) -> LevelSolution {
            // No list needs more than `demand` free vehicles (see `Problem.init`): asking for `demand` plus every
            // vehicle already taken always gets that many.
            let demand = incidents.reduce(0) { $0 + $1.vehiclesNeeded }
            let cap = demand + used.count
            // A tight level (demand at least half the free fleet; filters only make it tighter) ends with lists of
            // most of the free fleet whatever the growth rule: solve it densely at once. A level whose lists still
            // fail after three rounds goes dense too, when the matrix fits.
            let freeFleet = Swift.max(0, dispatcher.index.count(customerId: dispatcher.filter.customerId) - used.count)
            let denseFits = demand * freeFleet <= Dispatcher.denseCellLimit && demand * cap <= Dispatcher.denseCellLimit
            let tight = 2 * demand >= freeFleet
            switch dispatcher.solver {
            case .automatic where tight && denseFits, .dense where denseFits:
                return try solveDensely(cap: cap, demand: demand, rounds: 1)
            default: break
            }
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
                    return LevelSolution(results: problem.results(columns), rounds: rounds,
                                         candidates: problem.candidateCount, dense: false)
                }
                if rounds >= 3, denseFits, dispatcher.solver == .automatic {
                    return try solveDensely(cap: cap, demand: demand, rounds: rounds + 1)
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

        /// Every list at the cap (`demand` free vehicles or the whole eligible fleet), so no list needs outside
        /// columns and one solve is final (the exchange argument of `Problem.init`), solved by ``DenseAssignment``
        /// on the union of the lists: a cell outside a row's list is no edge, exactly as in the sparse problem.
        func solveDensely(cap: Int, demand: Int, rounds: Int) throws(DispatchError) -> LevelSolution {
            if incidents.allSatisfy({ $0.filter == nil }) { return try solveDenselyOverTheFreeFleet(rounds: rounds) }
            var lists: [CandidateList] = []
            lists.reserveCapacity(incidents.count)
            for incident in incidents { lists.append(try dispatcher.candidates(for: incident, asked: cap)) }
            let problem = Problem(incidents: incidents, lists: lists, used: used, demand: demand)
            precondition(problem.firstOutside == problem.firstUnserved, "a list at the cap has no outside columns")
            let width = problem.firstOutside
            var meters = [Double](repeating: .infinity, count: problem.assignment.rows.count * width)
            for (row, edges) in problem.assignment.rows.enumerated() {
                for edge in edges where edge.column < width { meters[row * width + edge.column] = edge.cost.meters }
            }
            let solved = DenseAssignment(rowCount: problem.assignment.rows.count, columnCount: width, meters: meters)
                .solve()
            let columns = solved.enumerated().map { row, column in column ?? problem.firstUnserved + row }
            return LevelSolution(results: problem.results(columns), rounds: rounds,
                                 candidates: problem.candidateCount, dense: true)
        }

        /// Every incident of the level shares the dispatcher's filter: the columns are the whole free eligible
        /// fleet (one query), every cell its haversine distance, so no list, no outside column and no certificate
        /// are needed: the dense optimum over every free eligible vehicle is the level's optimum by definition.
        /// Cheaper than lists at the cap (no per-incident query, no per-candidate dictionary), which is what a
        /// tight level costs most.
        func solveDenselyOverTheFreeFleet(rounds: Int) throws(DispatchError) -> LevelSolution {
            let everyone: [DispatchPlan.AssignedVehicle]
            let size = dispatcher.index.count(customerId: dispatcher.filter.customerId)
            if let first = incidents.first, size > 0 {
                everyone = try dispatcher.candidates(for: first, asked: size).vehicles
            } else {
                everyone = []
            }
            let free = everyone.filter { !used.contains(ExactID($0.id)) }
            let width = free.count
            let rowCount = incidents.reduce(0) { $0 + $1.vehiclesNeeded }
            var meters = [Double](repeating: 0, count: rowCount * width)
            var rowsOfIncident: [Range<Int>] = []
            var row = 0
            meters.withUnsafeMutableBufferPointer { cells in
                for incident in incidents {
                    let first = row
                    for column in 0..<width {
                        cells[first * width + column] = incident.point.distance(to: free[column].coordinate)
                    }
                    for copy in 1..<Swift.max(1, incident.vehiclesNeeded) {
                        for column in 0..<width { cells[(first + copy) * width + column] = cells[first * width + column] }
                    }
                    row += incident.vehiclesNeeded
                    rowsOfIncident.append(first..<row)
                }
            }
            let columns = DenseAssignment(rowCount: rowCount, columnCount: width, meters: meters).solve()
            let results = rowsOfIncident.map { rows in
                let vehicles = rows.compactMap { row in
                    columns[row].map { column in
                        DispatchPlan.AssignedVehicle(id: free[column].id, coordinate: free[column].coordinate,
                                                     distanceMeters: meters[row * width + column])
                    }
                }.sorted {
                    $0.distanceMeters != $1.distanceMeters
                        ? $0.distanceMeters < $1.distanceMeters : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
                }
                return LevelResult(vehicles: vehicles, eligible: everyone.count, free: width)
            }
            return LevelSolution(results: results, rounds: rounds, candidates: incidents.count * width, dense: true)
        }
    }

    /// How a level was solved: its results, and diagnostics.
    struct LevelSolution {
        let results: [LevelResult]
        let rounds: Int
        let candidates: Int
        /// Solved by ``DenseAssignment`` (a tight level, or one whose lists kept failing).
        let dense: Bool
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
