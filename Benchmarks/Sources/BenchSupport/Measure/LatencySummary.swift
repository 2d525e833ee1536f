/// Percentiles and mean of a set of per-operation latencies, in nanoseconds.
public struct LatencySummary: Codable, Sendable {
    public var p50: Double
    public var p99: Double
    public var mean: Double

    /// Nearest-rank percentiles of `samples` (nanoseconds); mean is `amortizedMean` when given (whole batch
    /// divided by its count, without per-call clock reads), else the samples' mean.
    public init(samples: [UInt64], amortizedMean: Double? = nil) {
        precondition(!samples.isEmpty)
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double {
            let rank = Swift.max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
            return Double(sorted[rank - 1])
        }
        p50 = percentile(50)
        p99 = percentile(99)
        mean = amortizedMean ?? Double(sorted.reduce(0, +)) / Double(sorted.count)
    }
}
