import Foundation
import NIOCore
import OceanAPIGenerated

/// Ocean's `date-time` (`2025-11-28T05:20:00.628Z`) written without Foundation's calendar: the same characters as
/// ``OceanAPIGenerated/OceanDateTranscoder/encode(_:)``.
///
/// Two rules, the transcoder's own, chosen once by asking it (``transcoderRounds``), so this writer follows the
/// transcoder on either side of its change to rounding:
/// - truncating (`Date.ISO8601FormatStyle` with fractional seconds): proleptic Gregorian years 1601 through 9999
///   (``covered``); the second is the floor of the time, the milliseconds the fraction's nanoseconds
///   (`Int(fraction × 1e9)`) divided by 10⁶, truncated (`.629` stored as 0.628999… prints `.628`);
/// - rounding (the transcoder's own writer): `round(timeIntervalSince1970 × 1000)` milliseconds, floor-divided
///   into seconds and days, years 1583 through 9999.
/// Outside those years the transcoder itself writes the date. Checked against the transcoder on random and boundary
/// times in `LocalAnswerEncoderTests`.
enum OceanTimestamp {
    /// 1601-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds since the reference date (2001-01-01).
    static let covered: Range<Double> = -12_622_780_800 ..< 252_423_993_600

    /// Whether the transcoder rounds to the millisecond (it writes 1 000 000 000.0006 s after 1970 as `.001`)
    /// rather than truncating (`.000`).
    static let transcoderRounds: Bool =
        (try? OceanDateTranscoder().encode(Date(timeIntervalSince1970: 1_000_000_000.0006)))?.hasSuffix(".001Z") ?? false

    static func write(secondsSinceReferenceDate time: Double, into buffer: inout ByteBuffer) {
        let fields = transcoderRounds ? rounded(time) : truncated(time)
        guard let (days, secondOfDay, milliseconds) = fields else { return fallback(time, into: &buffer) }
        let (year, month, day) = civil(daysSince1970: days)
        guard (transcoderRounds ? 1583 : 1601)...9999 ~= year else { return fallback(time, into: &buffer) }
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)  // "YYYY-MM-DDTHH:MM:SS.mmmZ": 24 bytes
        withUnsafeMutableBytes(of: &text) { raw in
            func digits(_ value: Int, _ count: Int, at offset: Int) {
                var value = value
                for place in stride(from: offset + count - 1, through: offset, by: -1) {
                    raw[place] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                    value /= 10
                }
            }
            digits(year, 4, at: 0)
            raw[4] = UInt8(ascii: "-")
            digits(month, 2, at: 5)
            raw[7] = UInt8(ascii: "-")
            digits(day, 2, at: 8)
            raw[10] = UInt8(ascii: "T")
            digits(secondOfDay / 3600, 2, at: 11)
            raw[13] = UInt8(ascii: ":")
            digits(secondOfDay / 60 % 60, 2, at: 14)
            raw[16] = UInt8(ascii: ":")
            digits(secondOfDay % 60, 2, at: 17)
            raw[19] = UInt8(ascii: ".")
            digits(milliseconds, 3, at: 20)
            raw[23] = UInt8(ascii: "Z")
            buffer.writeBytes(raw)
        }
    }

    private static func fallback(_ time: Double, into buffer: inout ByteBuffer) {
        buffer.writeString((try? OceanDateTranscoder().encode(Date(timeIntervalSinceReferenceDate: time))) ?? "")
    }

    /// Foundation's truncating rule: (days since 1970, second of day, millisecond), nil outside ``covered``.
    private static func truncated(_ time: Double) -> (Int, Int, Int)? {
        guard covered.contains(time) else { return nil }
        let whole = time.rounded(.down)
        let milliseconds = Int((time - whole) * 1e9) / 1_000_000
        let (days, second) = floorDivision(Int(whole) + 978_307_200, 86_400)
        return (days, second, milliseconds)
    }

    /// The transcoder's rounding rule: (days since 1970, second of day, millisecond), nil when out of its range.
    private static func rounded(_ time: Double) -> (Int, Int, Int)? {
        let milliseconds = ((time + 978_307_200) * 1000).rounded()  // `Date.timeIntervalSince1970`, as it computes
        guard milliseconds.isFinite, abs(milliseconds) < 2.6e14 else { return nil }
        let (seconds, millisecond) = floorDivision(Int(milliseconds), 1000)
        let (days, second) = floorDivision(seconds, 86_400)
        return (days, second, millisecond)
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    private static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
