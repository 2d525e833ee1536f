import Foundation
import NearestVehicle

/// Feeds a `FleetIndex` batch by batch as a fleet file is read, so that a million-row file never has all its
/// records in memory next to the index: each batch has its future-dated positions separated
/// (``FleetSourceOptions/separateFuture(_:lines:file:now:excluding:into:)``), is upserted, and its index
/// rejections are kept with file:line.
final class FleetIngest {
    let index = FleetIndex()
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

    /// Upserts one batch; `lines` are the records' lines.
    /// - Throws: `CLIError` for a record the index rejects, with `--strict`.
    func add(_ records: [PositionRecord], lines: [Int]) throws {
        var records = records, lines = lines
        FleetSourceOptions.separateFuture(&records, lines: &lines, file: file, now: now, excluding: excludesFuture,
                                          into: &future)
        let report = index.upsert(records: records)
        // The loader validated every record already; anything the index still rejects is reported the same way.
        for rejection in report.rejections {
            let failure = RejectedRecord(file: file, line: lines[rejection.offset], reason: "\(rejection.reason)")
            if strict { throw CLIError("\(failure) (--strict)") }
            rejected.append(failure)
        }
        accepted += records.count - report.rejections.count
    }

    /// Positions of vehicles listed more than once that lost to a newer one.
    var olderIgnored: Int { accepted - index.count }
}
