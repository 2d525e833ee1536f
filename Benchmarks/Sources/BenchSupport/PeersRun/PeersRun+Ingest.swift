import Foundation
import Geo
import NearestVehicle

extension PeersRun {
    /// Per-query latencies idle and during a concurrent writer, the writer's rate and the lock probe.
    struct IngestMeasurement {
        var knnIdle, knnBusy, withinIdle, withinBusy: LatencySummary
        var writerRate: Double
        var lockWait: LatencySummary
        var lockWaitMax: Double
        /// Log entries no segment indexed (``FleetIndex/unsegmentedLogEntries(customerId:)``), sampled with the
        /// lock probe: the largest and the mean.
        var unsegmentedMax: Int
        var unsegmentedMean: Double
    }

    /// How long the queries during ingest are repeated: long enough to span several rebuild cycles of the log
    /// (at 1M and 200 000 upserts/s a rebuild is due every ~0.3 s), so the mean is over the log's whole cycle, not
    /// the moment one pass (10-12 ms of kNN) happened to fall on.
    static let ingestWindowNanoseconds: UInt64 = 1_500_000_000

    /// Idle per-query latencies, then the same while a writer thread re-upserts `positions` in batches of
    /// ``writerBatch`` records with ever newer timestamps (each round one second newer), until the queries are done.
    ///
    /// During ingest, measuring starts once the writer is past twice the rebuild threshold (at least 50 000
    /// upserts), and the queries are run pass after pass for ``ingestWindowNanoseconds``; the summary is over every
    /// pass (each pass's mean is printed). Before session 14 one pass was timed right after the 50 000th upsert:
    /// at 1M that is 80 % of the way to the first rebuild (threshold 62 499), the log near its largest, so the
    /// figure was the worst phase of the cycle, and runs differed by where the pass fell (1.43x and 2.02x in a row).
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

        let warmUp = Swift.max(50_000, 2 * index.configuration.rebuildThreshold(baseCount: index.count))
        let writer = IngestWriter(index: index, positions: positions, batchSize: writerBatch, rate: writerRate)
        writer.start()
        // Let the writer get going, past its first rebuild, before measuring.
        while writer.upserted < warmUp { usleep(1000) }
        let knnBusy = LatencySummary(samples: try passes("kNN", points, knnBody))
        let withinBusy = LatencySummary(samples: try passes("within", points, withinBody))
        // How long the index lock is held: `count` only takes the lock. One probe every ~200 µs for ~1 s.
        var lockSamples: [UInt64] = []
        var unsegmented: [Int] = []
        var segments: [Int] = []
        for _ in 0..<5000 {
            let start = monotonicNanoseconds()
            consume(index.count)
            lockSamples.append(monotonicNanoseconds() - start)
            unsegmented.append(index.unsegmentedLogEntries(customerId: Self.customerId))
            segments.append(index.logSegmentCount(customerId: Self.customerId))
            usleep(200)
        }
        let rate = writer.stop()
        let lockWait = LatencySummary(samples: lockSamples)
        log("lock probe (index.count) during ingest: p50 \(Self.ns(lockWait.p50)) ns, p99 \(Self.ns(lockWait.p99)) ns, "
            + "max \(Self.ns(Double(lockSamples.max() ?? 0))) ns")
        let unsegmentedMean = Self.mean(unsegmented)
        log("unsegmented log entries during ingest (\(unsegmented.count) samples): max \(unsegmented.max() ?? 0), "
            + "mean \(Int(unsegmentedMean.rounded())); log segments: mean "
            + String(format: "%.2f", Self.mean(segments))
            + ", max \(segments.max() ?? 0)")
        return IngestMeasurement(knnIdle: knnIdle, knnBusy: knnBusy, withinIdle: withinIdle, withinBusy: withinBusy,
                                 writerRate: rate, lockWait: lockWait, lockWaitMax: Double(lockSamples.max() ?? 0),
                                 unsegmentedMax: unsegmented.max() ?? 0, unsegmentedMean: unsegmentedMean)
    }

    /// The latencies of `body` over `points`, pass after pass until ``ingestWindowNanoseconds`` have passed (at
    /// least one pass); prints how the passes' means spread (the log's cycle: low after a rebuild, then rising).
    private func passes(_ name: String, _ points: [Coordinate], _ body: (Coordinate) throws -> Int) throws -> [UInt64] {
        var samples: [UInt64] = []
        var means: [Double] = []
        let start = monotonicNanoseconds()
        repeat {
            let pass = try latencies(points, body)
            samples += pass
            means.append(Self.mean(pass))
        } while monotonicNanoseconds() - start < Self.ingestWindowNanoseconds
        log("\(name) during ingest: \(means.count) passes of \(points.count) queries, pass means "
            + "\(Self.ns(means.min()!)) (lowest) / \(Self.ns(Self.median(means))) (median) / \(Self.ns(means.max()!)) "
            + "(highest) ns")
        return samples
    }

    /// After the write phase, the index's own catch-up (background rebuilds; no compact() call): 3 s, then idle
    /// kNN again, over the fresh-load figure (`knn_after_ingest_ratio`, mean and median).
    func measureCatchUp(index: FleetIndex, points: [Coordinate],
                        freshKNN: LatencySummary) throws -> (ratio: Double, ratioP50: Double) {
        let k = self.k
        sleep(3)
        let afterIngestKNN = try warmLatencies(points) { point in
            try index.nearest(k, to: point, filter: Self.filter, options: Self.options).vehicles.count
        }
        let afterIngestRatio = afterIngestKNN.mean / freshKNN.mean
        let afterIngestRatioP50 = afterIngestKNN.p50 / freshKNN.p50
        log("idle kNN after the write phase and 3 s of catch-up: \(Self.ns(afterIngestKNN.mean)) ns/q vs "
            + "\(Self.ns(freshKNN.mean)) after the fresh load (x\(String(format: "%.2f", afterIngestRatio))); median "
            + "\(Self.ns(afterIngestKNN.p50)) vs \(Self.ns(freshKNN.p50)) "
            + "(x\(String(format: "%.2f", afterIngestRatioP50)))")
        return (afterIngestRatio, afterIngestRatioP50)
    }

    func logDuringIngest(_ ingest: IngestMeasurement) {
        log("during ingest (writer \(Int(ingest.writerRate)) upserts/s): kNN mean \(Self.ns(ingest.knnBusy.mean)) "
            + "vs idle \(Self.ns(ingest.knnIdle.mean)) ns/q (x\(String(format: "%.2f", ingest.knnBusy.mean / ingest.knnIdle.mean))), "
            + "within mean \(Self.ns(ingest.withinBusy.mean)) vs \(Self.ns(ingest.withinIdle.mean)) ns/q "
            + "(x\(String(format: "%.2f", ingest.withinBusy.mean / ingest.withinIdle.mean)))")
    }
}
