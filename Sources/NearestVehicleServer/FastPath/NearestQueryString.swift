import OceanAPIGenerated

/// The query string of a `nearestVehicles` call, parsed by hand: the same values the generated server decodes
/// with OpenAPIRuntime's `URIDecoder` (form style, exploded), or nil when this parser is not sure of them.
///
/// Accepted: `key=value` pairs separated by `&`, each key one of `customerId`, `radius`, `latitude`, `longitude`,
/// `resultsLimit` at most once, each value non-empty and made of `0-9 . - e E` only, that Swift's `Int64`,
/// `Int32` or `Double` initialiser reads (as the decoder does). Anything else — an unknown or repeated key,
/// percent-encoding, `+`, an empty value or pair, a value out of the type's range — is declined, and the
/// request goes through the generated handler, which answers it (with a 400 when it cannot decode it).
/// Agreement with the generated decoding is checked on thousands of seeded random and hostile query strings
/// (`NearestQueryStringTests`).
enum NearestQueryString {
    /// - Parameter query: the bytes after `?` in the request target (without the `?`).
    static func parse<Bytes: Collection>(_ query: Bytes) -> Operations.nearestVehicles.Input.Query?
    where Bytes.Element == UInt8 {
        var customerId: Int64?, radius: Int32?, latitude: Double?, longitude: Double?, resultsLimit: Int32?
        var seen: UInt8 = 0
        var rest = query[...]
        while true {
            let pairEnd = rest.firstIndex(of: UInt8(ascii: "&")) ?? rest.endIndex
            let pair = rest[..<pairEnd]
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let key = pair[..<equals], value = pair[pair.index(after: equals)...]
            guard !value.isEmpty, value.allSatisfy(isValueByte) else { return nil }
            let text = String(decoding: value, as: UTF8.self)
            let bit: UInt8
            if key.elementsEqual("customerId".utf8) {
                bit = 1
                guard let parsed = Int64(text) else { return nil }
                customerId = parsed
            } else if key.elementsEqual("radius".utf8) {
                bit = 2
                guard let parsed = Int32(text) else { return nil }
                radius = parsed
            } else if key.elementsEqual("latitude".utf8) {
                bit = 4
                guard let parsed = Double(text) else { return nil }
                latitude = parsed
            } else if key.elementsEqual("longitude".utf8) {
                bit = 8
                guard let parsed = Double(text) else { return nil }
                longitude = parsed
            } else if key.elementsEqual("resultsLimit".utf8) {
                bit = 16
                guard let parsed = Int32(text) else { return nil }
                resultsLimit = parsed
            } else {
                return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            if pairEnd == rest.endIndex { break }
            rest = rest[rest.index(after: pairEnd)...]
        }
        guard let latitude, let longitude else { return nil }
        return .init(
            customerId: customerId, radius: radius, latitude: latitude, longitude: longitude,
            resultsLimit: resultsLimit)
    }

    @inline(__always)
    private static func isValueByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "e"),
             UInt8(ascii: "E"):
            true
        default:
            false
        }
    }
}
