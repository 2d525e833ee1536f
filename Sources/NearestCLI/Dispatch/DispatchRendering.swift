import FleetDispatch
import FleetFile
import Foundation
import Proj

/// A dispatch plan as a table, JSON, CSV or GeoJSON, with nearest-first greedy's figures beside it; or a map sketch.
struct DispatchRendering {
    let plan: DispatchPlan
    let incidents: [Incident]
    let unit: LengthUnit
    let fleet: LoadedFleet
    let incidentsName: String

    func render(_ format: DispatchCommand.Format) throws -> String {
        switch format {
        case .table: table()
        case .json: try Formatting.json(DispatchJSON(self))
        case .csv: csv()
        case .geojson: try Formatting.json(DispatchGeoJSON(self))
        }
    }

    /// The `--svg` map sketch: incidents, their vehicles and the lines between them (see ``SVG/dispatchMap``).
    func svg() -> String {
        let short = plan.unserved.reduce(0) { $0 + $1.missing }
        let title = "Dispatch of \(incidents.count) incidents: \(assigned) vehicles, total "
            + Formatting.distance(plan.totalDistanceMeters, unit) + (short > 0 ? ", \(short) short" : "")
        let footer = "squares: incidents (red outline: served short); dots: assigned vehicles; "
            + "equirectangular projection; \(fleet.summary)"
        return SVG.dispatchMap(title: title, footer: footer, incidents: zip(plan.assignments, incidents).map {
            SVG.DispatchIncident(id: $1.id, point: $1.point, priority: $0.priority, missing: $0.missing,
                                 vehicles: $0.vehicles.map {
                                     (id: $0.id, point: $0.coordinate, distance: Formatting.distance($0.distanceMeters, unit))
                                 })
        })
    }

    var needed: Int { incidents.reduce(0) { $0 + $1.vehiclesNeeded } }
    var byRoad: Bool { plan.objective != .crowFliesDistance }
    var timed: Bool { plan.objective == .roadDuration }

    /// A travel time for people: "48 s", "12 min 05 s", "1 h 02 min".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    /// What was minimised, for the table's header.
    var objectiveText: String {
        switch plan.objective {
        case .crowFliesDistance: "least total crow-flies distance"
        case .roadDistance: "least total road distance over Ocean's by-road candidates (at most 10 per incident)"
        case .roadDuration: "least total travel time over Ocean's by-road candidates (at most 10 per incident)"
        }
    }
    var assigned: Int { plan.assignments.reduce(0) { $0 + $1.vehicles.count } }

    /// "greedy: 31.204 km (+33.4 %), worst 9.812 km, 0 short".
    var greedyLine: String {
        let greedy = plan.greedy
        var saving = ""
        let mine = timed ? plan.totalDurationSeconds ?? 0 : plan.totalDistanceMeters
        let theirs = timed ? greedy.totalDurationSeconds ?? 0 : greedy.totalDistanceMeters
        if mine > 0, greedy.missing == plan.unserved.reduce(0, { $0 + $1.missing }) {
            let extra = theirs / mine - 1
            saving = extra < 5e-4 ? " (the same)" : String(format: " (+%.1f %%)", extra * 100)
        }
        if timed {
            return "Nearest-first greedy (file order) would total \(Self.duration(theirs))\(saving), worst "
                + "\(Self.duration(greedy.worstDurationSeconds)), \(greedy.missing) short"
        }
        return "Nearest-first greedy (file order) would total \(Formatting.distance(greedy.totalDistanceMeters, unit))"
            + "\(saving), worst \(Formatting.distance(greedy.worstDistanceMeters, unit)), \(greedy.missing) short"
    }

    /// By road, when a vehicle beyond Ocean's lists might do better: which incidents.
    var unprovenLine: String? {
        guard !plan.isProvenOptimal else { return nil }
        return "Optimal over Ocean's candidates, not proven for the whole fleet: a vehicle beyond them might serve "
            + plan.unproven.prefix(10).map(TerminalText.quoted).joined(separator: ", ")
            + (plan.unproven.count > 10 ? " and \(plan.unproven.count - 10) more" : "") + " better"
    }

    func table() -> String {
        var text = "Dispatch of \(incidents.count) incidents from \(incidentsName) (\(needed) vehicles needed); "
            + "\(fleet.summary)\n"
        let time = plan.totalDurationSeconds.map { ", \(Self.duration($0))" } ?? ""
        text += (byRoad ? "Optimal (\(objectiveText)): " : "Optimal: ") + "\(assigned) assigned, total "
            + "\(Formatting.distance(plan.totalDistanceMeters, unit))\(byRoad ? " by road" : "")\(time), worst "
            + "\(Formatting.distance(plan.worstDistanceMeters, unit))\n" + greedyLine + "\n"
        if let unprovenLine { text += unprovenLine + "\n" }
        text += "\n"
        var headers = ["incident", "priority", "vehicle", "distance"]
        if byRoad { headers.append("duration") }
        var table = Table(headers: headers, numericColumns: byRoad ? [1, 3, 4] : [1, 3])
        for assignment in plan.assignments {
            for vehicle in assignment.vehicles {
                table.rows.append([assignment.incidentId, "\(assignment.priority)", vehicle.id,
                                   Formatting.distance(vehicle.distanceMeters, unit)]
                                  + (byRoad ? [Self.duration(vehicle.durationSeconds)] : []))
            }
            if assignment.missing > 0 {
                table.rows.append([assignment.incidentId, "\(assignment.priority)",
                                   "(\(assignment.missing) short)", ""] + (byRoad ? [""] : []))
            }
        }
        text += table.render()
        if !plan.unserved.isEmpty {
            text += "\nServed short:\n" + plan.unserved.map { "  \($0)\n" }.joined()
        }
        return text
    }

    static let csvHeader = ["incident", "priority", "needed", "vehicle", "distance", "unit", "distance_m",
                            "vehicle_latitude", "vehicle_longitude", "missing", "duration_s"]

    /// One row per assigned vehicle; an incident served short adds a row with no vehicle and its `missing` count.
    func csv() -> String {
        var text = Formatting.csvLine(Self.csvHeader)
        for (assignment, incident) in zip(plan.assignments, incidents) {
            for vehicle in assignment.vehicles {
                text += Formatting.csvLine([
                    assignment.incidentId, "\(assignment.priority)", "\(incident.vehiclesNeeded)", vehicle.id,
                    "\(unit.value(fromMeters: vehicle.distanceMeters))", unit.displaySymbol, "\(vehicle.distanceMeters)",
                    "\(vehicle.coordinate.latitude)", "\(vehicle.coordinate.longitude)", "0",
                    vehicle.durationSeconds.map { "\($0)" } ?? "",
                ])
            }
            if assignment.missing > 0 {
                text += Formatting.csvLine([assignment.incidentId, "\(assignment.priority)",
                                            "\(incident.vehiclesNeeded)", "", "", unit.displaySymbol, "", "", "",
                                            "\(assignment.missing)", ""])
            }
        }
        return text
    }
}

/// `dispatch --format json`: the keys scripts rely on.
struct DispatchJSON: Encodable {
    struct Unserved: Encodable {
        var incident: String
        var priority: Int
        var missing: Int
        var eligible: Int
        /// By road: its candidates ran out and Ocean may know more vehicles (none assigned blindly).
        var incomplete: Bool
        /// With `incomplete`: every vehicle beyond its candidates costs at least this (metres or seconds).
        var othersCostAtLeast: Double?
        var reason: String
    }

    var customer: String
    /// "crow" or "road".
    var mode: String
    /// "crowFliesDistance", "roadDistance" or "roadDuration": what the plan minimises.
    var objective: String
    var assignments: [DispatchPlanJSON.Assignment]
    var totalDistanceMeters: Double
    var worstDistanceMeters: Double
    /// By road, when every assigned vehicle has a travel time.
    var totalDurationSeconds: Double?
    var unserved: [Unserved]
    /// False by road when a vehicle beyond Ocean's candidates might serve the incidents of `unproven` better.
    var provenOptimal: Bool
    var unproven: [String]
    /// Nearest-first greedy in file order, for comparison.
    var greedy: DispatchPlanJSON.Greedy

    init(_ rendering: DispatchRendering) {
        let plan = rendering.plan
        customer = rendering.fleet.customers.first ?? ""
        mode = rendering.byRoad ? "road" : "crow"
        objective = plan.objective.rawValue
        totalDurationSeconds = plan.totalDurationSeconds
        provenOptimal = plan.isProvenOptimal
        unproven = plan.unproven
        assignments = DispatchPlanJSON.assignments(plan, incidents: rendering.incidents)
        totalDistanceMeters = plan.totalDistanceMeters
        worstDistanceMeters = plan.worstDistanceMeters
        unserved = plan.unserved.map {
            Unserved(incident: $0.incidentId, priority: $0.priority, missing: $0.missing, eligible: $0.eligible,
                     incomplete: $0.incomplete, othersCostAtLeast: $0.othersCostAtLeast, reason: $0.description)
        }
        greedy = DispatchPlanJSON.greedy(plan)
    }
}
