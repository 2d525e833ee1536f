import Foundation
import Geo
import NearestVehicle
import Proj

/// A what-if analysis as a table for a dispatcher, JSON, CSV, or SVG.
struct WhatIfRendering {
    let analysis: WhatIfAnalysis
    let fleet: LoadedFleet
    /// The incidents file's name; nil for `--at`.
    let incidentsName: String?
    let worst: Int

    var unit: LengthUnit { analysis.unit }
    var single: Bool { analysis.results.count == 1 && incidentsName == nil }
    var modelName: String { analysis.model == .wgs84 ? "WGS84 geodesic" : "crow-flies (haversine)" }

    func render(_ format: WhatIfCommand.Format) throws -> String {
        switch format {
        case .table: single ? singleTable() : manyTable()
        case .json: try Formatting.json(WhatIfJSON(self))
        case .csv: csv()
        }
    }

    func distance(_ nearby: NearbyVehicle?) -> String {
        nearby.map { Formatting.distance($0.distanceMeters, unit) } ?? "none"
    }

    // MARK: - Table

    func singleTable() -> String {
        let result = analysis.results[0]
        var text = "What-if at \(Formatting.coordinate(result.incident.coordinate)), \(modelName)\n"
        text += "\(fleet.summary); ages at \(Formatting.timestamp(fleet.now))\n\n"
        let showCustomer = fleet.customers.count > 1
        var table = Table(headers: ["radius", "vehicles within", "nearest vehicle"] + (showCustomer ? ["customer"] : [])
                          + ["distance", "position age", "states within"])
        table.numericColumns = showCustomer ? [0, 1, 4, 5] : [0, 1, 3, 4]
        for coverage in result.coverage {
            let nearest = coverage.nearest
            table.rows.append([Formatting.radius(coverage.radius, unit), "\(coverage.vehiclesWithin)",
                               nearest?.vehicle.id ?? "none"]
                              + (showCustomer ? [nearest?.vehicle.customerId ?? ""] : [])
                              + [nearest.map { Formatting.distance($0.distanceMeters, unit) } ?? "",
                                 nearest.map { Formatting.age($0.positionAge) } ?? "",
                                 Self.states(coverage.states)])
        }
        text += table.render()
        if result.coverage.last?.nearest == nil {
            if let nearest = result.nearest {
                text += "\nNearest vehicle beyond the radii: \(nearest.vehicle.id) at \(distance(nearest)).\n"
            } else {
                text += "\nNo eligible vehicle at any distance.\n"
            }
        }
        text += exclusionNote(result.excluded)
        return text
    }

    /// "TRAVELING 5, STOPPED 3, WAITING 2, 4 other": the three most common states, most common first.
    static func states(_ counts: [String: Int]) -> String {
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var parts = ranked.prefix(3).map { "\($0.key) \($0.value)" }
        let rest = ranked.dropFirst(3).reduce(0) { $0 + $1.value }
        if rest > 0 { parts.append("\(rest) other") }
        return parts.joined(separator: ", ")
    }

    func exclusionNote(_ excluded: ExclusionCounts) -> String {
        guard excluded.total > 0, let largest = analysis.radii.last else { return "" }
        return "\nNot counted, within \(Formatting.radius(largest, unit)): " + Formatting.exclusions(excluded) + ".\n"
    }

    func manyTable() -> String {
        let count = analysis.results.count
        let source = incidentsName ?? "--at"
        let vehicles = analysis.minVehicles == 1 ? "1 vehicle" : "\(analysis.minVehicles) vehicles"
        var text = "What-if for \(count) incidents (\(source)), \(modelName); covered = at least \(vehicles) "
            + "within the radius\n\(fleet.summary); ages at \(Formatting.timestamp(fleet.now))\n\n"
        var table = Table(headers: ["radius", "incidents covered", "share", "median vehicles within"],
                          numericColumns: [0, 1, 2, 3])
        for summary in analysis.summaries {
            table.rows.append([Formatting.radius(summary.radius, unit), "\(summary.covered) of \(count)",
                               String(format: "%.1f %%", summary.share * 100),
                               Formatting.number(summary.medianVehiclesWithin)])
        }
        text += table.render()
        text += "\nDistance to the nearest vehicle: median "
            + Formatting.distance(analysis.medianNearestMeters ?? .infinity, unit) + ", 90th percentile "
            + Formatting.distance(analysis.p90NearestMeters ?? .infinity, unit)
        let unreachable = analysis.unreachable
        text += unreachable > 0 ? "; \(unreachable) incidents have no eligible vehicle at all.\n" : ".\n"
        let worstResults = analysis.worst(worst)
        guard !worstResults.isEmpty else { return text }
        text += "\nWorst-covered incidents:\n"
        var worstTable = Table(headers: ["incident", "latitude", "longitude", "nearest vehicle", "distance"]
                               + analysis.radii.map { "within \(Formatting.radius($0, unit))" })
        worstTable.numericColumns = Set([1, 2, 4] + analysis.radii.indices.map { $0 + 5 })
        for result in worstResults {
            worstTable.rows.append([result.incident.id, String(format: "%.6f", result.incident.coordinate.latitude),
                                    String(format: "%.6f", result.incident.coordinate.longitude),
                                    result.nearest?.vehicle.id ?? "none", distance(result.nearest)]
                                   + result.coverage.map { "\($0.vehiclesWithin)" })
        }
        return text + worstTable.render()
    }

    // MARK: - CSV

    static let csvHeader = ["incident", "latitude", "longitude", "radius", "unit", "vehicles_within", "covered",
                            "nearest_id", "nearest_customer", "nearest_distance", "nearest_distance_m"]

    /// One row per incident and radius; the nearest columns are empty when no vehicle is within the radius.
    func csv() -> String {
        var text = Formatting.csvLine(Self.csvHeader)
        for result in analysis.results {
            for coverage in result.coverage {
                let nearest = coverage.nearest
                text += Formatting.csvLine([
                    result.incident.id, "\(result.incident.coordinate.latitude)",
                    "\(result.incident.coordinate.longitude)", "\(coverage.radius)", unit.displaySymbol,
                    "\(coverage.vehiclesWithin)", "\(coverage.vehiclesWithin >= analysis.minVehicles)",
                    nearest?.vehicle.id ?? "", nearest?.vehicle.customerId ?? "",
                    nearest.map { "\(unit.value(fromMeters: $0.distanceMeters))" } ?? "",
                    nearest.map { "\($0.distanceMeters)" } ?? "",
                ])
            }
        }
        return text
    }

    // MARK: - SVG

    /// A map sketch for one incident (vehicles within 1.1 × the largest radius, the nearest in red), or the
    /// coverage-vs-radius chart for several.
    func svg(fleet: LoadedFleet, filters: FilterOptions) throws -> String {
        let labels = analysis.radii.map { Formatting.radius($0, unit) }
        guard single else {
            return SVG.coverageChart(
                title: "Incidents covered by at least \(analysis.minVehicles) vehicle(s), \(analysis.results.count) incidents",
                radiusLabels: labels, values: analysis.summaries.map { $0.share * 100 }, yLabel: "incidents covered (%)",
                yMax: 100, valueLabel: { String(format: "%.0f %%", $0) })
        }
        let result = analysis.results[0]
        let largest = unit.meters(analysis.radii.last ?? 0)
        let shown = try fleet.within(max(largest, 1) * 1.1, of: result.incident.coordinate,
                                     filter: filters, options: QueryOptions(model: analysis.model))
        let vehicles = shown.vehicles.map { nearby in
            SVG.MapVehicle(id: nearby.vehicle.id, coordinate: nearby.vehicle.coordinate,
                           state: nearby.vehicle.state.rawValue,
                           highlighted: nearby.vehicle.id == result.nearest?.vehicle.id)
        }
        do {
            return try SVG.map(
                title: "Vehicles around \(Formatting.coordinate(result.incident.coordinate)) (\(fleet.name))",
                center: result.incident.coordinate,
                radii: analysis.radii.map { (Formatting.radius($0, unit), unit.meters($0)) }, vehicles: vehicles)
        } catch {
            throw CLIError("cannot draw the map: \(error)")
        }
    }
}
