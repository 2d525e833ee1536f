import Foundation
import NearestVehicle
import NearestVehicleService
import Proj

/// A by-road answer as a table, JSON or CSV. Each row says which mode measured it: `road` from Ocean, or
/// `crow` when a degraded answer stood in (`--fallback crow`).
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

    func table() -> String {
        let within = command.radius.map { " within \(Formatting.radius($0, unit))" } ?? ""
        var text = "\(command.k) nearest vehicles by road to \(Formatting.coordinate(request.point))\(within), "
            + "customer \(request.customerId), Ocean PAR_ROUTE\n"
        if let degradation = response.degradation {
            text += "DEGRADED: \(degradation); distances below are crow-flies from \(fleet.name)\n"
        }
        text += "\n"
        guard !response.vehicles.isEmpty else { return text + "No vehicle matches.\n" }
        var table = Table(headers: ["#", "vehicle", "name", "distance", "by", "travel time", "ETA", "state",
                                    "position age"], numericColumns: [0, 3, 5, 8])
        for (rank, vehicle) in response.vehicles.enumerated() {
            table.rows.append([
                "\(rank + 1)", vehicle.vehicleId, vehicle.details.name ?? "",
                Formatting.distance(vehicle.distanceMeters, unit), vehicle.mode == .byRoad ? "road" : "crow",
                vehicle.duration.map { Formatting.age(Double($0.components.seconds)) } ?? "",
                vehicle.eta.map { Formatting.timestamp($0) } ?? "", vehicle.state?.rawValue ?? "",
                vehicle.positionAge.map { Formatting.age($0) } ?? "",
            ])
        }
        return text + table.render()
    }

    static let csvHeader = ["rank", "id", "name", "distance", "unit", "distance_m", "mode", "duration_s", "eta",
                            "latitude", "longitude", "state", "age_s"]

    func csv() -> String {
        var text = Formatting.csvLine(Self.csvHeader)
        for (rank, vehicle) in response.vehicles.enumerated() {
            text += Formatting.csvLine([
                "\(rank + 1)", vehicle.vehicleId, vehicle.details.name ?? "", "\(vehicle.distance)", unit.displaySymbol,
                "\(vehicle.distanceMeters)", vehicle.mode == .byRoad ? "road" : "crow",
                vehicle.duration.map { "\(Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18)" } ?? "",
                vehicle.eta.map { Formatting.timestamp($0) } ?? "",
                vehicle.coordinate.map { "\($0.latitude)" } ?? "", vehicle.coordinate.map { "\($0.longitude)" } ?? "",
                vehicle.state?.rawValue ?? "", vehicle.positionAge.map { "\($0)" } ?? "",
            ])
        }
        return text
    }
}
