import Synchronization

/// A lock-free front of ``CallerAuthorization``'s pairs: a direct-mapped table of (token digest, customer, expiry)
/// that the hot path reads without a lock; a miss sends the reader to the locked dictionary, which stays the
/// authority.
///
/// Never looser than the dictionary: a slot is written only by the owner while it holds its own lock, with the pair
/// and expiry it stores in the dictionary at the same time; ``remove(token:)`` and ``removeAll()`` are called
/// under that lock whenever the dictionary forgets pairs. A reader's hit is a pair the dictionary held, with the
/// same expiry, at the moment of the read. Two pairs hashing to one slot evict each other (a later miss, never a
/// wrong hit).
///
/// Each slot is a seqlock (H.-J. Boehm, "Can seqlocks get along with programming language memory models?",
/// MSPC 2012): the writer makes the slot's version odd, writes the fields, makes it even again (release); a reader
/// reads the version (acquire), the fields (relaxed), an acquire fence, the version again, and trusts the fields
/// only when both versions are equal and even. Otherwise it reports a miss. Every field is an atomic word, so
/// there is no data race, only torn values that the version check discards. Checked by `AuthorizationSlotsTests`
/// (a model, and concurrent readers that must never see a pair that was never stored).
final class AuthorizationSlots: @unchecked Sendable {
    // @unchecked Sendable: the only state is `words`, atomics allocated in init and freed in deinit; every access
    // goes through `Atomic` operations.
    static let capacity = 4096
    /// Words per slot (version, digest high, digest low, customer, expiry; padded to 64 bytes).
    private static let stride = 8
    private let words: UnsafeMutablePointer<Atomic<Int>>

    init() {
        let count = Self.capacity * Self.stride
        words = .allocate(capacity: count)
        for index in 0..<count { (words + index).initialize(to: Atomic(0)) }
    }

    deinit {
        words.deinitialize(count: Self.capacity * Self.stride)
        words.deallocate()
    }

    @inline(__always)
    private func slot(_ token: TokenDigest, _ customerId: Int64) -> UnsafeMutablePointer<Atomic<Int>> {
        let customer = UInt(bitPattern: Int(truncatingIfNeeded: customerId)) &* 0x9E37_79B9_7F4A_7C15
        let mixed = (UInt(bitPattern: token.low) ^ customer) &* 0xBF58_476D_1CE4_E5B9
        return words + (Int(mixed >> 52) & (Self.capacity - 1)) &* Self.stride
    }

    /// The slot a pair maps to (test hook).
    func slotNumber(_ token: TokenDigest, customerId: Int64) -> Int {
        (slot(token, customerId) - words) / Self.stride
    }

    /// Whether the table holds the pair with an expiry after `now` (seconds since the reference date). False also
    /// when the slot was being written: ask the dictionary.
    @inline(__always)
    func contains(_ token: TokenDigest, customerId: Int64, now: Double) -> Bool {
        let slot = slot(token, customerId)
        let before = slot[0].load(ordering: .acquiring)
        guard before & 1 == 0 else { return false }
        let high = slot[1].load(ordering: .relaxed), low = slot[2].load(ordering: .relaxed)
        let customer = slot[3].load(ordering: .relaxed), expiry = slot[4].load(ordering: .relaxed)
        atomicMemoryFence(ordering: .acquiring)
        guard slot[0].load(ordering: .relaxed) == before else { return false }
        return before != 0 && high == token.high && low == token.low
            && customer == Int(truncatingIfNeeded: customerId) && now < Double(bitPattern: UInt64(UInt(bitPattern: expiry)))
    }

    /// Stores the pair with its expiry (seconds since the reference date). Call under the owner's lock.
    func store(_ token: TokenDigest, customerId: Int64, expiry: Double) {
        write(slot(token, customerId), token.high, token.low, Int(truncatingIfNeeded: customerId),
              Int(bitPattern: UInt(expiry.bitPattern)))
    }

    /// Forgets every pair of `token` (a scan of the table). Call under the owner's lock.
    func remove(token: TokenDigest) {
        for index in 0..<Self.capacity {
            let slot = words + index * Self.stride
            if slot[1].load(ordering: .relaxed) == token.high, slot[2].load(ordering: .relaxed) == token.low {
                write(slot, 0, 0, 0, 0)
            }
        }
    }

    /// Forgets every pair. Call under the owner's lock.
    func removeAll() {
        for index in 0..<Self.capacity { write(words + index * Self.stride, 0, 0, 0, 0) }
    }

    private func write(_ slot: UnsafeMutablePointer<Atomic<Int>>, _ high: Int, _ low: Int, _ customer: Int, _ expiry: Int) {
        let version = slot[0].load(ordering: .relaxed)
        slot[0].store(version | 1, ordering: .relaxed)
        atomicMemoryFence(ordering: .releasing)
        slot[1].store(high, ordering: .relaxed)
        slot[2].store(low, ordering: .relaxed)
        slot[3].store(customer, ordering: .relaxed)
        slot[4].store(expiry, ordering: .relaxed)
        slot[0].store((version | 1) &+ 1, ordering: .releasing)
    }
}
