import OceanAPIGenerated

/// The small JSON body of a `nearestVehicles` call (`{"computeMode":"VOL_OISEAU","radiusUnit":"km"}`), parsed by
/// hand: the same value `JSONDecoder` gives the generated handler, or nil when this parser is not sure of it.
///
/// Accepted: one object with `computeMode` (required) and `radiusUnit` (optional), each at most once, in either
/// order, JSON whitespace around the tokens; string values of printable ASCII without escapes; `computeMode`
/// one of the spec's values. Anything else (another key, `null`, an escape, a number, trailing bytes) is
/// declined and the generated handler decodes the body.
enum NearestRequestBody {
    static func parse<Bytes: Collection>(_ body: Bytes) -> Components.Schemas.NearestVehiclesRequest?
    where Bytes.Element == UInt8 {
        var scanner = Scanner(bytes: body[...])
        var computeMode: Components.Schemas.ComputeMode?, radiusUnit: String?
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = scanner.string(), scanner.consume(UInt8(ascii: ":")), let value = scanner.string()
            else { return nil }
            switch key {
            case "computeMode" where computeMode == nil:
                guard let mode = Components.Schemas.ComputeMode(rawValue: value) else { return nil }
                computeMode = mode
            case "radiusUnit" where radiusUnit == nil:
                radiusUnit = value
            default:
                return nil
            }
        } while scanner.consume(UInt8(ascii: ","))
        guard scanner.consume(UInt8(ascii: "}")), scanner.atEnd, let computeMode else { return nil }
        return .init(computeMode: computeMode, radiusUnit: radiusUnit)
    }

    private struct Scanner<Bytes: Collection> where Bytes.Element == UInt8, Bytes.SubSequence == Bytes {
        var bytes: Bytes

        mutating func skipWhitespace() {
            while let byte = bytes.first,
                  byte == UInt8(ascii: " ") || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                bytes = bytes.dropFirst()
            }
        }

        /// Consumes `byte` after optional whitespace.
        mutating func consume(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard bytes.first == byte else { return false }
            bytes = bytes.dropFirst()
            return true
        }

        /// A string of printable ASCII without escapes, after optional whitespace.
        mutating func string() -> String? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            guard let end = bytes.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let content = bytes[..<end]
            guard content.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return nil }
            bytes = bytes[bytes.index(after: end)...]
            return String(decoding: content, as: UTF8.self)
        }

        var atEnd: Bool {
            mutating get {
                skipWhitespace()
                return bytes.isEmpty
            }
        }
    }
}
