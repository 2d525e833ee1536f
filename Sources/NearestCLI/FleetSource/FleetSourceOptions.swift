import FleetFile
import ArgumentParser
import Foundation
import Logging
import NearestVehicle
import NearestVehicleOcean
import OceanAPI

extension FleetFileFormat: ExpressibleByArgument {}

/// Where the fleet comes from, shared by `query` and `what-if`: a file (`--file`, with `--input-format`, `--crs`,
/// `--strict`), Ocean live (`--ocean`, one FleetSync per customer), or, with no source, the sample fleet bundled
/// with the library; and which customers to search.
struct FleetSourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Fleet file: CSV/TSV, NDJSON, GeoJSON or an Ocean vehiclePositions dump. Default: the bundled sample fleet "
            + "(3012 vehicles around Paris, Lyon and Marseille, customers 1001 and 1002).",
        valueName: "path"))
    var file: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Read the fleet live from Ocean (vehiclePositions, through FleetSync) for each --customer (or "
            + "OCEAN_CUSTOMER_ID). Credentials from OCEAN_LOGIN and OCEAN_PASSWORD; never printed."))
    var ocean = false

    @Option(name: .customLong("ocean-url"), help: ArgumentHelp(
        "Ocean base URL for --ocean and --mode road (an emulator, e.g. http://127.0.0.1:8080). Default: "
            + "OCEAN_BASE_URL, else "
            + "https://v3.oceansystem.com/ocean-3.0.0.", valueName: "url"))
    var oceanURL: String?

    @Option(name: .customLong("input-format"), help: ArgumentHelp(
        "Format of --file: csv, ndjson, geojson or ocean. Default: from the extension, then the content.",
        valueName: "format"))
    var inputFormat: FleetFileFormat?

    @Option(name: .long, help: ArgumentHelp(
        "CRS of the file's x/y (or longitude/latitude) columns, e.g. EPSG:2154 (Lambert-93); transformed to WGS84 "
            + "with PROJ.", valueName: "crs"))
    var crs: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Stop at the first malformed record with file:line and reason (exit 1). Default: skip such records and "
            + "print a summary on stderr."))
    var strict = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "Search only this customer's vehicles (repeatable, or comma-separated). Default: every customer of the "
            + "fleet, each searched separately and the results merged. Records without a customer belong to "
            + "customer 'default'.", valueName: "id"))
    var customer: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Reference time for position ages and --max-age (ISO 8601 or Unix seconds). Default: the sample fleet's "
            + "2025-06-01T12:00:00Z, else the load time. Records without a timestamp get this time.",
        valueName: "time"))
    var now: String?

    func validate() throws {
        if ocean && file != nil { throw ValidationError("give either --file or --ocean, not both") }
        if ocean {
            _ = try oceanBaseURL()
            for customer in customers where Int64(customer) == nil {
                throw ValidationError("--customer '\(customer)': Ocean customer ids are integers")
            }
        }
        if file == nil {
            if inputFormat != nil { throw ValidationError("--input-format needs --file") }
            if crs != nil { throw ValidationError("--crs needs --file") }
        }
        _ = try referenceTime()
        if let crs {
            do {
                _ = try FleetFileLoader.transform(crs)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    /// The customers asked for, comma-separated values split.
    var customers: [String] {
        customer.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    /// `--now`, parsed; nil when not given.
    func referenceTime() throws -> Date? {
        guard let now else { return nil }
        guard let date = StrictTimestamp.parse(now) else {
            throw ValidationError("--now \(TerminalText.quoted(now)) is neither ISO 8601 nor Unix seconds "
                + "(YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM] with every field in range, or a decimal within ±1e11)")
        }
        return date
    }

    /// `--ocean-url`, parsed; nil when not given.
    func oceanBaseURL() throws -> URL? {
        guard let oceanURL else { return nil }
        guard let url = URL(string: oceanURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              url.host != nil else {
            throw ValidationError("--ocean-url '\(oceanURL)' is not an http(s) URL")
        }
        return url
    }

    /// Loads the fleet into a `FleetIndex` and selects the customers.
    ///
    /// Prints, on stderr, the summary of skipped records (count and the first few reasons), of older positions
    /// of vehicles listed more than once, and of positions dated in the future beyond `filters`' clock-skew
    /// tolerance: with `--max-age` those are excluded (a position from the future is not fresh), without it they
    /// are kept and only reported.
    /// - Throws: `CLIError` for an unreadable file, (with `--strict`) the first malformed record, or an Ocean
    ///   failure; `ValidationError` (exit 64) for a `--customer` the fleet does not have, listing those it has.
    func load(filters: FilterOptions) async throws -> LoadedFleet {
        if ocean { return try await loadFromOcean(filters: filters) }
        let explicitNow = try referenceTime()
        let name: String, now: Date, ingest: FleetIngest
        var rejected: [RejectedRecord] = []
        var withoutTimestamp = 0
        if let path = self.file {
            now = explicitNow ?? Date()
            name = (path as NSString).lastPathComponent
            var loader = FleetFileLoader(format: inputFormat, crs: crs, strict: strict,
                                         progress: LoadProgress(label: "loading \(path)"))
            loader.referenceTime = now
            let load: FleetFileLoad
            do {
                load = try loader.load(path: path)
            } catch {
                if let rejection = error as? RejectedRecord { throw CLIError("\(rejection) (--strict)") }
                throw error
            }
            ingest = try FleetIngest(file: name, now: now, strict: strict, filters: filters)
            try ingest.build(load.records, lines: load.lines)
            rejected = load.rejected
            withoutTimestamp = load.recordsWithoutTimestamp
        } else {
            now = explicitNow ?? SampleFleet.referenceDate
            name = "sample fleet"
            let positions: [VehiclePosition]
            do {
                positions = try SampleFleet.load()
            } catch {
                throw CLIError("\(error)")
            }
            ingest = try FleetIngest(file: SampleFleet.fileName, now: now, strict: strict, filters: filters)
            try ingest.build(positions, lines: positions.indices.map { $0 + 2 })
        }
        rejected += ingest.rejected
        let index = ingest.index
        Self.printSummary(name: name, total: ingest.accepted + rejected.count + ingest.future.excluded.count,
                          rejected: rejected, olderIgnored: ingest.olderIgnored)
        Self.printFuture(name: name, ingest.future)
        let all = index.customerIds
        let selected: [String]
        if customers.isEmpty {
            selected = all
        } else {
            let unknown = customers.filter { !all.contains($0) }
            guard unknown.isEmpty else {
                throw ValidationError("unknown customer \(TerminalText.quoted(unknown[0])): the fleet (\(name)) has "
                    + "customers " + (all.isEmpty ? "none" : all.map(TerminalText.escaped).joined(separator: ", ")))
            }
            selected = Array(Set(customers)).sorted()
        }
        return LoadedFleet(index: index, name: name, customers: selected, allCustomers: all, now: now,
                           recordsWithoutTimestamp: withoutTimestamp)
    }

    /// Failures reach the user as one `error:` line, not as log lines.
    static let quietLogger: Logger = {
        var logger = Logger(label: "nearest")
        logger.logLevel = .critical
        return logger
    }()

    /// An Ocean client for `--ocean` and `--mode road`: base URL from `--ocean-url`, else `OCEAN_BASE_URL`, else
    /// Ocean's; credentials from `OCEAN_LOGIN` / `OCEAN_PASSWORD` (never printed).
    /// - Throws: `CLIError` naming a missing or invalid variable.
    func oceanClient() throws -> (OceanClient, OceanClientConfiguration) {
        let configuration: OceanClientConfiguration
        do {
            configuration = try OceanClientConfiguration.fromEnvironment(baseURL: try oceanBaseURL())
        } catch {
            if error is ValidationError { throw error }
            throw CLIError("Ocean: \(error)")
        }
        return (OceanClient(configuration: configuration, logger: Self.quietLogger), configuration)
    }

    /// One `FleetSyncSnapshot` (the one Ocean -> core mapping, as FleetSync takes it) per customer into a fresh
    /// index. Vehicles Ocean lists without a usable position are summarised on stderr (privacy mode is normal and
    /// not reported); positions dated after the reference time beyond the clock-skew tolerance are treated as a
    /// file's are (``FuturePositions``: excluded with `--max-age`, counted without), located as
    /// "Ocean host customer 1001:N" (N: the vehicle's rank in Ocean's answer, from 1).
    private func loadFromOcean(filters: FilterOptions) async throws -> LoadedFleet {
        let now = try referenceTime() ?? Date()
        let (client, configuration) = try oceanClient()
        let customerIds = customers.isEmpty ? configuration.customerId.map { [$0] } ?? [] : customers.compactMap { Int64($0) }
        guard !customerIds.isEmpty else {
            throw ValidationError("--ocean needs --customer ID (or OCEAN_CUSTOMER_ID)")
        }
        let excludesFuture = try filters.maxAgeSeconds() != nil
        var future = FuturePositions(skewSeconds: try filters.maxClockSkewSeconds())
        let index = FleetIndex()
        let name = "Ocean \(configuration.baseURL.host ?? configuration.baseURL.absoluteString)"
        for customerId in Set(customerIds).sorted() {
            let snapshot: FleetSyncSnapshot
            do {
                snapshot = try await FleetSyncSnapshot.fetch(client: client, customerId: customerId, now: { now })
            } catch {
                throw CLIError("Ocean, customer \(customerId): \(error)")
            }
            let problems = snapshot.skipped.filter { $0.reason != .privacyMode }
            if !problems.isEmpty {
                let shown = problems.prefix(3).map(\.description).joined(separator: "; ")
                let more = problems.count > 3 ? "; and \(problems.count - 3) more" : ""
                warn("\(name), customer \(customerId): skipped \(problems.count) of \(snapshot.received) vehicles: "
                    + shown + more)
            }
            var positions = snapshot.positions
            let skippedOffsets = Set(snapshot.skipped.map(\.offset))
            var ranks = (0..<snapshot.received).filter { !skippedOffsets.contains($0) }.map { $0 + 1 }
            Self.separateFuture(&positions, lines: &ranks, file: "\(name) customer \(customerId)", now: now,
                                excluding: excludesFuture, into: &future)
            index.upsert(contentsOf: positions)
        }
        Self.printFuture(name: name, future)
        let selected = Set(customerIds).sorted().map(String.init)
        return LoadedFleet(index: index, name: name, customers: selected, allCustomers: selected, now: now,
                           recordsWithoutTimestamp: 0)
    }

    /// "fleet.csv: skipped 3 of 120 records: fleet.csv:4: ...; fleet.csv:9: ...; and 1 more", and "1 older
    /// position of a vehicle listed more than once was ignored" (counted, pluralised).
    static func printSummary(name: String, total: Int, rejected: [RejectedRecord], olderIgnored: Int) {
        if !rejected.isEmpty {
            let shown = rejected.prefix(3).map(\.description).joined(separator: "; ")
            let more = rejected.count > 3 ? "; and \(rejected.count - 3) more" : ""
            warn("\(name): skipped \(rejected.count) of \(total) records (--strict stops at the first): \(shown)\(more)")
        }
        if olderIgnored == 1 {
            warn("\(name): 1 older position of a vehicle listed more than once was ignored (the newest is kept)")
        } else if olderIgnored > 1 {
            warn("\(name): \(olderIgnored) older positions of vehicles listed more than once were ignored (the newest "
                + "of each is kept)")
        }
    }
}

/// Prints `warning: message` on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
