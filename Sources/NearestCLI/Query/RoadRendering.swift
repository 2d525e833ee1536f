import FleetFile
import Foundation
import NearestVehicle
import NearestVehicleService
import Proj

/// A by-road answer as a table, JSON or CSV. Each row says which mode measured it: `road` from Ocean, or
/// `crow` when a degraded answer stood in (`--fallback crow`) or a row fills an incomplete answer (`--fill crow`).
/// Fewer rows than `--k` never go unexplained: the table's notes, JSON's `complete` / `excluded` /
/// `missingAtLeast…` and CSV's completeness columns (plus a line on stderr) say whether Ocean knows more.
struct RoadRendering {
    let command: QueryCommand
    let request: NearestVehiclesRequest
    let response: NearestVehiclesResponse
    let fleet: LoadedFleet

    var unit: LengthUnit { response.unit }

    func render(_ format: QueryCommand.Format) throws -> String {
        switch format {
        case .json: try Formatting.json(RoadJSON(self))
        case .csv: csv()
        default: table()
        }
    }

    /// "TRAVELING vehicles", "TRAVELING or PARKED vehicles", "vehicles".
    var vehiclesWord: String {
        guard let states = request.states, !states.isEmpty else { return "vehicles" }
        return states.map(\.rawValue).sorted().map(TerminalText.escaped).joined(separator: " or ") + " vehicles"
    }

    /// "5 nearest TRAVELING vehicles by road to …, customer 1001, Ocean PAR_ROUTE", "3 of 5 nearest …" when
    /// short, and for a degraded answer what it is: crow-flies from the fleet source.
    var title: String {
        let within = command.radius.map { " within \(Formatting.radius($0, unit))" } ?? ""
        let shown = response.vehicles.count
        let count = shown < command.k ? "\(shown) of \(command.k)" : "\(command.k)"
        let point = Formatting.coordinate(request.point)
        let customer = TerminalText.escaped(request.customerId)
        if response.isDegraded {
            return "\(count) nearest \(vehiclesWord) as the crow flies (by road unavailable) to \(point)\(within), "
                + "customer \(customer), from \(fleet.name)"
        }
        return "\(count) nearest \(vehiclesWord) by road to \(point)\(within), customer \(customer), Ocean PAR_ROUTE"
    }

    /// Why fewer than `--k` vehicles are shown (or what the filters set aside); nil when there is nothing to say.
    var completenessNote: String? {
        let excluded = response.excluded.total > 0 ? Formatting.exclusions(response.excluded) : nil
        switch response.completeness {
        case .exact:
            guard let excluded else { return nil }
            return "Not shown, as near or nearer as the crow flies: \(excluded)."
        case .limitReached:
            guard let excluded else { return nil }
            return "Not shown, ranked before the last by Ocean: \(excluded)."
        case .remoteExhausted(let asked, let returned):
            let within = command.radius.map { " within \(Formatting.radius($0, unit))" } ?? ""
            return "Complete: Ocean knows only \(returned) vehicle\(returned == 1 ? "" : "s") reachable by road"
                + "\(within) (asked for \(asked))" + (excluded.map { "; not shown: \($0)" } ?? "") + "."
        case .incomplete(let missing):
            var text = "Incomplete: Ocean's \(missing.returned) nearest by road hold no more eligible vehicles"
                + (excluded.map { " (not shown: \($0))" } ?? "") + ". "
            text += "Any other eligible vehicle is "
            var bounds: [String] = []
            if let time = missing.travelTimeAtLeast {
                bounds.append("at least \(Formatting.age(Self.seconds(time))) away by road (Ocean ranks by travel time)")
            }
            if let meters = missing.roadDistanceAtLeastMeters {
                bounds.append("at least \(Formatting.distance(meters, unit)) away by road")
            }
            bounds.append("and no nearer by road than as the crow flies")
            text += bounds.joined(separator: ", ") + "."
            if response.fill.isEmpty {
                text += command.fill == .crow
                    ? " The fleet source holds no other eligible vehicle to fill in."
                    : " --fill crow lists the nearest of them as the crow flies."
            } else {
                let first = response.vehicles.count + 1
                let last = response.vehicles.count + response.fill.count
                let rows = first == last ? "Row \(first) is" : "Rows \(first)-\(last) are"
                text += " \(rows) the nearest of them as the crow flies from \(fleet.name), not measured by road "
                    + "('crow', with the by-road lower bound)."
            }
            return text
        }
    }

    func table() -> String {
        var text = title + "\n"
        if let degradation = response.degradation {
            text += "DEGRADED: \(degradation); distances below are crow-flies from \(fleet.name)\n"
        }
        text += "\n"
        let note = completenessNote.map { "\n" + $0 + "\n" } ?? ""
        let rows = response.vehicles + response.fill
        guard !rows.isEmpty else { return text + "No vehicle matches.\n" + note }
        let hasFill = !response.fill.isEmpty
        var table = Table(
            headers: ["#", "vehicle", "name", "distance", "by"] + (hasFill ? ["by road"] : [])
                + ["travel time", "ETA", "state", "position age"],
            numericColumns: hasFill ? [0, 3, 5, 6, 9] : [0, 3, 5, 8])
        for (rank, vehicle) in rows.enumerated() {
            let roadBound = vehicle.roadDistanceAtLeastMeters.map { "≥ " + Formatting.distance($0, unit) } ?? ""
            let travel = vehicle.duration.map { Formatting.age(Self.seconds($0)) }
                ?? vehicle.travelTimeAtLeast.map { "≥ " + Formatting.age(Self.seconds($0)) } ?? ""
            table.rows.append(
                ["\(rank + 1)", vehicle.vehicleId, vehicle.details.name ?? "",
                 Formatting.distance(vehicle.distanceMeters, unit), vehicle.mode == .byRoad ? "road" : "crow"]
                    + (hasFill ? [roadBound] : [])
                    + [travel, vehicle.eta.map { Formatting.timestamp($0) } ?? "", vehicle.state?.rawValue ?? "",
                       vehicle.positionAge.map { Formatting.age($0) } ?? ""])
        }
        return text + table.render() + note
    }

    /// The answer's completeness columns, the same on every row (documented in README's road-mode section).
    static let csvHeader = ["rank", "id", "name", "distance", "unit", "distance_m", "mode", "duration_s", "eta",
                            "latitude", "longitude", "state", "age_s", "road_at_least_m", "travel_time_at_least_s",
                            "complete", "missing_at_least_s", "missing_at_least_m"]

    func csv() -> String {
        var text = Formatting.csvLine(Self.csvHeader)
        let missing = response.missing
        let answer = ["\(response.isComplete)", missing?.travelTimeAtLeast.map { "\(Self.seconds($0))" } ?? "",
                      missing?.roadDistanceAtLeastMeters.map { "\($0)" } ?? ""]
        for (rank, vehicle) in (response.vehicles + response.fill).enumerated() {
            text += Formatting.csvLine([
                "\(rank + 1)", vehicle.vehicleId, vehicle.details.name ?? "", "\(vehicle.distance)", unit.displaySymbol,
                "\(vehicle.distanceMeters)", vehicle.mode == .byRoad ? "road" : "crow",
                vehicle.duration.map { "\(Self.seconds($0))" } ?? "",
                vehicle.eta.map { Formatting.timestamp($0) } ?? "",
                vehicle.coordinate.map { "\($0.latitude)" } ?? "", vehicle.coordinate.map { "\($0.longitude)" } ?? "",
                vehicle.state?.rawValue ?? "", vehicle.positionAge.map { "\($0)" } ?? "",
                vehicle.roadDistanceAtLeastMeters.map { "\($0)" } ?? "",
                vehicle.travelTimeAtLeast.map { "\(Self.seconds($0))" } ?? "",
            ] + answer)
        }
        return text
    }

    /// A duration in seconds (fractional).
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
