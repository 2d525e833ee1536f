extension EmulatorConfiguration {
    /// Parses a duration as the `ocean-emulator` flags write it: `7d`, `12h`, `30m`, `45s`, `500ms`, or plain
    /// seconds (`90`); decimal digits only, no sign.
    ///
    /// - Parameters:
    ///   - text: the flag's value.
    ///   - range: the valid durations; a value outside is refused, never wrapped or clamped.
    ///   - setting: the setting's name, for the error (`--token-ttl`).
    /// - Throws: ``InvalidEmulatorSetting`` for malformed text, a number too large to represent, or a duration
    ///   outside `range` (`DurationFlagTests.refused`).
    public static func parseDuration(
        _ text: String, in range: ClosedRange<Duration>, setting: String
    ) throws -> Duration {
        let units: [(suffix: String, milliseconds: Int64)] = [
            ("ms", 1), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
        ]
        var digits = Substring(text)
        var millisecondsPerUnit: Int64 = 1_000
        if let unit = units.first(where: { text.hasSuffix($0.suffix) }) {
            digits = digits.dropLast(unit.suffix.count)
            millisecondsPerUnit = unit.milliseconds
        }
        let example = "(e.g. 12h, 30m, 45s, 500ms)"
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InvalidEmulatorSetting("\(setting): invalid duration '\(EchoedInput.truncated(text))' \(example)")
        }
        let outOfRange = InvalidEmulatorSetting(
            "\(setting): duration '\(EchoedInput.truncated(text))' is out of range: must be between "
                + "\(describe(range.lowerBound)) and \(describe(range.upperBound))"
        )
        guard let value = Int64(digits) else { throw outOfRange } // more digits than Int64 holds
        let (milliseconds, overflow) = value.multipliedReportingOverflow(by: millisecondsPerUnit)
        guard !overflow else { throw outOfRange }
        let duration = Duration.milliseconds(milliseconds)
        guard range.contains(duration) else { throw outOfRange }
        return duration
    }

    /// `500ms`, `45s`, `12h`..., the largest whole unit (for messages); any `Duration`, without trapping.
    static func describe(_ duration: Duration) -> String {
        let (wholeSeconds, overflow) = duration.components.seconds.multipliedReportingOverflow(by: 1_000)
        guard !overflow else { return "\(duration)" }
        let milliseconds = wholeSeconds + duration.components.attoseconds / 1_000_000_000_000_000
        for (suffix, unit) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        where milliseconds >= unit && milliseconds % unit == 0 {
            return "\(milliseconds / unit)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
