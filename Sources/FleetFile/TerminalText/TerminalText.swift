/// Text from input files made safe for a terminal: control characters (C0, DEL, C1), line and paragraph
/// separators and bidirectional overrides are written as `\u{1B}`, so an id cannot move the cursor, recolour the
/// screen, or reorder what follows it. Everything else, backslashes included, is shown as is.
public enum TerminalText {
    /// Whether `scalar` is shown escaped.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with every control character written as `\u{XX}`; `text` itself when it has none.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A field's text for an error message: quoted, escaped, and cut to ``quotedLimit`` characters ("…" and the
    /// byte count beyond that), so a 1 MB field makes a one-line message.
    public static func quoted(_ text: String) -> String {
        if text.unicodeScalars.count <= quotedLimit { return "'\(escaped(text))'" }
        let head = String(String.UnicodeScalarView(text.unicodeScalars.prefix(quotedLimit)))
        return "'\(escaped(head))…' (\(text.utf8.count) bytes)"
    }

    /// Bytes (valid UTF-8), quoted as by ``quoted(_:)-(String)``, decoding no more than needed.
    public static func quoted(_ bytes: UnsafeRawBufferPointer) -> String {
        if bytes.count <= quotedLimit { return quoted(String(decoding: bytes, as: UTF8.self)) }
        let head = String(decoding: bytes.prefix(quotedLimit * 4), as: UTF8.self)
        let cut = String(String.UnicodeScalarView(head.unicodeScalars.prefix(quotedLimit)))
        if cut.utf8.count == bytes.count { return "'\(escaped(cut))'" }
        return "'\(escaped(cut))…' (\(bytes.count) bytes)"
    }

    /// Characters of a field shown in an error message.
    public static let quotedLimit = 40
}
