import Foundation
import Geo

extension PeersRun {
    /// Whether `phase` runs (``phases`` empty: every phase).
    func runs(_ phase: String) -> Bool { phases.isEmpty || phases.contains(phase) }

    /// Times `body` over every point: `repetitions` whole batches (median, amortised: no clock read per call),
    /// then one pass with a clock read around each call (p50 / p99). A warm-up pass runs first.
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

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The mean of integer samples (counts, nanoseconds); 0 for none.
    static func mean<Value: BinaryInteger>(_ values: [Value]) -> Double {
        Double(values.reduce(0, +)) / Double(Swift.max(1, values.count))
    }

    static func ms(_ value: Double) -> String { String(format: "%.1f", value) }
    static func ns(_ value: Double) -> String { String(format: "%.0f", value) }
}
