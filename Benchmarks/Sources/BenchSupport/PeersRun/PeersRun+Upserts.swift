import Foundation
import Geo
import NearestVehicle

extension PeersRun {
    /// Upsert rates and the cost of `compact()`.
    struct Upserts {
        /// Every vehicle again in one `upsert(contentsOf:)` call.
        var upsertsPerS: Double
        /// One `upsert(_:)` call per record (the first 200 000).
        var singleUpsertsPerS: Double
        /// `compact()` right after the batch.
        var compactMs: Double
    }

    /// Re-upserts `newer` (every vehicle, one second newer) as one batch, compacts, then one call per record; then
    /// prints two diagnostics of the log's cost to queries (not in the summary).
    func measureUpserts(index: FleetIndex, newer: [VehiclePosition], input: Input, vehicles: Int) throws -> Upserts {
        let indexedBefore = index.indexedLogEntries
        var start = monotonicNanoseconds()
        let upsertReport = batchUpsert(newer, into: index)
        let batchNs = Double(monotonicNanoseconds() - start)
        let indexedAfter = index.indexedLogEntries
        // Write amplification of the log during the batch: entries indexed into segments per upsert (merges index an
        // entry again), by writers and by rebuilds (background rebuilds may still run: a lower bound for them).
        log(String(format: "batch: log entries indexed per upsert %.2f by segment builds, %.2f by rebuilds",
                   Double(indexedAfter.bySegmentBuilds - indexedBefore.bySegmentBuilds) / Double(newer.count),
                   Double(indexedAfter.byRebuilds - indexedBefore.byRebuilds) / Double(newer.count)))
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
        try logCompactionDiagnostics(index: index, newer: newer, input: input, vehicles: vehicles)
        log("upsert: batch \(Int(upsertsPerS)) /s, single calls \(Int(singleUpsertsPerS)) /s, compact "
            + "\(Self.ms(compactMs)) ms")
        return Upserts(upsertsPerS: upsertsPerS, singleUpsertsPerS: singleUpsertsPerS, compactMs: compactMs)
    }

    /// compact() skips a customer whose background rebuild is running and only waits for it, so entries written
    /// during that rebuild stay in the log: compact until queries stop getting faster (diagnostic printed; the core
    /// issue is in the report). Then the cost of the log alone (no writer running): upsert just under the rebuild
    /// threshold, query, compact.
    private func logCompactionDiagnostics(index: FleetIndex, newer: [VehiclePosition], input: Input,
                                          vehicles: Int) throws {
        let k = self.k
        let sample = Array(input.points.prefix(2000))
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
        let logSize = Swift.min(newer.count, index.configuration.rebuildThreshold(baseCount: vehicles) - 1)
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
    }

    /// Phase `logprobe` (profiling only): a log just under the rebuild threshold, then kNN on it in
    /// ``probeLogKNN(index:points:)`` (a symbol to collect under callgrind).
    func probeLogQueries(index: FleetIndex, newer: [VehiclePosition], input: Input, vehicles: Int) throws {
        let logSize = Swift.min(newer.count, index.configuration.rebuildThreshold(baseCount: vehicles) - 1)
        index.upsert(contentsOf: newer.prefix(logSize))
        let points = Array(input.points.prefix(2000))
        var passes: [Double] = []
        for _ in 0..<7 {
            let start = monotonicNanoseconds()
            _ = try probeLogKNN(index: index, points: points)
            passes.append(Double(monotonicNanoseconds() - start) / Double(points.count))
        }
        log("logprobe: median \(Self.median(passes)) ns/q, passes \(passes.map { Int($0) })")
    }

    /// The timed batch upsert: its own symbol, so that a profiler can collect it apart from the single calls. The
    /// report is used after the call, so the call is not compiled as a tail call (a jump): a profiler that toggles
    /// on this function's entry and exit (callgrind's `--toggle-collect`) would otherwise never see it end.
    @inline(never)
    func batchUpsert(_ positions: [VehiclePosition], into index: FleetIndex) -> UpsertReport {
        let report = index.upsert(contentsOf: positions)
        consume(report.updated &+ report.inserted)
        return report
    }

    @inline(never)
    func probeLogKNN(index: FleetIndex, points: [Coordinate]) throws -> Int {
        var answered = 0
        for point in points {
            answered += try index.nearest(k, to: point, filter: Self.filter, options: Self.options).vehicles.count
        }
        return answered
    }

}
