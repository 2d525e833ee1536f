import FleetDispatch
import Foundation
import Proj

/// A dispatch plan as a table, JSON or CSV, with nearest-first greedy's figures beside it.
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
        }
    }

    var needed: Int { incidents.reduce(0) { $0 + $1.vehiclesNeeded } }
    var assigned: Int { plan.assignments.reduce(0) { $0 + $1.vehicles.count } }

    /// "greedy: 31.204 km (+33.4 %), worst 9.812 km, 0 short".
    var greedyLine: String {
        let greedy = plan.greedy
        var saving = ""
        if plan.totalDistanceMeters > 0, greedy.missing == plan.unserved.reduce(0, { $0 + $1.missing }) {
            let extra = greedy.totalDistanceMeters / plan.totalDistanceMeters - 1
            saving = extra < 5e-4 ? " (the same)" : String(format: " (+%.1f %%)", extra * 100)
        }
        return "Nearest-first greedy (file order) would total \(Formatting.distance(greedy.totalDistanceMeters, unit))"
            + "\(saving), worst \(Formatting.distance(greedy.worstDistanceMeters, unit)), \(greedy.missing) short"
    }

    func table() -> String {
        var text = "Dispatch of \(incidents.count) incidents from \(incidentsName) (\(needed) vehicles needed); "
            + "\(fleet.summary)\n"
        text += "Optimal: \(assigned) assigned, total \(Formatting.distance(plan.totalDistanceMeters, unit)), worst "
            + "\(Formatting.distance(plan.worstDistanceMeters, unit))\n" + greedyLine + "\n\n"
        var table = Table(headers: ["incident", "priority", "vehicle", "distance"], numericColumns: [1, 3])
        for assignment in plan.assignments {
            for vehicle in assignment.vehicles {
                table.rows.append([assignment.incidentId, "\(assignment.priority)", vehicle.id,
                                   Formatting.distance(vehicle.distanceMeters, unit)])
            }
            if assignment.missing > 0 {
                table.rows.append([assignment.incidentId, "\(assignment.priority)",
                                   "(\(assignment.missing) short)", ""])
            }
        }
        text += table.render()
        if !plan.unserved.isEmpty {
            text += "\nServed short:\n" + plan.unserved.map { "  \($0)\n" }.joined()
        }
        return text
    }

    static let csvHeader = ["incident", "priority", "needed", "vehicle", "distance", "unit", "distance_m",
                            "vehicle_latitude", "vehicle_longitude", "missing"]

    /// One row per assigned vehicle; an incident served short adds a row with no vehicle and its `missing` count.
    func csv() -> String {
        var text = Formatting.csvLine(Self.csvHeader)
        for (assignment, incident) in zip(plan.assignments, incidents) {
            for vehicle in assignment.vehicles {
                text += Formatting.csvLine([
                    assignment.incidentId, "\(assignment.priority)", "\(incident.vehiclesNeeded)", vehicle.id,
                    "\(unit.value(fromMeters: vehicle.distanceMeters))", unit.displaySymbol, "\(vehicle.distanceMeters)",
                    "\(vehicle.coordinate.latitude)", "\(vehicle.coordinate.longitude)", "0",
                ])
            }
            if assignment.missing > 0 {
                text += Formatting.csvLine([assignment.incidentId, "\(assignment.priority)",
                                            "\(incident.vehiclesNeeded)", "", "", unit.displaySymbol, "", "", "",
                                            "\(assignment.missing)"])
            }
        }
        return text
    }
}

/// `dispatch --format json`: the keys scripts rely on.
struct DispatchJSON: Encodable {
    struct Vehicle: Encodable {
        var id: String
        var distanceMeters: Double
        var latitude: Double
        var longitude: Double
    }
    struct Assignment: Encodable {
        var incident: String
        var priority: Int
        var needed: Int
        var vehicles: [Vehicle]
        var missing: Int
    }
    struct Unserved: Encodable {
        var incident: String
        var priority: Int
        var missing: Int
        var eligible: Int
        var reason: String
    }
    struct Greedy: Encodable {
        var totalDistanceMeters: Double
        var worstDistanceMeters: Double
        var missing: Int
    }

    var customer: String
    var assignments: [Assignment]
    var totalDistanceMeters: Double
    var worstDistanceMeters: Double
    var unserved: [Unserved]
    /// Nearest-first greedy in file order, for comparison.
    var greedy: Greedy

    init(_ rendering: DispatchRendering) {
        let plan = rendering.plan
        customer = rendering.fleet.customers.first ?? ""
        assignments = zip(plan.assignments, rendering.incidents).map { assignment, incident in
            Assignment(incident: assignment.incidentId, priority: assignment.priority, needed: incident.vehiclesNeeded,
                       vehicles: assignment.vehicles.map {
                           Vehicle(id: $0.id, distanceMeters: $0.distanceMeters, latitude: $0.coordinate.latitude,
                                   longitude: $0.coordinate.longitude)
                       }, missing: assignment.missing)
        }
        totalDistanceMeters = plan.totalDistanceMeters
        worstDistanceMeters = plan.worstDistanceMeters
        unserved = plan.unserved.map {
            Unserved(incident: $0.incidentId, priority: $0.priority, missing: $0.missing, eligible: $0.eligible,
                     reason: $0.description)
        }
        greedy = Greedy(totalDistanceMeters: plan.greedy.totalDistanceMeters,
                        worstDistanceMeters: plan.greedy.worstDistanceMeters, missing: plan.greedy.missing)
    }
}
