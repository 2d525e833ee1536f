/// What `nearest-bench peers` writes to `DIR/summary.json` (keys in snake_case).
///
/// The first fields are the ones the peers comparison needs (issue 8); the `kdtree*` fields time the bare
/// ``SpatialIndex/KDTree`` under the same queries, to separate the tree from the `FleetIndex` layer.
public struct PeersSummary: Codable, Sendable {
    public var buildMs: Double
    public var knnNsPerQuery: LatencySummary
    public var withinNsPerQuery: LatencySummary
    public var upsertsPerS: Double
    public var bytesPerVehicle: Double
    public var toolchain: String
    public var cpu: String

    public var fleet: String
    public var vehicles: Int
    public var queries: Int
    public var withinQueries: Int
    public var ingestQueries: Int
    public var k: Int
    public var radiusM: Double
    public var buildMode: String
    public var loadCsvMs: Double
    public var withinHitsPerQuery: Double
    /// Upserts/s of one `upsert(_:)` call per record (the batch figure is `upsertsPerS`).
    public var singleUpsertsPerS: Double
    /// `compact()` right after the batch re-upsert (folds the log into a new tree).
    public var compactMs: Double
    /// kNN latency while another thread upserts continuously, and its ratio to the idle run just before.
    public var knnDuringIngestNsPerQuery: LatencySummary
    public var knnIdleNsPerQuery: LatencySummary
    public var knnIngestRatioMean: Double
    public var knnIngestRatioP99: Double
    public var withinDuringIngestNsPerQuery: LatencySummary
    public var withinIdleNsPerQuery: LatencySummary
    public var withinIngestRatioMean: Double
    public var concurrentWriterUpsertsPerS: Double
    /// `index.count` (takes the index lock and nothing else) during ingest: how long readers wait for the lock.
    public var lockProbeDuringIngestNs: LatencySummary
    public var lockProbeDuringIngestMaxNs: Double
    /// Resident-set growth of the build, per vehicle (the heap figure is `bytesPerVehicle`).
    public var rssBytesPerVehicle: Double
    public var kdtreeBuildMs: Double
    public var kdtreeBytesPerVehicle: Double
    public var kdtreeKnnNsPerQuery: LatencySummary
    public var kdtreeWithinNsPerQuery: LatencySummary
    public var loadAverageStart: String
    public var loadAverageEnd: String
    public var cpuPressureStart: String
    public var cpuPressureEnd: String
    /// Reader threads of the `*_qps_mt` figures.
    public var threads: Int
    /// Queries per second: one thread, and `threads` threads sharing the index. (The underscore makes the snake-case
    /// key `knn_qps_1t`, the name issue 12 gives it.)
    public var knnQps_1t: Double
    public var knnQpsMt: Double
    public var withinQps_1t: Double
    public var withinQpsMt: Double
    /// Idle kNN mean after the write phase and 3 s of the index's own catch-up, over idle kNN after the fresh load.
    public var knnAfterIngestRatio: Double
    /// The same with medians: insensitive to the preemptions of a shared machine, which dominate the means' tails.
    public var knnAfterIngestRatioP50: Double
    /// Log entries no segment indexed, sampled during ingest (what a query scans one by one): largest and mean.
    public var unsegmentedLogMaxDuringIngest: Int
    public var unsegmentedLogMeanDuringIngest: Double
}
