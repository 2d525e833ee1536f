import ArgumentParser
import BenchSupport
import Foundation

@main
struct NearestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest-bench",
        abstract: "Benchmarks of the NearestVehicle engine: against the peer harness, and local vs remote (Ocean).",
        subcommands: [Peers.self, Compare.self])
}

/// Refuses debug builds: their numbers mean nothing.
func requireReleaseBuild() throws {
    guard MachineInfo.isOptimizedBuild else {
        throw ValidationError("this is a debug build; timings would be meaningless. Build with `-c release`: "
            + "swift build -c release --package-path Benchmarks")
    }
}

struct Peers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time build, kNN, within, upserts and ingest interference on the ../shared/peers data.",
        discussion: """
            Writes DIR/summary.json and DIR/knn.jsonl, DIR/within.jsonl (first 1000 queries, the oracle's format); \
            score them with the harness' score.py against data/oracle_knn10_<N>.jsonl and oracle_r5km_<N>.jsonl.
            """)

    @Option(help: "Fleet CSV (id,latitude,longitude,timestamp), e.g. data/fleet_1m.csv.")
    var fleet: String
    @Option(help: "Queries CSV (qid,latitude,longitude), e.g. data/queries_10k.csv.")
    var queries: String
    @Option(help: "Neighbours per kNN query (>= 1).")
    var k: Int = 10
    @Option(name: .customLong("radius-m"), help: "Radius of the within query, metres (>= 0).")
    var radiusMeters: Double = 5000
    @Option(help: "Use only the first N queries.")
    var limitQueries: Int?
    @Option(help: "Whole-batch repetitions (median kept).")
    var repetitions: Int = 3
    @Option(help: ArgumentHelp("Decimals of the distances in knn.jsonl / within.jsonl (the oracle writes 6; 9 "
        + "avoids half-micrometre rounding disagreements, see README)."))
    var distanceDecimals: Int = 9
    @Option(help: ArgumentHelp("Only these phases (comma-separated: knn,within,tree,results,upsert,ingest), "
        + "for profiling; no summary.json unless upsert and ingest run.", visibility: .hidden))
    var phases: String = ""
    @Option(help: "Time within on the first N queries only (bench_peers.py: 2000 at 1M).")
    var limitWithinQueries: Int?
    @Option(help: "Queries timed idle and during ingest (the first N).")
    var ingestQueries: Int = 2000
    @Option(help: "Records per upsert call of the concurrent writer (ingest phase).")
    var writerBatch: Int = 1000
    @Option(help: "Output directory.")
    var out: String

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be >= 1") }
        guard radiusMeters.isFinite, radiusMeters >= 0 else { throw ValidationError("--radius-m must be >= 0") }
        if let limitQueries, limitQueries < 1 { throw ValidationError("--limit-queries must be >= 1") }
        if let limitWithinQueries, limitWithinQueries < 1 { throw ValidationError("--limit-within-queries must be >= 1") }
        guard ingestQueries >= 1 else { throw ValidationError("--ingest-queries must be >= 1") }
        guard writerBatch >= 1 else { throw ValidationError("--writer-batch must be >= 1") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be >= 1") }
        guard (0...12).contains(distanceDecimals) else { throw ValidationError("--distance-decimals must be 0...12") }
    }

    func run() throws {
        try requireReleaseBuild()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let run = PeersRun(fleetPath: fleet, queriesPath: queries, k: k, radiusMeters: radiusMeters,
                           limitQueries: limitQueries, outputDirectory: out, repetitions: repetitions,
                           distanceDecimals: distanceDecimals,
                           phases: Set(phases.split(separator: ",").map(String.init)),
                           limitWithinQueries: limitWithinQueries, ingestQueries: ingestQueries, writerBatch: writerBatch,
                           log: { print($0) })
        _ = try run.run()
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Local VOL_OISEAU vs remote VOL_OISEAU and PAR_ROUTE (Ocean or the embedded emulator).")

    @Option(help: "Ocean base URL (credentials from OCEAN_LOGIN / OCEAN_PASSWORD); default: embedded emulator.")
    var remote: String?
    @Option(help: "Queries CSV (qid,latitude,longitude).")
    var queries: String?
    @Option(help: "Random queries instead of a file.")
    var random: Int?
    @Option(help: "Seed of --random.")
    var seed: UInt64 = 20_250_601
    @Flag(help: "JSON on stdout.")
    var json = false
    @Option(help: "Write an SVG chart here.")
    var svg: String?

    func run() throws {
        try requireReleaseBuild()
        throw ValidationError("compare needs the OceanAPI client and OceanEmulator modules (branch `ocean`), "
            + "which are not on this branch yet")
    }
}
