import FleetFile
import Foundation
import NearestVehicle

/// Takes a fleet's validated positions (a file's, or the sample's), then builds the index in one go
/// (`FleetIndex.load`: one tree per customer, no log, no incremental rebuilds). The positions are taken over, not
/// copied, and the index shares their storage: a million-row file never has two copies of its vehicles in memory.
/// Future-dated positions are separated first (``FleetSourceOptions/separateFuture(_:lines:file:now:excluding:into:)``).
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

    /// Adds one batch of positions (validated by the loader); `lines` are the records' lines.
    func add(_ batch: [VehiclePosition], lines batchLines: [Int]) {
        var batch = batch, batchLines = batchLines
        FleetSourceOptions.separateFuture(&batch, lines: &batchLines, file: file, now: now,
                                          excluding: excludesFuture, into: &future)
        if positions.isEmpty {
            positions = batch  // the first (usually only) batch: shared, not copied
        } else {
            positions += batch
        }
        lines += batchLines.lazy.map { Int32(clamping: $0) }
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
