import Foundation

/// Strict timestamps for fleet files and `--now`: RFC 3339 / ISO 8601 `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]`
/// (no zone means UTC), or Unix seconds as a strict decimal within ±``maxUnixSeconds``.
///
/// Every field is range-checked: month 1-12, day within its month (leap years included), hour 0-23, minute and
/// second 0-59, offset at most ±23:59. `2025-06-01T25:00:00Z` is refused, where a lenient parser rolls it over to
/// the next day; so are hexadecimal numbers, week or ordinal dates and trailing text.
public enum StrictTimestamp {
    /// ±1e11 s (years -1200 to 5100): anything beyond is a unit mistake (milliseconds, say) and would overflow
    /// age arithmetic.
    public static let maxUnixSeconds = 1e11

    /// The instant `bytes` names, or nil.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Date? {
        if let seconds = StrictDecimal.parse(bytes) {
            return seconds.isFinite && abs(seconds) <= maxUnixSeconds ? Date(timeIntervalSince1970: seconds) : nil
        }
        return parseISO8601(bytes)
    }

    /// `text` as a timestamp (see ``parse(_:)-(UnsafeRawBufferPointer)``).
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    private static func parseISO8601(_ bytes: UnsafeRawBufferPointer) -> Date? {
        guard bytes.count >= 19, bytes.count <= 40 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
              bytes[7] == UInt8(ascii: "-"), let day = number(8, 2),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2),
              bytes[16] == UInt8(ascii: ":"), let second = number(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23,
              minute <= 59, second <= 59 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1, count = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                count += 1
                index += 1
            }
            guard (1...9).contains(count) else { return nil }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard bytes.count == index + 6, let hours = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
                      let minutes = number(index + 4, 2), hours <= 23, minutes <= 59 else { return nil }
                offsetSeconds = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
                index += 6
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
