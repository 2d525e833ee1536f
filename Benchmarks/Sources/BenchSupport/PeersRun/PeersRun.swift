import Foundation
import Geo
import NearestVehicle
import SpatialIndex

/// `nearest-bench peers`: the NearestVehicle engine on the peer harness data (../shared/peers), measured the
/// way `bench_peers.py` measures its peers (single thread, release build, median of repeated whole batches).
public struct PeersRun: Sendable {
    public var fleetPath: String
    public var queriesPath: String
    public var k: Int
    public var radiusMeters: Double
    public var limitQueries: Int?
    public var outputDirectory: String
    /// How many whole-batch repetitions; the median is kept (bench_peers.py uses 3).
    public var repetitions: Int
    /// How many queries go to knn.jsonl / within.jsonl (the oracle covers the first 1000).
    public var resultQueries: Int
    /// Decimals of the distances written to knn.jsonl / within.jsonl (see ``OracleFormat/format(meters:decimals:)``).
    public var distanceDecimals: Int
    /// Which phases run (for profiling one of them): build is always done; `knn`, `within`, `tree`, `results`,
    /// `upsert`, `ingest`. Empty = all.
    public var phases: Set<String>
    /// Use only the first N queries for the within timings (bench_peers.py times radius on the first 2000 at 1M).
    public var limitWithinQueries: Int?
    /// Queries timed during ingest (and idle just before): the first N (the writer runs for all of them).
    public var ingestQueries: Int
    /// Records per `upsert(contentsOf:)` call of the concurrent writer.
    public var writerBatch: Int
    /// Upserts per second of the concurrent writer; nil = as fast as it can (the worst case). A paced writer models
    /// a real feed: e.g. 100 000/s is a 1M fleet reporting every 10 s.
    public var writerRate: Double?
    /// The index's ``FleetIndex/Configuration/rebuildDeltaFraction`` (nil: the default, 1/16): the log size, as a
    /// fraction of a customer's tree, at which the tree is rebuilt (what a paced writer's queries pay for, both ways).
    public var rebuildDeltaFraction: Double?
    /// Reader threads of the throughput measurements (`knn_qps_mt`, `within_qps_mt`); 1 measures one thread only.
    public var threads: Int
    /// Progress and results are printed through this.
    public var log: @Sendable (String) -> Void

    public init(fleetPath: String, queriesPath: String, k: Int = 10, radiusMeters: Double = 5000,
                limitQueries: Int? = nil, outputDirectory: String, repetitions: Int = 3, resultQueries: Int = 1000,
                distanceDecimals: Int = 9, phases: Set<String> = [], limitWithinQueries: Int? = nil,
                ingestQueries: Int = 2000, writerBatch: Int = 1000, writerRate: Double? = nil,
                rebuildDeltaFraction: Double? = nil, threads: Int = 1, log: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.limitWithinQueries = limitWithinQueries
        self.ingestQueries = ingestQueries
        self.writerBatch = writerBatch
        self.writerRate = writerRate
        self.rebuildDeltaFraction = rebuildDeltaFraction
        self.threads = threads
        self.distanceDecimals = distanceDecimals
        self.phases = phases
        self.fleetPath = fleetPath
        self.queriesPath = queriesPath
        self.k = k
        self.radiusMeters = radiusMeters
        self.limitQueries = limitQueries
        self.outputDirectory = outputDirectory
        self.repetitions = repetitions
        self.resultQueries = resultQueries
        self.log = log
    }

    static let customerId = "peers"
    /// Queries see every vehicle: no age limit; "now" is the peer data's reference time 2025-06-01T12:00:00Z.
    static let filter = VehicleFilter(customerId: customerId, now: Date(timeIntervalSince1970: 1_748_779_200))
    /// Peers do not count excluded vehicles, so neither do we (no second search).
    static let options = QueryOptions(countsExclusions: false)

    /// Runs every phase and writes DIR/summary.json; returns nil (and writes no summary) when `phases` skipped
    /// the upsert or ingest phase.
    ///
    /// The phases run in this order, each printing its lines through ``log``: machine, load, build (FleetIndex, then
    /// the bare KDTree), idle queries, throughput, the fresh-load kNN reference, the bare tree's queries, results,
    /// upserts, ingest and its catch-up, summary.
    public func run() throws -> PeersSummary? {
        let machineStart = logMachineStart()
        let input = try loadInput()
        let build = measureBuild(input.positions)
        let index = build.index
        // The bare tree orders ties by id as the index does, and stacks repeated coordinates in that order.
        let ids = input.positions.map(\.id)
        let byID: (Int, Int) -> Bool = { a, b in VehiclePosition.idPrecedes(ids[a], ids[b]) }
        // Each id's first 8 UTF-8 bytes, big-endian: a tie rank consistent with the id order.
        let ranks = ids.map { id in
            var rank: UInt64 = 0, taken = 0
            for byte in id.utf8.prefix(8) { rank = rank << 8 | UInt64(byte); taken += 1 }
            return rank << UInt64(8 * (8 - taken))
        }
        var tree = measureTreeBuild(input.positions.map(\.coordinate), orderedBefore: byID, tieRank: { ranks[$0] })
        let idle = try measureIdleQueries(index: index, input: input)
        let qps = measureThroughput(index: index, input: input)
        // Idle kNN on the ingest queries right after the load: the reference of `knn_after_ingest_ratio`.
        let ingestPoints = Array(input.points.prefix(ingestQueries))
        let freshKNN = runs("ingest") ? try warmLatencies(ingestPoints) { point in
            try index.nearest(k, to: point, filter: Self.filter, options: Self.options).vehicles.count
        } : nil
        let treeQueries = try measureTreeQueries(tree.tree, input: input, orderedBefore: byID, tieRank: { ranks[$0] })
        tree.tree = KDTree([Coordinate]())

        // Results in the oracle's format.
        if runs("results") { try writeResults(index: index, queries: input.queries, radiusMeters: radiusMeters) }

        // Upserts: every vehicle again, one second newer, as one batch; then one call per record.
        let newer = input.positions.map { position in
            var copy = position
            copy.timestamp = position.timestamp.addingTimeInterval(1)
            return copy
        }
        if phases.contains("logprobe") {
            try probeLogQueries(index: index, newer: newer, input: input, vehicles: build.vehicles)
        }
        if phases.contains("batch") {
            // Profiling: the batch upsert alone (nothing after it to collect by mistake).
            let start = monotonicNanoseconds()
            let report = batchUpsert(newer, into: index)
            let perSecond = Double(newer.count) / Double(monotonicNanoseconds() - start) * 1e9
            log("batch: \(report.updated) updated, \(Int(perSecond)) /s")
            return nil
        }
        if !runs("upsert") { return nil }
        let upserts = try measureUpserts(index: index, newer: newer, input: input, vehicles: build.vehicles)

        // Queries while another thread upserts.
        guard runs("ingest"), let freshKNN else { return nil }
        let ingest = try measureDuringIngest(index: index, positions: newer, points: ingestPoints,
                                             radiusMeters: radiusMeters)
        let catchUp = try measureCatchUp(index: index, points: ingestPoints, freshKNN: freshKNN)
        logDuringIngest(ingest)

        let loadEnd = (loadAverage: MachineInfo.loadAverage(), cpuPressure: MachineInfo.cpuPressure())
        log("load average at end \(loadEnd.loadAverage); CPU PSI \(loadEnd.cpuPressure)")
        let summary = PeersSummary(
            machineStart: machineStart, loadEnd: loadEnd, run: self, input: input, build: build,
            tree: tree, idle: idle, qps: qps, treeQueries: treeQueries, upserts: upserts, ingest: ingest,
            catchUp: catchUp)
        try writeSummary(summary)
        return summary
    }
}
