import Foundation
import Geo
import NearestVehicle
import SpatialIndex

extension PeersRun {
    /// kNN and within on the idle index.
    struct IdleQueries {
        var knn: LatencySummary
        var within: LatencySummary
        /// Mean hits of a within query (0 when the `within` phase is skipped).
        var hitsPerQuery: Double
    }

    /// Queries per second with 1 and ``PeersRun/threads`` reader threads (all 0 when the `threads` phase is skipped).
    struct Throughput {
        var knn1 = 0.0, knnN = 0.0, within1 = 0.0, withinN = 0.0
    }

    /// The bare tree under the same queries.
    struct TreeQueries {
        var knn: LatencySummary
        var within: LatencySummary
    }

    /// kNN (every query) and within (``Input/withinPoints``) on the idle index, timed (phases `knn`, `within`).
    func measureIdleQueries(index: FleetIndex, input: Input) throws -> IdleQueries {
        let k = self.k
        let vehicles = index.count
        let knn = try time("knn", input.points) { point in
            let result = try index.nearest(k, to: point, filter: Self.filter, options: Self.options)
            precondition(result.vehicles.count == Swift.min(k, vehicles), "kNN returned a short list")
            return result.vehicles.count
        }
        log("kNN k=\(k): mean \(Self.ns(knn.mean)) ns/q, p50 \(Self.ns(knn.p50)), p99 \(Self.ns(knn.p99))")
        let withinPoints = input.withinPoints
        var totalHits = 0
        let within = try time("within", withinPoints) { point in
            let result = try index.within(radiusMeters, of: point, filter: Self.filter, options: Self.options)
            return result.vehicles.count
        }
        for point in withinPoints where runs("within") { totalHits += try index.within(radiusMeters, of: point, filter: Self.filter, options: Self.options).vehicles.count }
        let hitsPerQuery = Double(totalHits) / Double(withinPoints.count)
        log("within \(radiusMeters) m (\(withinPoints.count) queries): mean \(Self.ns(within.mean)) ns/q, p50 \(Self.ns(within.p50)), "
            + "p99 \(Self.ns(within.p99)), \(String(format: "%.2f", hitsPerQuery)) hits/q")
        return IdleQueries(knn: knn, within: within, hitsPerQuery: hitsPerQuery)
    }

    /// Throughput with 1 and `threads` reader threads (the index is shared; each thread runs every query).
    func measureThroughput(index: FleetIndex, input: Input) -> Throughput {
        var qps = Throughput()
        guard runs("threads") else { return qps }
        let k = self.k, radiusMeters = self.radiusMeters
        let shared = index, filter = Self.filter, options = Self.options
        let knnQuery: @Sendable (Coordinate) throws -> Int = { point in
            try shared.nearest(k, to: point, filter: filter, options: options).vehicles.count
        }
        let withinQuery: @Sendable (Coordinate) throws -> Int = { point in
            try shared.within(radiusMeters, of: point, filter: filter, options: options).vehicles.count
        }
        let points = input.points, withinPoints = input.withinPoints
        // Each figure is the median of `throughputPasses` passes, 1 and N threads alternated: one pass of the 10k
        // queries is ~15 ms, and one preemption on the shared host moved a single pass's ratio from 1.9x to 1.0x.
        var knn1: [Double] = [], knnN: [Double] = [], within1: [Double] = [], withinN: [Double] = []
        for _ in 0..<Self.throughputPasses {
            knn1.append(throughput(threads: 1, points, knnQuery))
            if threads > 1 { knnN.append(throughput(threads: threads, points, knnQuery)) }
        }
        for _ in 0..<Self.throughputPasses {
            within1.append(throughput(threads: 1, withinPoints, withinQuery))
            if threads > 1 { withinN.append(throughput(threads: threads, withinPoints, withinQuery)) }
        }
        qps.knn1 = Self.median(knn1)
        qps.knnN = threads > 1 ? Self.median(knnN) : qps.knn1
        qps.within1 = Self.median(within1)
        qps.withinN = threads > 1 ? Self.median(withinN) : qps.within1
        log("throughput: kNN \(Int(qps.knn1)) q/s on 1 thread, \(Int(qps.knnN)) on \(threads) "
            + "(x\(String(format: "%.2f", qps.knnN / qps.knn1))); within \(Int(qps.within1)) q/s on 1, "
            + "\(Int(qps.withinN)) on \(threads) (x\(String(format: "%.2f", qps.withinN / qps.within1)))")
        return qps
    }

    /// The bare tree under the same kNN and within queries, ties broken by id as the index does (phase `tree`).
    /// `byID`: the tree's tie order (its build's `orderingTiesBy`), `tieRank` consistent with it.
    func measureTreeQueries(_ tree: KDTree, input: Input, orderedBefore byID: (Int, Int) -> Bool,
                            tieRank: (Int) -> UInt64) throws -> TreeQueries {
        let k = self.k
        let treeKNN = try time("tree", input.points) { point in
            tree.nearest(k, to: KDTree.QueryPoint(point), within: .infinity, where: { _ in true }, orderedBefore: byID,
                         tieRank: tieRank, tiesInBuildOrder: true).count
        }
        let treeWithin = try time("tree", input.withinPoints) { point in
            tree.within(radiusMeters, of: point, where: { _ in true }, orderedBefore: byID).count
        }
        log("KDTree alone: kNN mean \(Self.ns(treeKNN.mean)) ns/q, within mean \(Self.ns(treeWithin.mean)) ns/q")
        return TreeQueries(knn: treeKNN, within: treeWithin)
    }
}
