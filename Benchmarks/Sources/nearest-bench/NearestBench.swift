import ArgumentParser
import BenchCompare
import BenchSupport
import Foundation

// The root command stays synchronous (no dispatch main loop) so that `valgrind --tool=callgrind nearest-bench
// peers ...` works (callgrind 3.19 crashes in dispatch's sigsuspend under an async main); `compare` bridges to async.
@main
struct NearestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest-bench",
        abstract: "Benchmarks of the NearestVehicle engine: against the peer harness, and local vs remote (Ocean).",
        subcommands: [Peers.self, Compare.self, Filters.self])
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
    @Option(help: ArgumentHelp("Only these phases (comma-separated: knn,within,threads,tree,results,upsert,ingest; "
        + "logprobe and batch, only when named: kNN over a log just under the rebuild threshold, the batch upsert "
        + "alone), for profiling; no "
        + "summary.json unless upsert and ingest run.", visibility: .hidden))
    var phases: String = ""
    @Option(help: "Time within on the first N queries only (bench_peers.py: 2000 at 1M).")
    var limitWithinQueries: Int?
    @Option(help: "Queries timed idle and during ingest (the first N).")
    var ingestQueries: Int = 2000
    @Option(help: "Records per upsert call of the concurrent writer (ingest phase).")
    var writerBatch: Int = 1000
    @Option(help: "Upserts per second of the concurrent writer (ingest phase); default: as fast as it can.")
    var writerRate: Double?
    @Option(help: ArgumentHelp("Rebuild a customer's tree when its log reaches this fraction of it (ingest phase; "
                               + "default 1/16 = 0.0625)."))
    var rebuildFraction: Double?
    @Option(help: "Reader threads for the throughput figures (knn_qps_mt, within_qps_mt); 1 = one thread only.")
    var threads: Int = 1
    @Option(help: "Output directory.")
    var out: String

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be >= 1") }
        guard radiusMeters.isFinite, radiusMeters >= 0 else { throw ValidationError("--radius-m must be >= 0") }
        if let limitQueries, limitQueries < 1 { throw ValidationError("--limit-queries must be >= 1") }
        if let limitWithinQueries, limitWithinQueries < 1 { throw ValidationError("--limit-within-queries must be >= 1") }
        guard ingestQueries >= 1 else { throw ValidationError("--ingest-queries must be >= 1") }
        guard writerBatch >= 1 else { throw ValidationError("--writer-batch must be >= 1") }
        if let writerRate, !(writerRate.isFinite && writerRate > 0) {
            throw ValidationError("--writer-rate must be a positive number of upserts per second")
        }
        if let rebuildFraction, !(rebuildFraction.isFinite && rebuildFraction > 0 && rebuildFraction <= 16) {
            throw ValidationError("--rebuild-fraction must be in (0, 16]")
        }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be >= 1") }
        guard (1...1024).contains(threads) else { throw ValidationError("--threads must be 1...1024") }
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
                           writerRate: writerRate, rebuildDeltaFraction: rebuildFraction, threads: threads,
                           log: { print($0) })
        _ = try run.run()
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Local VOL_OISEAU vs remote VOL_OISEAU and PAR_ROUTE (Ocean or the embedded emulator).",
        discussion: """
            Builds the local index from the remote's vehicle positions, then for each query asks the local index \
            (k nearest), the remote VOL_OISEAU and the remote PAR_ROUTE. With --remote, credentials come from \
            OCEAN_LOGIN / OCEAN_PASSWORD (and OCEAN_CUSTOMER_ID if set); without, an emulator runs in-process on \
            127.0.0.1 (port 0) with a seeded synthetic fleet. Progress on stderr, table (or --json) on stdout.
            """)

    @Option(help: "Ocean base URL (credentials from OCEAN_LOGIN / OCEAN_PASSWORD); default: embedded emulator.")
    var remote: String?
    @Option(help: "Queries CSV (qid,latitude,longitude).")
    var queries: String?
    @Option(help: "Use only the first N queries of --queries.")
    var limitQueries: Int?
    @Option(help: "N random queries near the emulator's cities (default 200 without --queries).")
    var random: Int?
    @Option(help: "Seed of --random and of the embedded emulator's fleet.")
    var seed: UInt64 = 20_250_601
    @Option(help: "Vehicles of the embedded emulator's fleet.")
    var vehicles: Int = 2000
    @Option(help: "Results compared per query (PAR_ROUTE allows at most 10).")
    var k: Int = 10
    @Option(help: "Customer id to query (default: the emulator user's first customer, or OCEAN_CUSTOMER_ID).")
    var customerId: Int64?
    @Flag(help: "Also send each VOL_OISEAU query through `nearest serve` (in-process, in front of the remote, syncing the customer with the same credentials): latency, agreement with the remote, answers by source.")
    var throughServe = false
    @Flag(help: "JSON on stdout instead of the table.")
    var json = false
    @Option(help: "Write an SVG chart here.")
    var svg: String?

    func validate() throws {
        if queries != nil && random != nil { throw ValidationError("use either --queries or --random") }
        if let random, random < 1 { throw ValidationError("--random must be >= 1") }
        guard (1...10).contains(k) else { throw ValidationError("--k must be in 1...10 (PAR_ROUTE's limit)") }
        guard vehicles >= 1 else { throw ValidationError("--vehicles must be >= 1") }
        if let remote, URL(string: remote)?.scheme.map({ $0 == "http" || $0 == "https" }) != true {
            throw ValidationError("--remote must be an http(s) URL")
        }
    }

    func run() throws {
        try requireReleaseBuild()
        let target: CompareRun.Remote = remote.flatMap(URL.init(string:)).map { .url($0) }
            ?? .emulator(vehicles: vehicles, seed: seed)
        let source: CompareRun.Queries = queries.map { .file($0, limit: limitQueries) }
            ?? .random(random ?? 200, seed: seed)
        let run = CompareRun(remote: target, queries: source, k: k, customerId: customerId, throughServe: throughServe)
        let report = try runBlocking { try await run.run() }
        print(json ? try report.json() : report.table)
        if let svg { try Data(report.svg.utf8).write(to: URL(fileURLWithPath: svg)) }
    }
}

/// Holds the result of a task for `runBlocking`: written once by the task, read after the semaphore.
final class BlockingResult<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs `body` on the concurrency pool and waits for it on the calling (main) thread.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}
