/// What the server keeps of a caller's token: a 128-bit keyed digest (two SipHash-1-3 runs of the standard
/// library's `Hasher`, keyed by the process's random seed, with distinct domain prefixes). The token itself is never
/// stored, logged or used as a metric label; the digest is meaningless outside this process.
struct TokenDigest: Hashable, Sendable {
    let high: Int
    let low: Int

    init(token: String) {
        var first = Hasher()
        first.combine(0x6E65_6172_6573_7431 as UInt64)
        first.combine(token)
        var second = Hasher()
        second.combine(0x7365_7276_6520_7432 as UInt64)
        second.combine(token)
        self.high = first.finalize()
        self.low = second.finalize()
    }
}
