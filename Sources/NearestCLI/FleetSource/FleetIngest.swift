import FleetFile
import Foundation
import NearestVehicle

/// Builds the index of a fleet's validated positions (a file's, or the sample's) in one go (`FleetIndex.load`: one
/// tree per customer, no log, no incremental rebuilds), after separating its future-dated positions
/// (``FleetSourceOptions/separateFuture(_:lines:file:now:excluding:into:)``). The index does not keep the
/// positions: a million-row file never has two copies of its vehicles in memory.
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

    init(file: String, now: Date, strict: Bool, filters: FilterOptions) throws {
        self.file = file
        self.now = now
        self.strict = strict
        excludesFuture = try filters.maxAgeSeconds() != nil
        future = FuturePositions(skewSeconds: try filters.maxClockSkewSeconds())
    }

    /// Builds the index from `positions` (validated by the loader); `lines` are the records' lines.
    /// - Throws: `CLIError` for a record the index rejects, with `--strict`.
    func build(_ positions: [VehiclePosition], lines: [Int]) throws {
        var positions = positions, lines = lines
        FleetSourceOptions.separateFuture(&positions, lines: &lines, file: file, now: now,
                                          excluding: excludesFuture, into: &future)
        let (built, report) = FleetIndex.load(positions)
        for rejection in report.rejections {
            try reject(line: lines[rejection.offset], reason: "\(rejection.reason)")
        }
        accepted = positions.count - report.rejections.count
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
