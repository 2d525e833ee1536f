import FleetFile
import ArgumentParser
import Foundation
import NearestVehicle

/// The vehicle filters shared by `query` and `what-if`; each list option is repeatable or comma-separated.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("entity"), parsing: .singleValue,
            help: ArgumentHelp("Only vehicles of this entity (repeatable, or comma-separated).", valueName: "id"))
    var entities: [String] = []

    @Option(name: .customLong("group"), parsing: .singleValue,
            help: ArgumentHelp("Only vehicles of this group (repeatable, or comma-separated).", valueName: "id"))
    var groups: [String] = []

    @Option(name: .customLong("state"), parsing: .singleValue, help: ArgumentHelp(
        "Only vehicles in this Ocean state, e.g. TRAVELING, STOPPED, WAITING (repeatable, or comma-separated).",
        valueName: "state"))
    var states: [String] = []

    @Option(name: .customLong("max-age"), parsing: .unconditional, help: ArgumentHelp(
        "Only positions at most this old at the reference time (--now): seconds, or a number with s, min, h or d "
            + "(90s, 15min, 2h, 1d).", valueName: "age"))
    var maxAge: String?

    @Option(name: .customLong("max-clock-skew"), parsing: .unconditional, help: ArgumentHelp(
        "Positions dated more than this after the reference time are from a wrong clock: excluded with --max-age "
            + "(not fresh), else kept and reported. Same syntax as --max-age.", valueName: "age"))
    var maxClockSkew = "5min"

    @Flag(name: .customLong("include-private"), help: "Also return vehicles in privacy mode (excluded by default).")
    var includePrivate = false

    func validate() throws {
        _ = try maxAgeSeconds()
        _ = try maxClockSkewSeconds()
    }

    /// `--max-age` in seconds; nil when not given.
    /// - Throws: `ValidationError` for text that is not a duration from 0 to ``maxDurationSeconds``.
    func maxAgeSeconds() throws -> TimeInterval? {
        guard let maxAge else { return nil }
        return try Self.duration(maxAge, option: "--max-age")
    }

    /// `--max-clock-skew` in seconds.
    func maxClockSkewSeconds() throws -> TimeInterval {
        try Self.duration(maxClockSkew, option: "--max-clock-skew")
    }

    /// The longest duration accepted: 1e11 s (about 3170 years), the range of timestamps.
    static let maxDurationSeconds = 1e11

    static func duration(_ text: String, option: String) throws -> TimeInterval {
        guard let seconds = parseDuration(text) else {
            throw ValidationError("\(option) \(TerminalText.quoted(text)) is not a duration such as 900, 15min, 2h or 1d "
                + "(a decimal number, at least 0, with an optional unit s, min, h or d)")
        }
        guard seconds <= maxDurationSeconds else {
            throw ValidationError("\(option) \(TerminalText.quoted(text)) is longer than 1e11 s (about 3170 years)")
        }
        return seconds
    }

    /// Seconds from "900", "90s", "15m", "15min", "2h", "1d" (case-insensitive; the number a strict decimal,
    /// `0x10` refused); nil if invalid or negative. May be larger than ``maxDurationSeconds``, even infinite.
    static func parseDuration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [
            ("min", 60), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400),
        ]
        var number = Substring(trimmed), factor = 1.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            factor = unit.seconds
            break
        }
        guard let value = StrictDecimal.parse(number.trimmingCharacters(in: .whitespaces)), value.isFinite,
              value >= 0 else {
            return nil
        }
        return value * factor  // +infinity for "1e305d": refused by the range check, not as a non-duration
    }

    private static func split(_ values: [String]) -> Set<String>? {
        let items = values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        return items.isEmpty ? nil : Set(items)
    }

    /// The core filter for one customer.
    func filter(customerId: String, now: Date) throws -> VehicleFilter {
        VehicleFilter(
            customerId: customerId, entityIds: Self.split(entities), groupIds: Self.split(groups),
            states: Self.split(states).map { Set($0.map { VehicleState($0) }) }, maxPositionAge: try maxAgeSeconds(),
            now: now, includesPrivacyMode: includePrivate)
    }

    /// Warns when `--max-age` cannot judge records that had no timestamp.
    func warnAboutMissingTimestamps(in fleet: LoadedFleet) {
        guard maxAge != nil, fleet.recordsWithoutTimestamp > 0 else { return }
        warn("\(fleet.name): \(fleet.recordsWithoutTimestamp) records have no timestamp; they count as current at "
            + "the reference time, so --max-age keeps them")
    }
}
