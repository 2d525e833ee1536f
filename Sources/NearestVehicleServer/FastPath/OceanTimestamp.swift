import Foundation
import NIOCore
import OceanAPIGenerated

/// Ocean's `date-time` (`2025-11-28T05:20:00.628Z`) written straight into a buffer: the characters of
/// ``OceanAPIGenerated/OceanDateTranscoder/encode(_:)``, from the same fields
/// (``OceanAPIGenerated/OceanDateTranscoder/fields(timeIntervalSince1970:)``: rounded to the millisecond, years
/// 1583 through 9999); outside those years the transcoder itself writes the date. Checked against the transcoder
/// on random and boundary times in `LocalAnswerEncoderTests`.
enum OceanTimestamp {
    /// 1583-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds since the reference date (2001-01-01): the times
    /// written here rather than by the transcoder.
    static let covered: Range<Double> = -13_190_860_800 ..< 252_423_993_600

    static func write(secondsSinceReferenceDate time: Double, into buffer: inout ByteBuffer) {
        // `Date.timeIntervalSince1970`, as Foundation computes it.
        guard let fields = OceanDateTranscoder.fields(timeIntervalSince1970: time + 978_307_200) else {
            return fallback(time, into: &buffer)
        }
        let year = Int(fields.year), month = Int(fields.month), day = Int(fields.day)
        let secondOfDay = Int(fields.secondOfDay), milliseconds = Int(fields.millisecond)
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
}
