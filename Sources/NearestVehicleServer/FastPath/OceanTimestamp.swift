import Foundation
import NIOCore
import OceanAPIGenerated

/// Ocean's `date-time` (`2025-11-28T05:20:00.628Z`) written without Foundation's calendar: the same characters as
/// ``OceanAPIGenerated/OceanDateTranscoder/encode(_:)`` (`Date.ISO8601FormatStyle` with fractional seconds, UTC).
///
/// Covered: the proleptic Gregorian years 1601 through 9999 (Foundation's calendar switches to the Julian one
/// before 1582 and writes five-digit years after 9999); the second is the floor of the time, the milliseconds
/// are the fraction's nanoseconds (`Int(fraction × 1e9)`) divided by 10⁶, truncated — what Foundation does on this
/// toolchain (`.629` stored as 0.628999… prints `.628`). Outside the covered years the transcoder itself writes
/// the date. Checked against the transcoder on random and boundary times in `LocalAnswerEncoderTests`.
enum OceanTimestamp {
    /// 1601-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds since the reference date (2001-01-01).
    static let covered: Range<Double> = -12_622_780_800 ..< 252_423_993_600

    static func write(secondsSinceReferenceDate time: Double, into buffer: inout ByteBuffer) {
        guard covered.contains(time) else {
            let text = (try? OceanDateTranscoder().encode(Date(timeIntervalSinceReferenceDate: time))) ?? ""
            buffer.writeString(text)
            return
        }
        let whole = time.rounded(.down)
        let milliseconds = Int((time - whole) * 1e9) / 1_000_000
        let unix = Int(whole) + 978_307_200
        var days = unix / 86_400, second = unix % 86_400
        if second < 0 {
            second += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
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
            digits(second / 3600, 2, at: 11)
            raw[13] = UInt8(ascii: ":")
            digits(second / 60 % 60, 2, at: 14)
            raw[16] = UInt8(ascii: ":")
            digits(second % 60, 2, at: 17)
            raw[19] = UInt8(ascii: ".")
            digits(milliseconds, 3, at: 20)
            raw[23] = UInt8(ascii: "Z")
            buffer.writeBytes(raw)
        }
    }
}
