import Foundation
import OpenAPIRuntime

/// Ocean's `date-time` transcoder: writes ISO 8601 in UTC with milliseconds (`2024-12-18T11:05:38.972Z`, as in the
/// docs) and reads ISO 8601 with or without fractional seconds, so a server that drops the milliseconds still decodes.
///
/// Writing rounds to the nearest millisecond, so text survives a round trip: `encode(decode(s)) == s` for every
/// `s` this transcoder wrote. Foundation's `ISO8601FormatStyle` truncates instead, and the `Date` read back from
/// `….668Z` is the binary64 value nearest to it, which may lie just below: truncated, it was written `….667Z`,
/// so a time relayed by a client of Ocean (FleetSync, then `serve`) lost a millisecond about every other time
/// (see `OceanDateTranscoderTests.roundTripIsExact`).
public struct OceanDateTranscoder: DateTranscoder {
    public init() {}

    /// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`, UTC, rounded to the nearest millisecond. Dates before 1583 (Foundation
    /// writes them in the Julian calendar) or after 9999 are left to Foundation's formatter, as before.
    public func encode(_ date: Date) throws -> String {
        guard let (year, month, day, secondOfDay, millisecond) = Self.fields(timeIntervalSince1970: date.timeIntervalSince1970)
        else { return date.formatted(Self.withFraction) }
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        var text = [UInt8]()
        text.reserveCapacity(24)
        func append(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        append(year, digits: 4); text.append(UInt8(ascii: "-"))
        append(month, digits: 2); text.append(UInt8(ascii: "-"))
        append(day, digits: 2); text.append(UInt8(ascii: "T"))
        append(hour, digits: 2); text.append(UInt8(ascii: ":"))
        append(minute, digits: 2); text.append(UInt8(ascii: ":"))
        append(second, digits: 2); text.append(UInt8(ascii: "."))
        append(millisecond, digits: 3); text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// The UTC fields ``encode(_:)`` writes for a time `timeIntervalSince1970` seconds after 1970: rounded to the
    /// nearest millisecond, proleptic Gregorian. Nil outside the years 1583...9999 (and for non-finite times), which
    /// ``encode(_:)`` leaves to Foundation. Shared with serve's fast answer writer, so both write the same text.
    public static func fields(
        timeIntervalSince1970 time: Double
    ) -> (year: Int64, month: Int64, day: Int64, secondOfDay: Int64, millisecond: Int64)? {
        let milliseconds = (time * 1000).rounded()
        // ±2.6e14 ms is about ±8 300 years around 1970: years 1583 and 9999 are inside; no Int64 overflow.
        guard milliseconds.isFinite, abs(milliseconds) < 2.6e14 else { return nil }
        let (seconds, millisecond) = floorDivision(Int64(milliseconds), 1000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civil(daysSince1970: days)
        guard (1583...9999).contains(year) else { return nil }
        return (year, month, day, secondOfDay, millisecond)
    }

    public func decode(_ string: String) throws -> Date {
        if let date = try? Self.withFraction.parse(string) { return date }
        if let date = try? Self.withoutFraction.parse(string) { return date }
        throw DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "Expected an ISO 8601 date-time, got \(string.prefix(40))")
        )
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    /// (quotient, remainder) rounded towards minus infinity: the remainder is in `0..<divisor`.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01: H. Hinnant's `civil_from_days`
    /// (https://howardhinnant.github.io/date_algorithms.html#civil_from_days).
    private static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Configuration {
    /// The runtime configuration both the client and the emulator use: Ocean dates, compact JSON with sorted keys.
    public static var ocean: Configuration {
        Configuration(dateTranscoder: OceanDateTranscoder(), jsonEncodingOptions: [.sortedKeys])
    }
}
