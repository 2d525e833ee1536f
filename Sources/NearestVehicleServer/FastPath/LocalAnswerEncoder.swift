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
            if position > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            let coordinate = vehicles.coordinate(at: position)
            guard writeVehicle(
                latitude: coordinate.latitude, longitude: coordinate.longitude,
                distance: vehicles.distanceMeters(at: position), etatMobile: vehicles.state(at: position).rawValue,
                gmtPos: vehicles.timestamp(at: position), groupId: vehicles.groupId(at: position).flatMap(Int64.init),
                vehicleId: Int64(vehicles.id(at: position)), privacyEnabled: vehicles.isPrivacyMode(at: position),
                into: &buffer)
            else { return false }
        }
        buffer.writeInteger(UInt8(ascii: "]"))
        return true
    }

    /// Writes one `NearestVehicle` object, given the values `wire` would put in it.
    /// - Parameter gmtPos: seconds since the reference date (`Date.timeIntervalSinceReferenceDate`).
    /// - Returns: false when a number is not finite (nothing sensible was written).
    static func writeVehicle(
        latitude: Double, longitude: Double, distance: Double, etatMobile: String, gmtPos: Double, groupId: Int64?,
        vehicleId: Int64?, privacyEnabled: Bool, into buffer: inout ByteBuffer
    ) -> Bool {
        guard latitude.isFinite, longitude.isFinite, distance.isFinite, gmtPos.isFinite else { return false }
        buffer.writeStaticString(#"{"address":{"latitude":"#)
        writeNumber(latitude, into: &buffer)
        buffer.writeStaticString(#","longitude":"#)
        writeNumber(longitude, into: &buffer)
        buffer.writeStaticString(#"},"distance":"#)
        writeNumber(distance, into: &buffer)
        buffer.writeStaticString(#","etatMobile":"#)
        writeString(etatMobile, into: &buffer)
        buffer.writeStaticString(#","gmtPos":""#)
        OceanTimestamp.write(secondsSinceReferenceDate: gmtPos, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\""))
        if let groupId {
            buffer.writeStaticString(#","group":{"id":"#)
            writeInteger(groupId, into: &buffer)
            buffer.writeInteger(UInt8(ascii: "}"))
        }
        if let vehicleId {
            buffer.writeStaticString(#","vehicle":{"id":"#)
            writeInteger(vehicleId, into: &buffer)
            buffer.writeStaticString(#","privacyEnabled":"#)
        } else {
            buffer.writeStaticString(#","vehicle":{"privacyEnabled":"#)
        }
        if privacyEnabled {
            buffer.writeStaticString("true}}")
        } else {
            buffer.writeStaticString("false}}")
        }
        return true
    }

    /// A finite `Double` as Foundation's `JSONEncoder` writes it: `description`, less a trailing `.0`. The text comes
    /// from the standard library's own formatter (`Double.write(to:)`, the code behind `description`) without a
    /// `String` in between.
    static func writeNumber(_ value: Double, into buffer: inout ByteBuffer) {
        withUnsafeMutablePointer(to: &buffer) { target in
            var stream = NumberStream(target: target)
            value.write(to: &stream)
        }
    }

    /// Receives a number's ASCII text from `write(to:)` and appends it, without a trailing `.0`.
    private struct NumberStream: TextOutputStream {
        let target: UnsafeMutablePointer<ByteBuffer>

        mutating func _writeASCII(_ text: UnsafeBufferPointer<UInt8>) {
            let count = text.count
            if count >= 2, text[count - 2] == UInt8(ascii: "."), text[count - 1] == UInt8(ascii: "0") {
                target.pointee.writeBytes(UnsafeBufferPointer(rebasing: text[..<(count - 2)]))
            } else {
                target.pointee.writeBytes(text)
            }
        }

        mutating func write(_ string: String) {  // not used by `Double` (kept correct all the same)
            var string = string
            if string.hasSuffix(".0") { string.removeLast(2) }
            target.pointee.writeString(string)
        }
    }

    /// An integer as `JSONEncoder` writes it (its `description`), without a `String`.
    static func writeInteger(_ value: Int64, into buffer: inout ByteBuffer) {
        if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 19 digits of Int64.min
        withUnsafeMutableBytes(of: &digits) { raw in
            var start = raw.count
            repeat {
                start -= 1
                raw[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    /// A string as Foundation's `JSONWriter` writes it (without `.withoutEscapingSlashes`), quotes included.
    static func writeString(_ value: String, into buffer: inout ByteBuffer) {
        var value = value
        buffer.writeInteger(UInt8(ascii: "\""))
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
                if index > mark { buffer.writeBytes(UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
                buffer.writeStaticString(escape)
                if escape.utf8CodeUnitCount == 4 {  // `\u00`: two hex digits follow
                    buffer.writeInteger(hexDigit(byte >> 4))
                    buffer.writeInteger(hexDigit(byte & 0xF))
                }
                mark = index + 1
            }
            if utf8.count > mark { buffer.writeBytes(UnsafeBufferPointer(rebasing: utf8[mark...])) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ (value &- 10)
    }
}
