import Foundation

extension CompareReport {
    /// The human table printed on stdout.
    public var table: String {
        func ns(_ value: Double) -> String {
            switch value {
            case 1e6...: return String(format: "%.2f ms", value / 1e6)
            case 1e4...: return String(format: "%.1f µs", value / 1e3)
            default: return String(format: "%.0f ns", value)
            }
        }
        func pct(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        return """
            remote: \(remote); \(queries) queries, \(vehicles) vehicles, k = \(k)\(seed.map { ", seed \($0)" } ?? "")

            local VOL_OISEAU vs remote VOL_OISEAU
              recall@\(k)                      \(String(format: "%.4f", crowRecallAtK))
              same ordered list              \(pct(crowSameOrderFraction)) of queries
              rank agreement                 \(pct(crowRankAgreement)) of ranks
              max |delta distance|           \(String(format: "%.3g", crowMaxAbsDistanceDeltaM)) m

            local VOL_OISEAU vs remote PAR_ROUTE
              crow nearest != road nearest   \(pct(crowNearestIsNotRoadNearestFraction)) of queries
              road top-\(k) inside crow top-\(k)   \(pct(roadTopKRecallInCrowTopK)) (mean recall)
              detour ratio road/crow         median \(String(format: "%.3f", detourRatioMedian)), p90 \(String(format: "%.3f", detourRatioP90)) (\(roadResultsCompared) vehicles)

            latency per call                 p50          p99          mean
              local (FleetIndex)             \(ns(localLatencyNs.p50).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(localLatencyNs.p99).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(localLatencyNs.mean))
              remote VOL_OISEAU              \(ns(remoteCrowLatencyNs.p50).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(remoteCrowLatencyNs.p99).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(remoteCrowLatencyNs.mean))
              remote PAR_ROUTE               \(ns(remoteRoadLatencyNs.p50).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(remoteRoadLatencyNs.p99).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(remoteRoadLatencyNs.mean))
              remote / local                 \(String(format: "%.0fx", remoteOverLocalP50).padding(toLength: 13, withPad: " ", startingAt: 0))\(String(format: "%.0fx", remoteOverLocalP99))
            \(throughServe.map { serve in """

            VOL_OISEAU through nearest serve (HTTP, loopback) vs remote VOL_OISEAU
              same ordered list              \(pct(serve.sameOrderAsRemoteFraction)) of queries
              max |delta distance|           \(String(format: "%.3g", serve.maxAbsDistanceDeltaM)) m
              answered by serve              \(serve.answeredLocally) local, \(serve.answeredUpstream) upstream
              latency through serve          \(ns(serve.latencyNs.p50).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(serve.latencyNs.p99).padding(toLength: 13, withPad: " ", startingAt: 0))\(ns(serve.latencyNs.mean))
              remote / serve                 \(String(format: "%.1fx", serve.remoteOverServeP50).padding(toLength: 13, withPad: " ", startingAt: 0))\(String(format: "%.1fx", serve.remoteOverServeP99))

            """ } ?? "")
            """
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A small SVG: per-call latency p50 / p99 on a log scale (local, remote crow-flies, remote by road), and the
    /// agreement figures as text.
    public var svg: String {
        let rows: [(String, Double, Double)] = [
            ("local FleetIndex", localLatencyNs.p50, localLatencyNs.p99),
            ("remote VOL_OISEAU", remoteCrowLatencyNs.p50, remoteCrowLatencyNs.p99),
            ("remote PAR_ROUTE", remoteRoadLatencyNs.p50, remoteRoadLatencyNs.p99),
        ]
        let width = 720.0, left = 160.0, right = 40.0, top = 50.0, rowHeight = 46.0
        let minLog = 2.0, maxLog = Swift.max(4.0, (rows.map { log10(Swift.max($0.2, 1)) }.max() ?? 4).rounded(.up))
        func x(_ ns: Double) -> Double {
            left + (log10(Swift.max(ns, 100)) - minLog) / (maxLog - minLog) * (width - left - right)
        }
        var body = ""
        for (offset, row) in rows.enumerated() {
            let y = top + Double(offset) * rowHeight
            body += "<text x=\"8\" y=\"\(y + 20)\" font-size=\"13\">\(row.0)</text>\n"
            body += "<rect x=\"\(left)\" y=\"\(y + 4)\" width=\"\(x(row.1) - left)\" height=\"16\" fill=\"#3b7dd8\"/>\n"
            body += "<rect x=\"\(left)\" y=\"\(y + 22)\" width=\"\(x(row.2) - left)\" height=\"10\" fill=\"#9bbcf0\"/>\n"
        }
        let axisY = top + Double(rows.count) * rowHeight + 4
        var exponent = minLog
        while exponent <= maxLog {
            let label = ["100 ns", "1 µs", "10 µs", "100 µs", "1 ms", "10 ms", "100 ms", "1 s", "10 s"][Int(exponent) - 2]
            body += "<line x1=\"\(x(pow(10, exponent)))\" y1=\"\(top)\" x2=\"\(x(pow(10, exponent)))\" y2=\"\(axisY)\" stroke=\"#ccc\"/>\n"
            body += "<text x=\"\(x(pow(10, exponent)) - 14)\" y=\"\(axisY + 16)\" font-size=\"11\">\(label)</text>\n"
            exponent += 1
        }
        let height = axisY + 90
        let notes = String(format: "crow-flies recall@%d %.4f, rank agreement %.1f%%, max |Δd| %.2g m; crow nearest ≠ road nearest %.1f%%; detour road/crow median %.3f, p90 %.3f; remote/local p50 %.0fx",
                           k, crowRecallAtK, crowRankAgreement * 100, crowMaxAbsDistanceDeltaM,
                           crowNearestIsNotRoadNearestFraction * 100, detourRatioMedian, detourRatioP90, remoteOverLocalP50)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif">
            <rect width="100%" height="100%" fill="white"/>
            <text x="8" y="24" font-size="15" font-weight="bold">Nearest vehicles: local vs remote (\(queries) queries, \(vehicles) vehicles) — latency per call, log scale (dark p50, light p99)</text>
            \(body)<text x="8" y="\(axisY + 44)" font-size="11">\(notes)</text>
            <text x="8" y="\(axisY + 62)" font-size="11">remote: \(remote.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</text>
            </svg>

            """
    }
}
