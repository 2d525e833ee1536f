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
          nearest query --at 45.76,4.83 --file l93.csv --crs EPSG:2154 --format geojson

        Exit codes: 0 success; 1 runtime failure (unreadable file, bad record with --strict); 64 usage error.
        """)

    /// Output formats.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table, json, csv, geojson
        /// The shape of Ocean's nearestVehicles answer (an array; distance in metres).
        case oceanJSON = "ocean-json"
    }

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "The point, LAT,LON in WGS84 degrees (negative values work: --at -33.9,151.2).", valueName: "lat,lon"),
            transform: Arguments.coordinate)
    var at: Coordinate

    @Option(name: .long, help: ArgumentHelp("How many vehicles, at least 1.", valueName: "k"))
    var k = 10

    @Option(name: .long, help: ArgumentHelp("Only vehicles at most this far (inclusive), in --unit.",
                                            valueName: "distance"))
    var radius: Double?

    @Flag(name: .long, help: "Every vehicle within --radius, not only the k nearest.")
    var all = false

    @Option(name: .long, help: ArgumentHelp(
        "Unit of --radius and of the distances shown: km, m, mi, nmi, ft, ... ('nearest units').", valueName: "unit"))
    var unit = "km"

    @Flag(name: .long, help: "Rank by the WGS84 ellipsoidal geodesic (PROJ) instead of the sphere (haversine).")
    var exact = false

    @Option(name: .long, help: ArgumentHelp("table, json, ocean-json, csv or geojson.", valueName: "format"))
    var format: Format = .table

    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup(title: "Fleet source") var source: FleetSourceOptions

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1, not \(k)") }
        let unit = try Arguments.unit(unit)
        if let radius { _ = try Arguments.radius(radius, unit) }
        if all && radius == nil { throw ValidationError("--all needs --radius") }
    }

    func run() async throws {
        let fleet = try await source.load()
        filters.warnAboutMissingTimestamps(in: fleet)
        print(try Self.answer(to: self, in: fleet), terminator: "")
    }

    /// Runs the query and renders it in ``format``.
    static func answer(to command: QueryCommand, in fleet: LoadedFleet) throws -> String {
        let unit = try Arguments.unit(command.unit)
        let radius = try command.radius.map { try Arguments.radius($0, unit) }
        let options = QueryOptions(model: command.exact ? .wgs84 : .sphere, unit: unit)
        let answer = if command.all, let radius {
            try fleet.within(radius, of: command.at, filter: command.filters, options: options)
        } else {
            try fleet.nearest(command.k, to: command.at, within: radius, filter: command.filters, options: options)
        }
        let rendering = QueryRendering(command: command, fleet: fleet, answer: answer, unit: unit)
        return try rendering.render(command.format)
    }
}
