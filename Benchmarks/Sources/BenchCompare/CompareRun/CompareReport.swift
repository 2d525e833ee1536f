/// What `nearest-bench compare` measures (`--json` prints it, keys in snake_case).
public struct CompareReport: Codable, Sendable {
    public var remote: String
    public var queries: Int
    public var vehicles: Int
    public var k: Int
    public var seed: UInt64?
    /// Local VOL_OISEAU (FleetIndex) vs remote VOL_OISEAU.
    public var crowRecallAtK: Double
    /// Queries whose k ids come back in the same order on both sides.
    public var crowSameOrderFraction: Double
    /// Ranks (over all queries) holding the same id on both sides.
    public var crowRankAgreement: Double
    public var crowMaxAbsDistanceDeltaM: Double
    /// Local VOL_OISEAU vs remote PAR_ROUTE.
    public var crowNearestIsNotRoadNearestFraction: Double
    public var roadTopKRecallInCrowTopK: Double
    public var detourRatioMedian: Double
    public var detourRatioP90: Double
    public var roadResultsCompared: Int
    /// Per-call latency, nanoseconds.
    public var localLatencyNs: Percentiles
    public var remoteCrowLatencyNs: Percentiles
    public var remoteRoadLatencyNs: Percentiles
    /// Remote VOL_OISEAU p50 / local p50 (and p99 / p99).
    public var remoteOverLocalP50: Double
    public var remoteOverLocalP99: Double
    /// With `--through-serve`: the same VOL_OISEAU queries through `nearest serve` in front of the remote.
    public var throughServe: ThroughServe?

    public struct ThroughServe: Codable, Sendable {
        /// Per call through serve (HTTP on loopback, answered from serve's index), nanoseconds.
        public var latencyNs: Percentiles
        /// Queries whose ids came back in the remote's order.
        public var sameOrderAsRemoteFraction: Double
        public var maxAbsDistanceDeltaM: Double
        /// serve's own count of the answers by source (`X-Nearest-Source`), from its /metrics.
        public var answeredLocally: Int
        public var answeredUpstream: Int
        public var remoteOverServeP50: Double
        public var remoteOverServeP99: Double
    }

    public struct Percentiles: Codable, Sendable {
        public var p50: Double
        public var p99: Double
        public var mean: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return .nan }
                return sorted[Swift.max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)]
            }
            p50 = percentile(50)
            p99 = percentile(99)
            mean = sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count)
        }
    }
}
