/// The index's hash of ids (the id table's short and numeric ids, the customer directory's ids): MurmurHash3's
/// 64-bit finaliser after an exclusive or with a seed drawn per process, so ids cannot be picked to collide on every
/// machine. A bijection in which every output bit depends on every input bit, ~10 instructions a word, where
/// `Hasher` (SipHash-1-3) took ~90 for one word and ~280 for a customer id (callgrind).
enum SeededHash {
    /// The per-process seed.
    private static let seed = UInt64.random(in: .min ... .max)

    /// The hash of one 64-bit word.
    @inline(__always)
    static func word(_ word: UInt64) -> UInt64 {
        var mixed = word ^ seed
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        return mixed ^ (mixed >> 33)
    }

    /// The hash of a byte string: each 8-byte word (the last one zero-padded) chained through ``word(_:)`` from the
    /// length (spread by a multiply, so that padding zeros do not hash as the shorter string): one round for an id of
    /// up to 8 bytes.
    @inline(__always)
    static func bytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset &+ 8 <= bytes.count {
            state = word(state ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
        guard offset < bytes.count else { return state }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift &+= 8
            offset &+= 1
        }
        return word(state ^ tail)
    }
}
