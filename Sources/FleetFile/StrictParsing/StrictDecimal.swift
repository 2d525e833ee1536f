/// Strict decimal numbers for coordinates and Unix-second timestamps: `[+-]?(digits[.digits] | .digits)` with an
/// optional exponent `[eE][+-]?digits`, nothing else. Hexadecimal (`0x1p5`), `inf`, `nan`, `1_000`, embedded
/// spaces and anything longer than ``maxLength`` bytes are refused, where `Double(String)` would accept the first
/// three.
public enum StrictDecimal {
    /// Longest accepted text, in bytes: generous for any real coordinate, and a bound on the work per field.
    public static let maxLength = 64

    /// Powers of ten exactly representable as doubles (10^0 ... 10^22).
    private static let exactPowers: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// The value of `bytes` when it is a strict decimal; nil otherwise. The result may be infinite ("1e999"):
    /// the caller range-checks it.
    ///
    /// Up to 15 significant digits, no exponent and at most 22 decimals: `mantissa / 10^decimals`, which IEEE
    /// division rounds correctly (both operands are exact); anything else goes through the standard library's
    /// correctly rounded, locale-independent parser once the grammar has been checked here.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard !bytes.isEmpty, bytes.count <= maxLength else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0, decimals = 0, digits = 0
        var simple = true
        while index < bytes.count, isDigit(bytes[index]) {
            accumulate(bytes[index], &mantissa, &significant, &simple)
            digits += 1
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                accumulate(bytes[index], &mantissa, &significant, &simple)
                digits += 1
                decimals += 1
                index += 1
            }
        }
        guard digits > 0 else { return nil }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return nil }
            simple = false
        }
        guard index == bytes.count else { return nil }
        if simple && decimals <= 22 {
            let value = Double(mantissa) / exactPowers[decimals]
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// `text` as a strict decimal (see ``parse(_:)-(UnsafeRawBufferPointer)``).
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always)
    private static func accumulate(_ byte: UInt8, _ mantissa: inout UInt64, _ significant: inout Int,
                                   _ simple: inout Bool) {
        if significant == 0 && byte == UInt8(ascii: "0") { return }  // leading zeros are not significant
        significant += 1
        if significant > 15 { simple = false; return }
        mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
    }
}
