import ArgumentParser
import Foundation
import Geo
import NearestVehicle
import Proj

/// `nearest query`: the vehicles nearest to a point, as the crow flies, from a file or the sample fleet.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "List the vehicles nearest to a point (crow-flies; --exact for the WGS84 ellipsoid).",
        discussion: """
        Results are sorted by distance, ties by vehicle id. The radius is inclusive. With several customers in the \
        fleet, each is searched separately and the results merged (a 'customer' column says whose vehicle it is); \
        --customer restricts the search.

        Examples:
          nearest query --at 48.8566,2.3522
          nearest query --at -33.9,151.2 --file fleet.csv --k 5 --format json
          nearest query --at 48.8566,2.3522 --radius 2 --all --state TRAVELING
          nearest query --at 48.8566,2.3522 --ocean --customer 1001 --max-age 15min
          nearest query --at 48.85,2.35 --mode road --ocean --customer 1001 --k 5 --state TRAVELING --fill crow
          nearest query --at 45.76,4.83 --file l93.csv --crs EPSG:2154 --format geojson

        Exit codes: 0 success; 1 runtime failure (unreadable file, bad record with --strict); 64 usage error.
        """)

    /// Output formats.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table, json, csv, geojson
        /// The shape of Ocean's nearestVehicles answer (an array; distance in metres).
        case oceanJSON = "ocean-json"
    }

    /// How distances are measured.
    enum Mode: String, CaseIterable, ExpressibleByArgument {
        /// As the crow flies, from the local fleet.
        case crow
        /// By road, asked of Ocean (PAR_ROUTE).
        case road
    }

    /// What `--mode road` adds to an incomplete answer.
    enum Fill: String, CaseIterable, ExpressibleByArgument {
        /// Nothing: the short answer, marked incomplete.
        case none
        /// The nearest eligible vehicles as the crow flies, marked.
        case crow
    }

    /// What `--mode road` does when Ocean is unavailable.
    enum Fallback: String, CaseIterable, ExpressibleByArgument {
        /// Fail (exit 1).
        case fail
        /// Answer crow-flies from the local fleet, with a warning and the answer marked degraded.
        case crow
    }

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "The point, LAT,LON in WGS84 degrees (negative values work: --at -33.9,151.2).", valueName: "lat,lon"),
            transform: Arguments.coordinate)
    var at: Coordinate

    // `.unconditional`: `--k -1` is a value to refuse clearly, not a missing value followed by an option.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "How many vehicles, 1 to \(Arguments.maxK).", valueName: "k"), transform: { try Arguments.count($0, option: "--k") })
    var k = 10

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Only vehicles at most this far (inclusive), in --unit.", valueName: "distance"),
            transform: { try Arguments.decimal($0, option: "--radius") })
    var radius: Double?

    @Flag(name: .long, help: "Every vehicle within --radius, not only the k nearest.")
    var all = false

    @Option(name: .long, help: ArgumentHelp(
        "Unit of --radius and of the distances shown: km, m, mi, nmi, ft, ... ('nearest units').", valueName: "unit"))
    var unit = "km"

    @Flag(name: .long, help: "Rank by the WGS84 ellipsoidal geodesic (PROJ) instead of the sphere (haversine).")
    var exact = false

    @Option(name: .long, help: ArgumentHelp(
        "crow: as the crow flies, from the fleet source; road: by road, asked of Ocean (PAR_ROUTE, --ocean-url or "
            + "OCEAN_BASE_URL; one --customer; at most 10 vehicles). Formats for road: table, json, csv.",
        valueName: "mode"))
    var mode: Mode = .crow

    @Option(name: .long, help: ArgumentHelp(
        "With --mode road, when Ocean is unavailable (timeout, 5xx, 429, unreachable): fail, or crow to answer "
            + "crow-flies from the fleet source, marked degraded. A refused request (credentials, rights) always "
            + "fails.", valueName: "policy"))
    var fallback: Fallback = .fail

    @Option(name: .long, help: ArgumentHelp(
        "With --mode road, when Ocean's answer holds fewer than --k eligible vehicles and Ocean may know more: none "
            + "(show the short answer, marked incomplete), or crow to append the nearest eligible vehicles as the "
            + "crow flies from the fleet source, each marked 'crow' with its by-road lower bound.",
        valueName: "policy"))
    var fill: Fill = .none

    @Option(name: .long, help: ArgumentHelp("table, json, ocean-json, csv or geojson.", valueName: "format"))
    var format: Format = .table

    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup(title: "Fleet source") var source: FleetSourceOptions

    func validate() throws {
        guard (1...Arguments.maxK).contains(k) else {
            throw ValidationError("--k must be from 1 to \(Arguments.maxK), not \(k)")
        }
        let unit = try Arguments.unit(unit)
        if let radius { _ = try Arguments.radius(radius, unit) }
        if all && radius == nil { throw ValidationError("--all needs --radius") }
        if mode == .road {
            guard k <= 10 else { throw ValidationError("--mode road returns at most 10 vehicles (--k \(k))") }
            if all { throw ValidationError("--all is not available with --mode road") }
            guard [.table, .json, .csv].contains(format) else {
                throw ValidationError("--format \(format.rawValue) is not available with --mode road (table, json, csv)")
            }
            if let radius, radius <= 0 { throw ValidationError("--mode road needs a --radius above 0") }
            guard source.customers.count <= 1 else { throw ValidationError("--mode road takes one --customer") }
            _ = try source.oceanBaseURL()
        } else if fallback != .fail {
            throw ValidationError("--fallback applies to --mode road only")
        } else if fill != .none {
            throw ValidationError("--fill applies to --mode road only")
        }
    }

    func run() async throws {
        let fleet = try await source.load(filters: filters)
        filters.warnAboutMissingTimestamps(in: fleet)
        if mode == .road {
            print(try await RoadQuery(command: self, fleet: fleet).run(), terminator: "")
        } else {
            print(try Self.answer(to: self, in: fleet), terminator: "")
        }
    }

    /// Runs the query and renders it in ``format``.
    static func answer(to command: QueryCommand, in fleet: LoadedFleet) throws -> String {
        let unit = try Arguments.unit(command.unit)
        // The index works in metres: the radius is converted here, distances in the renderers.
        let radiusMeters = try command.radius.map { try Arguments.radius($0, unit).meters }
        let options = QueryOptions(model: command.exact ? .wgs84 : .sphere)
        let answer = if command.all, let radiusMeters {
            try fleet.within(radiusMeters, of: command.at, filter: command.filters, options: options)
        } else {
            try fleet.nearest(command.k, to: command.at, within: radiusMeters, filter: command.filters,
                              options: options)
        }
        let rendering = QueryRendering(command: command, fleet: fleet, answer: answer, unit: unit)
        return try rendering.render(command.format)
    }
}
