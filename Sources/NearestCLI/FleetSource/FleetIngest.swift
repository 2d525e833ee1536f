import Foundation
import NearestVehicle

/// Collects a fleet file's positions batch by batch as it is read, then builds the index in one go
/// (`FleetIndex.load`: one tree per customer, no log, no incremental rebuilds). Only the validated positions are
/// kept (the loader's records are dropped batch by batch), and the index shares their storage: a million-row file
/// never has two copies of its vehicles in memory. Each batch has its future-dated positions separated first
/// (``FleetSourceOptions/separateFuture(_:lines:file:now:excluding:into:)``).
final class FleetIngest {
    private(set) var index = FleetIndex()
    let file: String
    let now: Date
    let strict: Bool
    /// Whether future-dated positions are excluded (`--max-age` given) or only counted.
    let excludesFuture: Bool
    private(set) var future: FuturePositions
    /// Records the index accepted (each made a vehicle or lost to a newer position of the same id).
    private(set) var accepted = 0
    private(set) var rejected: [RejectedRecord] = []
    private var positions: [VehiclePosition] = []
    private var lines: [Int32] = []

    init(file: String, now: Date, strict: Bool, filters: FilterOptions) throws {
        self.file = file
        self.now = now
        self.strict = strict
        excludesFuture = try filters.maxAgeSeconds() != nil
        future = FuturePositions(skewSeconds: try filters.maxClockSkewSeconds())
    }

    /// Adds one batch; `lines` are the records' lines.
    /// - Throws: `CLIError` for a record the index would reject, with `--strict`.
    func add(_ records: [PositionRecord], lines batchLines: [Int]) throws {
        var records = records, batchLines = batchLines
        FleetSourceOptions.separateFuture(&records, lines: &batchLines, file: file, now: now,
                                          excluding: excludesFuture, into: &future)
        for (offset, record) in records.enumerated() {
            // The loader validated every record already; anything still invalid is reported the same way.
            do {
                positions.append(try record.validated())
                lines.append(Int32(clamping: batchLines[offset]))
            } catch {
                try reject(line: batchLines[offset], reason: "\(error)")
            }
        }
    }

    /// Builds the index from everything added.
    /// - Throws: `CLIError` for a record the index rejects, with `--strict`.
    func finish() throws {
        let (built, report) = FleetIndex.load(positions)
        for rejection in report.rejections {
            try reject(line: Int(lines[rejection.offset]), reason: "\(rejection.reason)")
        }
        accepted = positions.count - report.rejections.count
        positions = []
        lines = []
        index = built
    }

    private func reject(line: Int, reason: String) throws {
        let failure = RejectedRecord(file: file, line: line, reason: reason)
        if strict { throw CLIError("\(failure) (--strict)") }
        rejected.append(failure)
    }

    /// Positions of vehicles listed more than once that lost to a newer one.
    var olderIgnored: Int { accepted - index.count }
}
