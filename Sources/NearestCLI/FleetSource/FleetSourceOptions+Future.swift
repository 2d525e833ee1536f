import FleetFile
import Foundation
import NearestVehicle

/// Positions dated after the reference time by more than the clock-skew tolerance (`--max-clock-skew`, 5 min by
/// default): a clock or unit error upstream, never a fresh position. With `--max-age` they are excluded (as not
/// fresh) and listed on stderr; without it nothing judges freshness, so they are kept and only counted.
struct FuturePositions {
    /// Positions removed from the fleet (with `--max-age`), with file:line and timestamp.
    var excluded: [RejectedRecord] = []
    /// Positions kept although dated in the future (no `--max-age`), and the first few locations.
    var kept = 0
    var keptLocations: [String] = []
    /// The tolerance, seconds.
    var skewSeconds: TimeInterval = 0
}

extension FleetSourceOptions {
    /// Splits off the positions dated more than `future.skewSeconds` after `now` into `future` (see
    /// ``FuturePositions``): removed from `records` with `--max-age`, only counted without.
    static func separateFuture(_ records: inout [VehiclePosition], lines: inout [Int], file: String, now: Date,
                               excluding: Bool, into future: inout FuturePositions) {
        let cutoff = now.addingTimeInterval(future.skewSeconds)
        guard records.contains(where: { $0.timestamp > cutoff }) else { return }
        guard excluding else {
            for (offset, record) in records.enumerated() where record.timestamp > cutoff {
                future.kept += 1
                if future.keptLocations.count < 3 { future.keptLocations.append("\(file):\(lines[offset])") }
            }
            return
        }
        var kept: [VehiclePosition] = [], keptLines: [Int] = []
        kept.reserveCapacity(records.count)
        keptLines.reserveCapacity(records.count)
        for (offset, record) in records.enumerated() {
            if record.timestamp > cutoff {
                future.excluded.append(RejectedRecord(
                    file: file, line: lines[offset],
                    reason: "vehicle \(TerminalText.quoted(record.id)) is dated \(Formatting.timestamp(record.timestamp)), "
                        + "\(Formatting.age(record.timestamp.timeIntervalSince(now))) after the reference time"))
            } else {
                kept.append(record)
                keptLines.append(lines[offset])
            }
        }
        records = kept
        lines = keptLines
    }

    /// "fleet.csv: 2 positions dated more than 5 min in the future were excluded as not fresh (--max-age): ...".
    static func printFuture(name: String, _ future: FuturePositions) {
        let tolerance = Formatting.age(future.skewSeconds)
        if !future.excluded.isEmpty {
            let count = future.excluded.count
            let shown = future.excluded.prefix(3).map(\.description).joined(separator: "; ")
            let more = count > 3 ? "; and \(count - 3) more" : ""
            warn("\(name): \(count) \(count == 1 ? "position" : "positions") dated more than \(tolerance) after the "
                + "reference time (--max-clock-skew) excluded as not fresh (--max-age): \(shown)\(more)")
        }
        if future.kept > 0 {
            let more = future.kept > 3 ? ", and \(future.kept - 3) more" : ""
            warn("\(name): \(future.kept) \(future.kept == 1 ? "position is" : "positions are") dated more than "
                + "\(tolerance) after the reference time (\(future.keptLocations.joined(separator: ", "))\(more)); "
                + "kept, as no --max-age is given (with --max-age they are excluded)")
        }
    }
}
