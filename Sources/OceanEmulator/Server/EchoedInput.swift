/// Bounds what an error message repeats of the caller's input, so that a 10 MB field never comes back in a 400 (nor
/// fills a log line).
enum EchoedInput {
    /// At most this many Unicode scalars of a user value are repeated.
    static let maxCharacters = 64

    /// The first `maxCharacters` Unicode scalars of `text`, followed by `…` when something was cut. Reads at most
    /// `maxCharacters` + 1 scalars (a single grapheme cluster of a million combining marks costs nothing).
    static func truncated(_ text: some StringProtocol, maxCharacters: Int = maxCharacters) -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        var taken = 0
        while taken < maxCharacters, let scalar = iterator.next() {
            scalars.append(scalar)
            taken += 1
        }
        return iterator.next() == nil ? String(scalars) : String(scalars) + "…"
    }
}
