import ArgumentParser
import FleetDispatch
import FleetFile
import Foundation
import NearestVehicle

/// `nearest dispatch`: vehicles for many incidents at once, each vehicle at most once, least total distance.
struct DispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Assign vehicles to many incidents at once: optimal (least total crow-flies distance), no vehicle twice.",
        discussion: """
        The incidents file (CSV/TSV, NDJSON or GeoJSON) has latitude and longitude, and optionally id, vehicles \
        (how many it needs, 1 to 1000, default 1) and priority (lower first, default 1). Priority 1's incidents are \
        served from the whole eligible fleet first, then priority 2's from what is left, and so on; within a \
        priority the plan serves as many needed vehicles as the fleet allows, at the least total distance \
        (haversine), proven optimal. Incidents served short are listed with why. Nearest-first greedy (incidents in \
        file order, each taking its nearest free vehicles) is shown beside it. The fleet is one customer's. \
        --format geojson gives incidents, assigned vehicles and the lines between them as features; --svg writes \
        the same as a map sketch.

        --mode road asks Ocean (PAR_ROUTE) for each incident's 10 best vehicles by travel time (filters applied) \
        and assigns over those lists, minimising road distance or, with --road-cost duration, travel time. An \
        incident whose candidates all went to other incidents is reported incomplete (Ocean may know more \
        vehicles), never served blindly; the plan says whether a vehicle beyond the lists could have done better.

        Examples:
          nearest dispatch --incidents calls.csv
          nearest dispatch --incidents calls.csv --file fleet.csv --customer 1001 --state TRAVELING --format json
          nearest dispatch --incidents calls.geojson --ocean --customer 1001 --max-age 15min
          nearest dispatch --incidents calls.csv --format geojson --svg plan.svg > plan.geojson
          nearest dispatch --incidents calls.csv --mode road --ocean --customer 1001 --road-cost duration

        Exit codes: 0 success (incidents served short included); 1 runtime failure; 64 usage error.
        """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table, json, csv, geojson
    }

    enum Mode: String, CaseIterable, ExpressibleByArgument {
        /// As the crow flies, over the whole fleet source (exact).
        case crow
        /// By road: candidates from Ocean PAR_ROUTE, at most 10 per incident.
        case road
    }

    enum RoadCost: String, CaseIterable, ExpressibleByArgument {
        case distance, duration
    }

    @Option(name: .long, help: ArgumentHelp(
        "The incidents: CSV/TSV, NDJSON or GeoJSON with latitude, longitude and optional id, vehicles, priority.",
        valueName: "path"))
    var incidents: String

    @Option(name: .long, help: ArgumentHelp(
        "Unit of the distances shown: km, m, mi, nmi, ft, ... ('nearest units').", valueName: "unit"))
    var unit = "km"

    @Option(name: .long, help: ArgumentHelp("table, json, csv or geojson.", valueName: "format"))
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp(
        "Also write an SVG map sketch: incidents, assigned vehicles and the lines between them.", valueName: "path"))
    var svg: String?

    @Option(name: .long, help: ArgumentHelp(
        "crow: as the crow flies over the whole fleet source (proven optimal); road: candidates from Ocean "
            + "PAR_ROUTE (--ocean-url or OCEAN_BASE_URL, one --customer), its 10 best by travel time per incident.",
        valueName: "mode"))
    var mode: Mode = .crow

    @Option(name: .customLong("road-cost"), help: ArgumentHelp(
        "With --mode road, what the plan minimises: distance (road metres) or duration (travel time).",
        valueName: "cost"))
    var roadCost: RoadCost?

    @Flag(name: .long, help: "Print on stderr how long planning took (after loading), its rounds and candidates.")
    var stats = false

    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup(title: "Fleet source") var source: FleetSourceOptions

    func validate() throws {
        _ = try Arguments.unit(unit)
        guard source.customers.count <= 1 else { throw ValidationError("dispatch takes one --customer") }
        if mode == .road {
            _ = try source.oceanBaseURL()
        } else if roadCost != nil {
            throw ValidationError("--road-cost applies to --mode road only")
        }
    }

    func run() async throws {
        let fleet = try await source.load(filters: filters)
        filters.warnAboutMissingTimestamps(in: fleet)
        guard fleet.customers.count == 1, let customer = fleet.customers.first else {
            throw ValidationError("the fleet (\(fleet.name)) has customers "
                + fleet.allCustomers.map(TerminalText.escaped).joined(separator: ", ") + ": pick one with --customer")
        }
        let loaded = try loadIncidents()
        let plan: DispatchPlan
        let clock = ContinuousClock()
        let started = clock.now
        if mode == .road {
            plan = try await RoadDispatch(command: self, fleet: fleet).plan(loaded)
        } else {
            let dispatcher = Dispatcher(index: fleet.index, filter: try filters.filter(customerId: customer, now: fleet.now))
            do {
                plan = try dispatcher.plan(loaded)
            } catch {
                throw CLIError("dispatch: \(error)")
            }
        }
        if stats {
            let elapsed = clock.now - started
            let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
            let line = String(format: "dispatch: planned %d incidents in %.1f ms (greedy included): %d rounds, "
                + "%d candidates, %d dense levels\n", loaded.count, milliseconds, plan.rounds, plan.candidates,
                plan.denseLevels)
            FileHandle.standardError.write(Data(line.utf8))
        }
        let rendering = DispatchRendering(
            plan: plan, incidents: loaded, unit: try Arguments.unit(unit), fleet: fleet,
            incidentsName: (incidents as NSString).lastPathComponent)
        print(try rendering.render(format), terminator: "")
        if let svg {
            do {
                try rendering.svg().write(toFile: svg, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("cannot write --svg '\(svg)': \(error.localizedDescription)")
            }
        }
    }

    /// The incidents with their demand (malformed rows skipped with a summary, or fatal with `--strict`).
    func loadIncidents() throws -> [Incident] {
        let load = try IncidentFile.load(incidents, strict: source.strict, readsDemand: true)
        let name = load.file
        var seen: [ExactID: Int] = [:]  // ids byte for byte, as the dispatcher compares them
        var result: [Incident] = []
        for (index, (record, demand)) in zip(load.records, load.demands).enumerated() {
            if let first = seen[ExactID(record.id)] {
                throw CLIError("\(name):\(load.lines[index]): incident id \(TerminalText.quoted(record.id)) is already "
                    + "used on line \(first)")
            }
            seen[ExactID(record.id)] = load.lines[index]
            result.append(Incident(id: record.id, point: record.coordinate, vehiclesNeeded: demand.vehicles,
                                   priority: demand.priority))
        }
        return result
    }
}
