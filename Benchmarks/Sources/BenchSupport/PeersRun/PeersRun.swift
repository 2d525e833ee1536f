import Foundation
import Geo
import NearestVehicle
import SpatialIndex
import Synchronization

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
    /// Reader threads of the throughput measurements (`knn_qps_mt`, `within_qps_mt`); 1 measures one thread only.
    public var threads: Int
    /// Progress and results are printed through this.
    public var log: @Sendable (String) -> Void

    public init(fleetPath: String, queriesPath: String, k: Int = 10, radiusMeters: Double = 5000,
                limitQueries: Int? = nil, outputDirectory: String, repetitions: Int = 3, resultQueries: Int = 1000,
                distanceDecimals: Int = 9, phases: Set<String> = [], limitWithinQueries: Int? = nil,
                ingestQueries: Int = 2000, writerBatch: Int = 1000, writerRate: Double? = nil, threads: Int = 1,
                log: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.limitWithinQueries = limitWithinQueries
        self.ingestQueries = ingestQueries
        self.writerBatch = writerBatch
        self.writerRate = writerRate
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
    public func run() throws -> PeersSummary? {
        let loadStart = (MachineInfo.loadAverage(), MachineInfo.cpuPressure())
        let toolchain = MachineInfo.toolchain()
        let cpu = MachineInfo.cpu()
        log("toolchain: \(toolchain)")
        log("cpu: \(cpu); build: release; load average \(loadStart.0); CPU PSI \(loadStart.1)")

        // Load.
        let csvStart = monotonicNanoseconds()
        let rows = try PeerCSV.loadFleet(path: fleetPath)
        var queries = try PeerCSV.loadQueries(path: queriesPath)
        let loadCsvMs = Double(monotonicNanoseconds() - csvStart) / 1e6
        if let limitQueries { queries = Array(queries.prefix(limitQueries)) }
        guard !rows.isEmpty, !queries.isEmpty else { throw PeerCSVError(path: fleetPath, line: 0, message: "no rows") }
        log("loaded \(rows.count) vehicles and \(queries.count) queries in \(Self.ms(loadCsvMs)) ms")
        let positions = rows.map { row in
            VehiclePosition(id: row.id, coordinate: row.coordinate,
                            timestamp: Date(timeIntervalSince1970: TimeInterval(row.unixSeconds)),
                            customerId: Self.customerId)
        }
        let points = queries.map(\.coordinate)
        let withinPoints = Array(points.prefix(limitWithinQueries ?? points.count))

        // Build (heap and RSS growth measured around the first build, with the input already in memory).
        MachineInfo.trimHeap()
        let heapBefore = MachineInfo.heapBytesInUse() ?? 0
        let rssBefore = MachineInfo.residentBytes() ?? 0
        var buildTimes: [Double] = []
        var start = monotonicNanoseconds()
        var (index, report) = FleetIndex.load(positions)
        buildTimes.append(Double(monotonicNanoseconds() - start) / 1e6)
        let rssAfter = MachineInfo.residentBytes() ?? 0
        MachineInfo.trimHeap()
        let heapAfter = MachineInfo.heapBytesInUse() ?? 0
        precondition(report.rejections.isEmpty && index.count == report.inserted, "load rejected records")
        for _ in 1..<repetitions {
            index = FleetIndex(configuration: .init())  // drop the previous one first
            start = monotonicNanoseconds()
            (index, report) = FleetIndex.load(positions)
            buildTimes.append(Double(monotonicNanoseconds() - start) / 1e6)
        }
        let buildMs = Self.median(buildTimes)
        let vehicles = index.count
        let bytesPerVehicle = Double(heapAfter - heapBefore) / Double(vehicles)
        let rssBytesPerVehicle = Double(rssAfter - rssBefore) / Double(vehicles)
        log("FleetIndex.load: \(Self.ms(buildMs)) ms (median of \(repetitions)), \(vehicles) distinct ids, heap "
            + "\(Int(bytesPerVehicle)) B/vehicle, RSS +\(Int(rssBytesPerVehicle)) B/vehicle")

        // The bare tree, for reference.
        let coordinates = positions.map(\.coordinate)
        MachineInfo.trimHeap()
        let treeHeapBefore = MachineInfo.heapBytesInUse() ?? 0
        var treeTimes: [Double] = []
        var tree = KDTree([Coordinate]())
        for _ in 0..<repetitions {
            tree = KDTree([Coordinate]())
            start = monotonicNanoseconds()
            tree = KDTree(coordinates)
            treeTimes.append(Double(monotonicNanoseconds() - start) / 1e6)
        }
        MachineInfo.trimHeap()
        let kdtreeBytesPerVehicle = Double((MachineInfo.heapBytesInUse() ?? 0) - treeHeapBefore) / Double(tree.count)
        let kdtreeBuildMs = Self.median(treeTimes)
        log("KDTree build: \(Self.ms(kdtreeBuildMs)) ms, \(Int(kdtreeBytesPerVehicle)) B/vehicle")

        // kNN and within, idle.
        let k = self.k
        let knn = try time("knn", points) { point in
            let result = try index.nearest(k, to: point, filter: Self.filter, options: Self.options)
            precondition(result.vehicles.count == Swift.min(k, vehicles), "kNN returned a short list")
            return result.vehicles.count
        }
        log("kNN k=\(k): mean \(Self.ns(knn.mean)) ns/q, p50 \(Self.ns(knn.p50)), p99 \(Self.ns(knn.p99))")
        var totalHits = 0
        let within = try time("within", withinPoints) { point in
            let result = try index.within(radiusMeters, of: point, filter: Self.filter, options: Self.options)
            return result.vehicles.count
        }
        for point in withinPoints where runs("within") { totalHits += try index.within(radiusMeters, of: point, filter: Self.filter, options: Self.options).vehicles.count }
        let hitsPerQuery = Double(totalHits) / Double(withinPoints.count)
        log("within \(radiusMeters) m (\(withinPoints.count) queries): mean \(Self.ns(within.mean)) ns/q, p50 \(Self.ns(within.p50)), "
            + "p99 \(Self.ns(within.p99)), \(String(format: "%.2f", hitsPerQuery)) hits/q")

        // Throughput with 1 and `threads` reader threads (the index is shared; each thread runs every query).
        var qps = (knn1: 0.0, knnN: 0.0, within1: 0.0, withinN: 0.0)
        if runs("threads") {
            let shared = index, filter = Self.filter, options = Self.options
            let knnQuery: @Sendable (Coordinate) throws -> Int = { point in
                try shared.nearest(k, to: point, filter: filter, options: options).vehicles.count
            }
            let withinQuery: @Sendable (Coordinate) throws -> Int = { point in
                try shared.within(radiusMeters, of: point, filter: filter, options: options).vehicles.count
            }
            qps.knn1 = throughput(threads: 1, points, knnQuery)
            qps.knnN = threads > 1 ? throughput(threads: threads, points, knnQuery) : qps.knn1
            qps.within1 = throughput(threads: 1, withinPoints, withinQuery)
            qps.withinN = threads > 1 ? throughput(threads: threads, withinPoints, withinQuery) : qps.within1
            log("throughput: kNN \(Int(qps.knn1)) q/s on 1 thread, \(Int(qps.knnN)) on \(threads) "
                + "(x\(String(format: "%.2f", qps.knnN / qps.knn1))); within \(Int(qps.within1)) q/s on 1, "
                + "\(Int(qps.withinN)) on \(threads) (x\(String(format: "%.2f", qps.withinN / qps.within1)))")
        }
        // Idle kNN on the ingest queries right after the load: the reference of `knn_after_ingest_ratio`.
        let ingestPoints = Array(points.prefix(ingestQueries))
        let freshKNN = runs("ingest") ? try warmLatencies(ingestPoints) { point in
            try index.nearest(k, to: point, filter: Self.filter, options: Self.options).vehicles.count
        } : nil

        let ids = positions.map(\.id)
        let byID: (Int, Int) -> Bool = { a, b in VehiclePosition.idPrecedes(ids[a], ids[b]) }
        let treeKNN = try time("tree", points) { point in
            tree.nearest(k, to: point, within: .infinity, where: { _ in true }, orderedBefore: byID).count
        }
        let treeWithin = try time("tree", withinPoints) { point in
            tree.within(radiusMeters, of: point, where: { _ in true }, orderedBefore: byID).count
        }
        log("KDTree alone: kNN mean \(Self.ns(treeKNN.mean)) ns/q, within mean \(Self.ns(treeWithin.mean)) ns/q")
        tree = KDTree([Coordinate]())

        // Results in the oracle's format.
        if runs("results") { try writeResults(index: index, queries: queries, radiusMeters: radiusMeters) }

        // Upserts: every vehicle again, one second newer, as one batch; then one call per record.
        let newer = positions.map { position in
            var copy = position
            copy.timestamp = position.timestamp.addingTimeInterval(1)
            return copy
        }
        if !runs("upsert") { return nil }
        start = monotonicNanoseconds()
        let upsertReport = index.upsert(contentsOf: newer)
        let batchNs = Double(monotonicNanoseconds() - start)
        precondition(upsertReport.updated == newer.count, "batch re-upsert did not update every vehicle")
        let upsertsPerS = Double(newer.count) / batchNs * 1e9
        start = monotonicNanoseconds()
        index.compact()
        let compactMs = Double(monotonicNanoseconds() - start) / 1e6
        let singleCount = Swift.min(newer.count, 200_000)
        start = monotonicNanoseconds()
        for position in newer.prefix(singleCount) {
            var copy = position
            copy.timestamp = position.timestamp.addingTimeInterval(1)
            consume(index.upsert(copy))
        }
        let singleUpsertsPerS = Double(singleCount) / Double(monotonicNanoseconds() - start) * 1e9
        // compact() skips a customer whose background rebuild is running and only waits for it, so entries
        // written during that rebuild stay in the log: compact until queries stop getting faster (diagnostic
        // printed; the core issue is in the report).
        let sample = Array(points.prefix(2000))
        // Mean and median (the median resists preemption on a loaded machine).
        let kNNMean: () throws -> LatencySummary = {
            LatencySummary(samples: try self.latencies(sample) { point in
                try index.nearest(k, to: point, filter: Self.filter, options: Self.options).vehicles.count
            })
        }
        let beforeCompact = try kNNMean()
        index.compact()
        let afterOne = try kNNMean()
        index.compact()
        let afterTwo = try kNNMean()
        log("idle kNN mean after the single upserts: \(Self.ns(beforeCompact.mean)) ns/q "
            + "(p50 \(Self.ns(beforeCompact.p50))), after one compact(): \(Self.ns(afterOne.mean)) ns/q (p50 \(Self.ns(afterOne.p50))), after a second: "
            + "\(Self.ns(afterTwo.mean)) ns/q (p50 \(Self.ns(afterTwo.p50)))")
        // Cost of the log alone (no writer running): upsert just under the rebuild threshold, query, compact.
        let configuration = FleetIndex.Configuration()
        let threshold = Swift.max(configuration.minimumRebuildDelta,
                                  Int(configuration.rebuildDeltaFraction * Double(vehicles)))
        let logSize = Swift.min(newer.count, threshold - 1)
        index.upsert(contentsOf: newer.prefix(logSize).map { position in
            var copy = position
            copy.timestamp = position.timestamp.addingTimeInterval(2)
            return copy
        })
        let withLog = try kNNMean().mean
        index.compact()
        index.compact()
        log("idle kNN mean with \(logSize) log entries (just under the rebuild threshold, no writer): "
            + "\(Self.ns(withLog)) ns/q")
        log("upsert: batch \(Int(upsertsPerS)) /s, single calls \(Int(singleUpsertsPerS)) /s, compact "
            + "\(Self.ms(compactMs)) ms")

        // Queries while another thread upserts.
        guard runs("ingest"), let freshKNN else { return nil }
        let ingest = try measureDuringIngest(index: index, positions: newer, points: ingestPoints,
                                             radiusMeters: radiusMeters)
        // After the write phase, the index's own catch-up (background rebuilds; no compact() call): 3 s, then idle
        // kNN again, over the fresh-load figure.
        sleep(3)
        let afterIngestKNN = try warmLatencies(ingestPoints) { point in
            try index.nearest(k, to: point, filter: Self.filter, options: Self.options).vehicles.count
        }
        let afterIngestRatio = afterIngestKNN.mean / freshKNN.mean
        let afterIngestRatioP50 = afterIngestKNN.p50 / freshKNN.p50
        log("idle kNN after the write phase and 3 s of catch-up: \(Self.ns(afterIngestKNN.mean)) ns/q vs "
            + "\(Self.ns(freshKNN.mean)) after the fresh load (x\(String(format: "%.2f", afterIngestRatio))); median "
            + "\(Self.ns(afterIngestKNN.p50)) vs \(Self.ns(freshKNN.p50)) "
            + "(x\(String(format: "%.2f", afterIngestRatioP50)))")
        log("during ingest (writer \(Int(ingest.writerRate)) upserts/s): kNN mean \(Self.ns(ingest.knnBusy.mean)) "
            + "vs idle \(Self.ns(ingest.knnIdle.mean)) ns/q (x\(String(format: "%.2f", ingest.knnBusy.mean / ingest.knnIdle.mean))), "
            + "within mean \(Self.ns(ingest.withinBusy.mean)) vs \(Self.ns(ingest.withinIdle.mean)) ns/q "
            + "(x\(String(format: "%.2f", ingest.withinBusy.mean / ingest.withinIdle.mean)))")

        let loadEnd = (MachineInfo.loadAverage(), MachineInfo.cpuPressure())
        log("load average at end \(loadEnd.0); CPU PSI \(loadEnd.1)")
        let summary = PeersSummary(
            buildMs: buildMs, knnNsPerQuery: knn, withinNsPerQuery: within, upsertsPerS: upsertsPerS,
            bytesPerVehicle: bytesPerVehicle, toolchain: toolchain, cpu: cpu,
            fleet: fleetPath, vehicles: vehicles, queries: points.count, withinQueries: withinPoints.count,
            ingestQueries: Swift.min(ingestQueries, points.count), k: k, radiusM: radiusMeters,
            buildMode: "release", loadCsvMs: loadCsvMs, withinHitsPerQuery: hitsPerQuery,
            singleUpsertsPerS: singleUpsertsPerS, compactMs: compactMs,
            knnDuringIngestNsPerQuery: ingest.knnBusy, knnIdleNsPerQuery: ingest.knnIdle,
            knnIngestRatioMean: ingest.knnBusy.mean / ingest.knnIdle.mean,
            knnIngestRatioP99: ingest.knnBusy.p99 / ingest.knnIdle.p99,
            withinDuringIngestNsPerQuery: ingest.withinBusy, withinIdleNsPerQuery: ingest.withinIdle,
            withinIngestRatioMean: ingest.withinBusy.mean / ingest.withinIdle.mean,
            concurrentWriterUpsertsPerS: ingest.writerRate, lockProbeDuringIngestNs: ingest.lockWait,
            lockProbeDuringIngestMaxNs: ingest.lockWaitMax, rssBytesPerVehicle: rssBytesPerVehicle,
            kdtreeBuildMs: kdtreeBuildMs, kdtreeBytesPerVehicle: kdtreeBytesPerVehicle,
            kdtreeKnnNsPerQuery: treeKNN, kdtreeWithinNsPerQuery: treeWithin,
            loadAverageStart: loadStart.0, loadAverageEnd: loadEnd.0,
            cpuPressureStart: loadStart.1, cpuPressureEnd: loadEnd.1,
            threads: threads, knnQps_1t: qps.knn1, knnQpsMt: qps.knnN, withinQps_1t: qps.within1,
            withinQpsMt: qps.withinN, knnAfterIngestRatio: afterIngestRatio,
            knnAfterIngestRatioP50: afterIngestRatioP50)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(summary).write(to: URL(fileURLWithPath: outputDirectory).appendingPathComponent("summary.json"))
        log("wrote \(outputDirectory)/summary.json, knn.jsonl, within.jsonl")
        return summary
    }

    /// Times `body` over every point: `repetitions` whole batches (median, amortised: no clock read per call),
    /// then one pass with a clock read around each call (p50 / p99). A warm-up pass runs first.
    func runs(_ phase: String) -> Bool { phases.isEmpty || phases.contains(phase) }

    func time(_ phase: String, _ points: [Coordinate], _ body: (Coordinate) throws -> Int) throws -> LatencySummary {
        guard runs(phase) else { return LatencySummary(samples: [0]) }
        var checksum = 0
        for point in points.prefix(1000) { checksum &+= try body(point) }
        var batches: [Double] = []
        for _ in 0..<repetitions {
            let start = monotonicNanoseconds()
            for point in points { checksum &+= try body(point) }
            batches.append(Double(monotonicNanoseconds() - start) / Double(points.count))
        }
        let samples = try latencies(points, body)
        consume(checksum)
        return LatencySummary(samples: samples, amortizedMean: Self.median(batches))
    }

    /// ``latencies(_:_:)`` after a warm-up pass, summarised.
    func warmLatencies(_ points: [Coordinate], _ body: (Coordinate) throws -> Int) throws -> LatencySummary {
        _ = try latencies(points, body)
        return LatencySummary(samples: try latencies(points, body))
    }

    func latencies(_ points: [Coordinate], _ body: (Coordinate) throws -> Int) throws -> [UInt64] {
        var samples = [UInt64](repeating: 0, count: points.count)
        var checksum = 0
        for (offset, point) in points.enumerated() {
            let start = monotonicNanoseconds()
            checksum &+= try body(point)
            samples[offset] = monotonicNanoseconds() - start
        }
        consume(checksum)
        return samples
    }

    func writeResults(index: FleetIndex, queries: [QueryRow], radiusMeters: Double) throws {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var knnText = "", withinText = ""
        for query in queries.prefix(resultQueries) {
            let nearest = try index.nearest(k, to: query.coordinate, filter: Self.filter, options: Self.options)
            knnText += OracleFormat.line(qid: query.qid, results: nearest.vehicles.map { ($0.vehicle.id, $0.distanceMeters) },
                                         decimals: distanceDecimals)
            let within = try index.within(radiusMeters, of: query.coordinate, filter: Self.filter, options: Self.options)
            withinText += OracleFormat.line(qid: query.qid, results: within.vehicles.map { ($0.vehicle.id, $0.distanceMeters) },
                                            decimals: distanceDecimals)
        }
        let directory = URL(fileURLWithPath: outputDirectory)
        try Data(knnText.utf8).write(to: directory.appendingPathComponent("knn.jsonl"))
        try Data(withinText.utf8).write(to: directory.appendingPathComponent("within.jsonl"))
    }

    struct IngestMeasurement {
        var knnIdle, knnBusy, withinIdle, withinBusy: LatencySummary
        var writerRate: Double
        var lockWait: LatencySummary
        var lockWaitMax: Double
    }

    /// Idle per-query latencies, then the same while a writer thread re-upserts `positions` in batches of
    /// ``writerBatch`` records with ever newer timestamps (each round one second newer), until the queries are done.
    func measureDuringIngest(index: FleetIndex, positions: [VehiclePosition], points: [Coordinate],
                             radiusMeters: Double) throws -> IngestMeasurement {
        let k = self.k
        let knnBody: (Coordinate) throws -> Int = { point in
            try index.nearest(k, to: point, filter: Self.filter, options: Self.options).vehicles.count
        }
        let withinBody: (Coordinate) throws -> Int = { point in
            try index.within(radiusMeters, of: point, filter: Self.filter, options: Self.options).vehicles.count
        }
        let knnIdle = LatencySummary(samples: try latencies(points, knnBody))
        let withinIdle = LatencySummary(samples: try latencies(points, withinBody))

        let writer = IngestWriter(index: index, positions: positions, batchSize: writerBatch, rate: writerRate)
        writer.start()
        // Let the writer get going (and past its first rebuild threshold) before measuring.
        while writer.upserted < Swift.min(positions.count, 50_000) { usleep(1000) }
        let knnBusy = LatencySummary(samples: try latencies(points, knnBody))
        let withinBusy = LatencySummary(samples: try latencies(points, withinBody))
        // How long the index lock is held: `count` only takes the lock. One probe every ~200 µs for ~1 s.
        var lockSamples: [UInt64] = []
        for _ in 0..<5000 {
            let start = monotonicNanoseconds()
            consume(index.count)
            lockSamples.append(monotonicNanoseconds() - start)
            usleep(200)
        }
        let rate = writer.stop()
        let lockWait = LatencySummary(samples: lockSamples)
        log("lock probe (index.count) during ingest: p50 \(Self.ns(lockWait.p50)) ns, p99 \(Self.ns(lockWait.p99)) ns, "
            + "max \(Self.ns(Double(lockSamples.max() ?? 0))) ns")
        return IngestMeasurement(knnIdle: knnIdle, knnBusy: knnBusy, withinIdle: withinIdle, withinBusy: withinBusy,
                                 writerRate: rate, lockWait: lockWait, lockWaitMax: Double(lockSamples.max() ?? 0))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func ms(_ value: Double) -> String { String(format: "%.1f", value) }
    static func ns(_ value: Double) -> String { String(format: "%.0f", value) }
}

/// A thread that upserts continuously into a FleetIndex until stopped.
final class IngestWriter: Sendable {
    let index: FleetIndex
    let positions: [VehiclePosition]
    let stopRequested = Atomic<Bool>(false)
    let count = Atomic<Int>(0)
    let finished = DispatchSemaphore(value: 0)
    let elapsedNanoseconds = Atomic<UInt64>(0)
    let batchSize: Int
    /// Upserts per second to pace to; nil = unpaced.
    let rate: Double?

    init(index: FleetIndex, positions: [VehiclePosition], batchSize: Int, rate: Double? = nil) {
        self.index = index
        self.positions = positions
        self.batchSize = batchSize
        self.rate = rate
    }

    var upserted: Int { count.load(ordering: .relaxed) }

    func start() {
        let thread = Thread { [self] in
            let start = monotonicNanoseconds()
            var round = 1.0
            outer: while true {
                var offset = 0
                while offset < positions.count {
                    if stopRequested.load(ordering: .relaxed) { break outer }
                    let end = Swift.min(offset + batchSize, positions.count)
                    let batch = positions[offset..<end].lazy.map { position in
                        var copy = position
                        copy.timestamp = position.timestamp.addingTimeInterval(round)
                        return copy
                    }
                    let report = index.upsert(contentsOf: batch)
                    let done = count.add(report.updated + report.inserted, ordering: .relaxed).newValue
                    offset = end
                    if let rate {
                        // Sleep until the schedule catches up: upsert `done` at `done / rate` seconds.
                        let due = start + UInt64(Double(done) / rate * 1e9)
                        let now = monotonicNanoseconds()
                        if due > now { usleep(useconds_t(Swift.min((due - now) / 1000, 1_000_000))) }
                    }
                }
                round += 1
            }
            elapsedNanoseconds.store(monotonicNanoseconds() - start, ordering: .relaxed)
            finished.signal()
        }
        thread.start()
    }

    /// Stops the writer and returns its upserts per second.
    func stop() -> Double {
        stopRequested.store(true, ordering: .relaxed)
        finished.wait()
        return Double(count.load(ordering: .relaxed)) / Double(elapsedNanoseconds.load(ordering: .relaxed)) * 1e9
    }
}
