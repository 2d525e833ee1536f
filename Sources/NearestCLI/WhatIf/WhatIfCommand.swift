import FleetFile
import ArgumentParser
import Foundation
import Geo
import NearestVehicle
import Proj

/// `nearest what-if`: how many vehicles are within each radius of an incident, or of many incidents.
struct WhatIfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Count the vehicles within radii of an incident (--at) or of every incident in a file.",
        discussion: """
        For each radius (inclusive): the vehicles within and the nearest one. With --incidents: the share of \
        incidents covered by at least --min-vehicles vehicles, the median and 90th percentile distance to the \
        nearest vehicle, and the worst-covered incidents. The incidents file has latitude/longitude columns \
        (CSV, NDJSON or GeoJSON; an optional id). --svg writes a map sketch (one incident: azimuthal equidistant \
        projection centred on it, radius circles, vehicles) or a coverage-vs-radius chart (several incidents).

        Examples:
          nearest what-if --at 48.8566,2.3522 --radius 1,2,5,10 --unit km
          nearest what-if --incidents calls.csv --radius 1,2,5 --min-vehicles 2 --svg coverage.svg
          nearest what-if --at 48.8566,2.3522 --radius 0.5,1 --unit mi --state TRAVELING --format json

        Exit codes: 0 success; 1 runtime failure (unreadable file, bad record with --strict); 64 usage error.
        """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table, json, csv
    }

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "The incident, LAT,LON in WGS84 degrees (negative values work: --at -33.9,151.2).", valueName: "lat,lon"),
            transform: Arguments.coordinate)
    var at: Coordinate?

    @Option(name: .long, help: ArgumentHelp(
        "A file of incidents (CSV/TSV, NDJSON or GeoJSON with latitude and longitude; id optional).",
        valueName: "path"))
    var incidents: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Radii, comma-separated, in --unit.",
                                                                      valueName: "list"))
    var radius: String

    @Option(name: .long, help: ArgumentHelp(
        "Unit of --radius and of distances: km, m, mi, nmi, ft, ... ('nearest units').", valueName: "unit"))
    var unit = "km"

    @Option(name: .customLong("min-vehicles"), parsing: .unconditional, help: ArgumentHelp(
        "An incident is covered at a radius when at least this many vehicles are within it.", valueName: "n"),
            transform: { try Arguments.count($0, option: "--min-vehicles") })
    var minVehicles = 1

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How many worst-covered incidents to list.",
                                                                      valueName: "n"),
            transform: { try Arguments.count($0, option: "--worst") })
    var worst = 5

    @Flag(name: .long, help: "Measure on the WGS84 ellipsoid (PROJ geodesic) instead of the sphere (haversine).")
    var exact = false

    @Option(name: .long, help: ArgumentHelp("table, json or csv.", valueName: "format"))
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp(
        "Also write an SVG: a map sketch for one incident, a coverage chart for several.", valueName: "path"))
    var svg: String?

    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup(title: "Fleet source") var source: FleetSourceOptions

    func validate() throws {
        switch (at, incidents) {
        case (nil, nil): throw ValidationError("give the incident with --at LAT,LON or a file with --incidents")
        case (.some, .some): throw ValidationError("give either --at or --incidents, not both")
        default: break
        }
        let unit = try Arguments.unit(unit)
        for value in try Arguments.radii(radius) { _ = try Arguments.radius(value, unit) }
        guard (1...Arguments.maxCount).contains(minVehicles) else {
            throw ValidationError("--min-vehicles must be from 1 to \(Arguments.maxCount), not \(minVehicles)")
        }
        guard (0...Arguments.maxCount).contains(worst) else {
            throw ValidationError("--worst must be from 0 to \(Arguments.maxCount), not \(worst)")
        }
    }

    func run() async throws {
        let fleet = try await source.load(filters: filters)
        filters.warnAboutMissingTimestamps(in: fleet)
        let analysis = try WhatIfAnalysis(
            fleet: fleet, incidents: try loadIncidents(), radii: try Arguments.radii(radius),
            unit: try Arguments.unit(unit), minVehicles: minVehicles, filters: filters, model: exact ? .wgs84 : .sphere)
        let rendering = WhatIfRendering(analysis: analysis, fleet: fleet, incidentsName: incidents.map {
            ($0 as NSString).lastPathComponent
        }, worst: worst)
        print(try rendering.render(format), terminator: "")
        if let svg {
            let document = try rendering.svg(fleet: fleet, filters: filters)
            do {
                try document.write(toFile: svg, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("cannot write --svg '\(svg)': \(error.localizedDescription)")
            }
        }
    }

    /// `--at`, or the rows of `--incidents` (malformed rows skipped with a summary, or fatal with `--strict`).
    func loadIncidents() throws -> [WhatIfAnalysis.Incident] {
        if let at { return [WhatIfAnalysis.Incident(id: "incident", coordinate: at)] }
        guard let incidents else { return [] }
        let load = try IncidentFile.load(incidents, strict: source.strict)
        return load.records.map { WhatIfAnalysis.Incident(id: $0.id, coordinate: $0.coordinate) }
    }
}
