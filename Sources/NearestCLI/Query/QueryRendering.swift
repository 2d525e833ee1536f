import Foundation
import Geo
import NearestVehicle
import Proj

/// A query's answer in each output format. Machine formats (json, csv, geojson, ocean-json) hold only data;
/// the table adds a title line and a note on what the filters excluded.
struct QueryRendering {
    let command: QueryCommand
    let fleet: LoadedFleet
    let answer: NearbyVehicles
    let unit: LengthUnit

    func render(_ format: QueryCommand.Format) throws -> String {
        switch format {
        case .table: table()
        case .json: try Formatting.json(JSONAnswer(self))
        case .csv: csv()
        case .geojson: try Formatting.json(GeoJSONAnswer(self))
        case .oceanJSON: try Formatting.json(answer.vehicles.map(OceanNearestVehicleJSON.init))
        }
    }

    var modelName: String { answer.model == .wgs84 ? "WGS84 geodesic" : "crow-flies (haversine)" }

    /// "10 nearest vehicles to 48.8566, 2.3522 within 5 km".
    var title: String {
        let what: String
        if command.all, let radius = command.radius {
            what = "Vehicles within \(Formatting.radius(radius, unit)) of \(Formatting.coordinate(command.at))"
        } else {
            let within = command.radius.map { " within \(Formatting.radius($0, unit))" } ?? ""
            what = "\(command.k) nearest vehicles to \(Formatting.coordinate(command.at))\(within)"
        }
        return "\(what), \(modelName); \(fleet.summary); ages at \(Formatting.timestamp(fleet.now))"
    }

    func table() -> String {
        let text = title + "\n\n"
        guard !answer.vehicles.isEmpty else {
            return text + "No vehicle matches.\n" + exclusionNote()
        }
        let showCustomer = fleet.customers.count > 1
        var table = Table(headers: ["#", "vehicle"] + (showCustomer ? ["customer"] : [])
                          + ["distance", "position age", "state", "entity", "group", "latitude", "longitude"])
        table.numericColumns = showCustomer ? [0, 3, 4, 8, 9] : [0, 2, 3, 7, 8]
        for (rank, nearby) in answer.vehicles.enumerated() {
            let vehicle = nearby.vehicle
            var state = vehicle.state.rawValue
            if vehicle.isPrivacyMode { state += " (private)" }
            table.rows.append(["\(rank + 1)", vehicle.id] + (showCustomer ? [vehicle.customerId] : []) + [
                Formatting.distance(nearby.distanceMeters, unit), Formatting.age(nearby.positionAge), state,
                vehicle.entityId ?? "", vehicle.groupId ?? "",
                String(format: "%.6f", vehicle.coordinate.latitude), String(format: "%.6f", vehicle.coordinate.longitude),
            ])
        }
        return text + table.render() + exclusionNote()
    }

    /// "Not shown, as near or nearer: 2 in privacy mode (--include-private), 1 older than --max-age."
    func exclusionNote() -> String {
        let excluded = answer.excluded
        guard excluded.total > 0 else { return "" }
        let scope = command.all || answer.vehicles.count < command.k ? "within the search" : "as near or nearer"
        return "\nNot shown, \(scope): " + Formatting.exclusions(excluded) + ".\n"
    }

    static let csvHeader = ["rank", "id", "customer", "distance", "unit", "distance_m", "latitude", "longitude",
                            "timestamp", "age_s", "state", "entity", "group", "privacy"]

    func csv() -> String {
        var text = Formatting.csvLine(Self.csvHeader)
        for (rank, nearby) in answer.vehicles.enumerated() {
            let vehicle = nearby.vehicle
            text += Formatting.csvLine([
                "\(rank + 1)", vehicle.id, vehicle.customerId, "\(unit.value(fromMeters: nearby.distanceMeters))",
                unit.displaySymbol,
                "\(nearby.distanceMeters)", "\(vehicle.coordinate.latitude)", "\(vehicle.coordinate.longitude)",
                Formatting.timestamp(vehicle.timestamp), "\(nearby.positionAge)", vehicle.state.rawValue,
                vehicle.entityId ?? "", vehicle.groupId ?? "", "\(vehicle.isPrivacyMode)",
            ])
        }
        return text
    }
}
