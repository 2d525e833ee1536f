import Foundation
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

    /// The length of the text ``write(_:at:)`` writes.
    static let length = 24

    /// The UTC fields of a time (``OceanAPIGenerated/OceanDateTranscoder/fields(timeIntervalSince1970:)``).
    typealias Fields = (year: Int64, month: Int64, day: Int64, secondOfDay: Int64, millisecond: Int64)

    /// The fields this type writes a time from (`Date.timeIntervalSince1970`, as Foundation computes it, then the
    /// transcoder's fields); nil outside the years of ``covered``, which ``fallback(_:)`` writes.
    @inline(__always)
    static func fields(_ secondsSinceReferenceDate: Double) -> Fields? {
        OceanDateTranscoder.fields(timeIntervalSince1970: secondsSinceReferenceDate + 978_307_200)
    }

    /// The transcoder's own text for a time ``fields(_:)`` does not cover.
    static func fallback(_ secondsSinceReferenceDate: Double) -> String {
        (try? OceanDateTranscoder().encode(Date(timeIntervalSinceReferenceDate: secondsSinceReferenceDate))) ?? ""
    }

    /// Writes the ``length`` characters of `fields` at `start`.
    /// - Returns: ``length``.
    @discardableResult
    static func write(_ fields: Fields, at start: UnsafeMutableRawPointer) -> Int {
        let year = Int(fields.year), month = Int(fields.month), day = Int(fields.day)
        let secondOfDay = Int(fields.secondOfDay), milliseconds = Int(fields.millisecond)
        func digits(_ value: Int, _ count: Int, at offset: Int) {
            var value = value
            for place in stride(from: offset + count - 1, through: offset, by: -1) {
                start.storeBytes(of: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10), toByteOffset: place,
                                 as: UInt8.self)
                value /= 10
            }
        }
        func mark(_ character: Unicode.Scalar, at offset: Int) {
            start.storeBytes(of: UInt8(ascii: character), toByteOffset: offset, as: UInt8.self)
        }
        digits(year, 4, at: 0)
        mark("-", at: 4)
        digits(month, 2, at: 5)
        mark("-", at: 7)
        digits(day, 2, at: 8)
        mark("T", at: 10)
        digits(secondOfDay / 3600, 2, at: 11)
        mark(":", at: 13)
        digits(secondOfDay / 60 % 60, 2, at: 14)
        mark(":", at: 16)
        digits(secondOfDay % 60, 2, at: 17)
        mark(".", at: 19)
        digits(milliseconds, 3, at: 20)
        mark("Z", at: 23)
        return length
    }
}
