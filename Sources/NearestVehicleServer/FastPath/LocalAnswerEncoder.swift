import Foundation
import NIOCore
import NearestVehicle
import OceanAPIGenerated

/// The local `nearestVehicles` answer written straight from the index's result into a `ByteBuffer`: the same bytes
/// as the generated types (`[Components.Schemas.NearestVehicle]` built by ``LocalNearest``'s `wire`) encoded by
/// OpenAPIRuntime's `JSONEncoder` with `Configuration.ocean` (compact, sorted keys, `/` escaped, dates through
/// ``OceanAPIGenerated/OceanDateTranscoder``), without a generated value or a `VehiclePosition` per vehicle.
///
/// What it mirrors, field by field (keys in UTF-8 order, absent optionals omitted):
/// `{"address":{"latitude":…,"longitude":…},"distance":…,"etatMobile":"…","gmtPos":"…","group":{"id":…},
/// "vehicle":{"id":…,"privacyEnabled":…}}`, `group` only when the index's group id is an `Int64` (`Int64(_:)`),
/// `vehicle.id` only when the vehicle id is.
/// - Numbers: Foundation's `JSONEncoder` writes a `Double` as its `description` without a trailing `.0`
///   (`1e-07`, `1e+21`, `-0`, `5e-324`), an integer as its `description`.
/// - Strings: `"`, `\`, `/` and the control characters escaped as Foundation's `JSONWriter` does (`\b \f \n \r \t`,
///   others `\u00xx` in lower-case hex); everything else, non-ASCII included, as UTF-8.
/// - Dates: ``OceanTimestamp`` (the transcoder's fields, rounded to the millisecond), or the transcoder itself
///   outside the years it covers.
///
/// Byte-for-byte equality with the generated encoding is checked on ≥ 10 000 seeded random answers
/// (`LocalAnswerEncoderTests`) and on the index's own answers (`FastPathTests`).
enum LocalAnswerEncoder {
    /// Writes the JSON array of `vehicles` (nearest first) into `buffer`.
    /// - Returns: false (buffer content unspecified) when a value cannot be encoded as JSON (a non-finite
    ///   number): the caller answers through the generated types instead, which report it their own way.
    static func write(_ vehicles: NearbyVehicleList, into buffer: inout ByteBuffer) -> Bool {
        buffer.writeInteger(UInt8(ascii: "["))
        for position in vehicles.indices {
            let fields = vehicles.fields(at: position)
            guard writeVehicle(
                latitude: fields.coordinate.latitude, longitude: fields.coordinate.longitude,
                distance: fields.distanceMeters, etatMobile: fields.state.rawValue, gmtPos: fields.timestamp,
                groupId: fields.groupId.flatMap(Int64.init), vehicleId: Int64(fields.id),
                privacyEnabled: fields.isPrivacyMode, into: &buffer, separator: position > 0)
            else { return false }
        }
        buffer.writeInteger(UInt8(ascii: "]"))
        return true
    }

    /// Writes one `NearestVehicle` object, given the values `wire` would put in it, preceded by a comma when
    /// `separator`: one reservation in `buffer` and one write per vehicle (``RawOutput``), not one per field.
    /// - Parameter gmtPos: seconds since the reference date (`Date.timeIntervalSinceReferenceDate`).
    /// - Returns: false when a number is not finite (nothing was written).
    static func writeVehicle(
        latitude: Double, longitude: Double, distance: Double, etatMobile: String, gmtPos: Double, groupId: Int64?,
        vehicleId: Int64?, privacyEnabled: Bool, into buffer: inout ByteBuffer, separator: Bool = false
    ) -> Bool {
        guard latitude.isFinite, longitude.isFinite, distance.isFinite, gmtPos.isFinite else { return false }
        // Outside the years ``OceanTimestamp`` writes itself, the transcoder's text (rare: computed first, so that
        // its length is known before reserving).
        let dateFields = OceanTimestamp.fields(gmtPos)
        let fallbackDate = dateFields == nil ? OceanTimestamp.fallback(gmtPos) : nil
        // A comma and 133 bytes of fixed text, three numbers, a date (or the fallback's text), two integers, the
        // state escaped and quoted.
        let bound = 134 + 3 * RawOutput.maxNumberBytes + OceanTimestamp.length + (fallbackDate?.utf8.count ?? 0)
            + 2 * RawOutput.maxIntegerBytes + RawOutput.maxStringBytes(etatMobile) + 1
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { raw in
            var out = RawOutput(raw)
            if separator { out.byte(UInt8(ascii: ",")) }
            out.text(#"{"address":{"latitude":"#)
            out.number(latitude)
            out.text(#","longitude":"#)
            out.number(longitude)
            out.text(#"},"distance":"#)
            out.number(distance)
            out.text(#","etatMobile":"#)
            out.string(etatMobile)
            out.text(#","gmtPos":""#)
            if let dateFields { out.timestamp(dateFields) } else { out.string(unescaped: fallbackDate ?? "") }
            out.byte(UInt8(ascii: "\""))
            if let groupId {
                out.text(#","group":{"id":"#)
                out.integer(groupId)
                out.byte(UInt8(ascii: "}"))
            }
            if let vehicleId {
                out.text(#","vehicle":{"id":"#)
                out.integer(vehicleId)
                out.text(#","privacyEnabled":"#)
            } else {
                out.text(#","vehicle":{"privacyEnabled":"#)
            }
            out.text(privacyEnabled ? "true}}" : "false}}")
            assert(out.count <= bound, "LocalAnswerEncoder: bound \(bound) < \(out.count) bytes written")
            return out.count
        }
        return true
    }
}

/// Bytes appended at a raw pointer, with no capacity check of its own: the caller reserves at least what it may
/// write (``maxNumberBytes``, ``maxIntegerBytes``, ``maxStringBytes(_:)``, 24 for a timestamp) and checks the
/// total. What ``LocalAnswerEncoder`` writes a vehicle with, in one `ByteBuffer` reservation.
struct RawOutput {
    /// Room for a `Double.description`: the longest is 24 bytes (`-2.2250738585072014e-308`).
    static let maxNumberBytes = 32
    /// The longest `Int64.description`: 20 (`-9223372036854775808`).
    static let maxIntegerBytes = 20

    /// The most ``string(_:)`` writes for `value`: quotes and 6 bytes (`\u00xx`) per UTF-8 byte.
    static func maxStringBytes(_ value: String) -> Int { 2 + 6 * value.utf8.count }

    private let base: UnsafeMutableRawPointer
    private(set) var count = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) {
        base = buffer.baseAddress!
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    mutating func text(_ value: StaticString) {
        bytes(UnsafeRawBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func bytes(_ value: UnsafeRawBufferPointer) {
        guard let start = value.baseAddress, !value.isEmpty else { return }
        (base + count).copyMemory(from: start, byteCount: value.count)
        count += value.count
    }

    /// `description` of a finite `Double`, less a trailing `.0`, from the standard library's own formatter
    /// (`Double.write(to:)`, the code behind `description`) without a `String` in between.
    mutating func number(_ value: Double) {
        var stream = NumberStream(output: self)
        value.write(to: &stream)
        self = stream.output
    }

    /// Receives a number's ASCII text from `write(to:)` and appends it, without a trailing `.0`.
    private struct NumberStream: TextOutputStream {
        var output: RawOutput

        mutating func _writeASCII(_ text: UnsafeBufferPointer<UInt8>) {
            var count = text.count
            if count >= 2, text[count - 2] == UInt8(ascii: "."), text[count - 1] == UInt8(ascii: "0") { count -= 2 }
            output.bytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[..<count])))
        }

        mutating func write(_ string: String) {  // not used by `Double` (kept correct all the same)
            var string = string
            if string.hasSuffix(".0") { string.removeLast(2) }
            string.withUTF8 { output.bytes(UnsafeRawBufferPointer($0)) }
        }
    }

    /// `description` of an integer.
    mutating func integer(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var place = count + digits - 1
        repeat {
            base.storeBytes(of: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10), toByteOffset: place,
                            as: UInt8.self)
            magnitude /= 10
            place -= 1
        } while magnitude > 0
        count += digits
    }

    /// A string as Foundation's `JSONWriter` writes it (without `.withoutEscapingSlashes`), quotes included:
    /// `"`, `\`, `/` and the control characters escaped (`\b \f \n \r \t`, others `\u00xx` in lower-case hex);
    /// everything else, non-ASCII included, as UTF-8.
    mutating func string(_ value: String) {
        var value = value
        byte(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            var mark = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                let escape: StaticString
                switch byte {
                case UInt8(ascii: "\""): escape = #"\""#
                case UInt8(ascii: "\\"): escape = #"\\"#
                case UInt8(ascii: "/"): escape = #"\/"#
                case 0x08: escape = #"\b"#
                case 0x0C: escape = #"\f"#
                case 0x0A: escape = #"\n"#
                case 0x0D: escape = #"\r"#
                case 0x09: escape = #"\t"#
                case 0x00...0x1F: escape = #"\u00"#
                default: continue
                }
                if index > mark { bytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[mark..<index])) }
                text(escape)
                if escape.utf8CodeUnitCount == 4 {  // `\u00`: two hex digits follow
                    self.byte(Self.hexDigit(byte >> 4))
                    self.byte(Self.hexDigit(byte & 0xF))
                }
                mark = index + 1
            }
            if utf8.count > mark { bytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[mark...])) }
        }
        byte(UInt8(ascii: "\""))
    }

    /// A string's UTF-8 bytes as they are (no quotes, no escapes).
    mutating func string(unescaped value: String) {
        var value = value
        value.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    /// A time's 24 characters (``OceanTimestamp/write(_:at:)``).
    mutating func timestamp(_ fields: OceanTimestamp.Fields) {
        count += OceanTimestamp.write(fields, at: base + count)
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ (value &- 10)
    }
}
