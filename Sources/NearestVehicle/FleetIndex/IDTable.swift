import CPrefetch

/// The id → slot table of the whole index: open addressing with linear probing over 4-byte entries, the ids
/// themselves in the ``IDArena``. An entry holds the slot + 1 in its low ``slotBits`` bits (0 is empty) and, above
/// them, as many bits of the id's hash as are left (*tag*: 11 bits at a million ids, 14 at a hundred thousand). At
/// most 70 % full, so 5.7-11.4 bytes per id (8-byte entries with the whole 32-bit hash took 11.4-22.8; a
/// `[String: Int32]` 27-53, holding a second copy of each id). Any table size (not only powers of two: an entry's
/// home is the 32-bit hash scaled to the size, `hash · size / 2^32`), so a load that reserves its ids pays 5.7
/// bytes per id, not up to 11.4. A probe whose tag matches compares the id's packed word with the slot's
/// (``IDArena``): one integer comparison for inline and numeric ids; a tag that differs skips the arena (all but
/// 1 in 2^tag bits of the entries a probe passes). The hash is Swift's 64-bit one folded to 32 bits, the table's
/// home from its high bits and the tag from its low ones: using the 64-bit hash's high half for the home and its
/// low bits for the tag made batch upserts ~10 % slower at a million ids (A/B, Benchmarks/README section 2).
///
/// Growing re-hashes each id from the arena (its word, a long id's bytes; in slot order: sequential reads), since an
/// entry keeps only a few bits of its hash: about 2 hashes per id over a table's growth from empty, none after
/// ``reserveCapacity(_:in:)``. Writers only, under the index's lock. The table's ids are the arena's slots
/// `0 ..< count` (it is the arena's only writer).
///
/// Ids are byte strings: hashed and compared by their UTF-8 bytes, not by `String ==` (Unicode canonical
/// equivalence), which would merge `"caf\u{E9}"` and `"cafe\u{301}"` into one vehicle and report one's position
/// under the other's id. The tie order (``VehiclePosition/idPrecedes(_:_:)``) is bytewise too.
struct IDTable {
    private var entries: [UInt32] = []
    /// Low bits of an entry that hold slot + 1: enough for every slot a table of this size holds (at most 70 % of
    /// its entries), so at most 32 (then no tag: every probe compares words).
    private var slotBits = 0
    /// Ids held.
    private(set) var count = 0

    /// The 32 bits of an id's hash the table uses (seeded per process, so crafted ids cannot aim at one probe
    /// chain): the high bits place the entry (`home`), the low bits are the tag. An inline or numeric id hashes its
    /// packed word (one 64-bit value; each id has exactly one word, see ``IDArena``) with ``SeededHash``, a long one
    /// its UTF-8 bytes with `Hasher`: no byte buffer for the common ids (batch upserts at 1M +9 %, Benchmarks/README
    /// section 2), and a table's growth re-hashes those from their words without decoding them.
    @inline(__always)
    static func hash(word: UInt64) -> UInt32 { fold(Int(truncatingIfNeeded: SeededHash.word(word))) }

    /// The table's hash of a long id's UTF-8 bytes (see ``hash(word:)``).
    @inline(__always)
    static func hash(bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return fold(hasher.finalize())
    }

    /// The table's hash of `key`'s id.
    @inline(__always)
    static func hash(_ key: IDArena.Key) -> UInt32 {
        if let word = key.word { return hash(word: word) }
        var id = key.id
        return id.withUTF8 { hash(bytes: $0) }
    }

    /// A 64-bit hash folded to 32 bits.
    @inline(__always)
    private static func fold(_ hash: Int) -> UInt32 {
        let value = UInt64(bitPattern: Int64(hash))
        return UInt32(truncatingIfNeeded: value ^ (value >> 32))
    }

    /// The slot of `id`, or nil.
    func slot(of id: String, in arena: IDArena) -> Int32? {
        guard !entries.isEmpty else { return nil }
        let key = IDArena.Key(id)
        return probe(key, hash: Self.hash(key), in: arena).slot
    }

    /// The slot of `id`, appending it to `arena` (next slot) when it is new: one hash either way.
    /// - Returns: The slot and whether it was new.
    mutating func intern(_ id: String, in arena: IDArena) -> (slot: Int32, isNew: Bool) {
        let key = IDArena.Key(id)
        return intern(key, hash: Self.hash(key), in: arena)
    }

    /// ``intern(_:in:)`` with the id's key and hash (``hash(_:)``) already computed: a batch computes them before
    /// the index's lock and prefetches each entry a few records ahead (``prefetch(hash:)``).
    ///
    /// The table grows only for a new id: an id already held is found first (a table reserved for exactly its ids,
    /// as a load leaves it, was doubled by the first upsert of any of them: every id re-hashed under the writer's
    /// lock, and 5.7 MB more at a million ids).
    mutating func intern(_ key: IDArena.Key, hash: UInt32, in arena: IDArena) -> (slot: Int32, isNew: Bool) {
        if entries.isEmpty { grow(in: arena) }
        var (position, found) = probe(key, hash: hash, in: arena)
        if let found { return (found, false) }
        if (count + 1) * 10 > entries.count * 7 {
            grow(in: arena)
            position = probe(key, hash: hash, in: arena).position
        }
        let slot = arena.append(key)
        entries[position] = Self.entry(hash: hash, slot: slot, slotBits: slotBits)
        count += 1
        return (slot, true)
    }

    /// Asks the CPU to load the entry an id of hash `hash` is probed from first: a batch calls it a few records
    /// before interning each, so the table's cache misses (a million ids take 5.7 MB) overlap.
    @inline(__always)
    func prefetch(hash: UInt32) {
        guard !entries.isEmpty else { return }
        entries.withUnsafeBufferPointer { nv_prefetch($0.baseAddress! + Self.home(hash, size: $0.count)) }
    }

    /// The entry of `slot` (whose id hashes to `hash`) in a table whose entries have `slotBits` slot bits.
    @inline(__always)
    private static func entry(hash: UInt32, slot: Int32, slotBits: Int) -> UInt32 {
        let value = UInt64(UInt32(bitPattern: slot) &+ 1)
        precondition(value >> UInt64(slotBits) == 0, "id table slot outside its entries' slot bits")
        return UInt32(truncatingIfNeeded: UInt64(hash) << UInt64(slotBits) | value)
    }

    /// Linear probing for `key` (whose hash is `hash`) in a non-empty table: its slot, or the empty position where
    /// it would go.
    private func probe(_ key: IDArena.Key, hash: UInt32, in arena: IDArena) -> (position: Int, slot: Int32?) {
        let size = entries.count
        let slotMask = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(slotBits)) &- 1)
        let tag = UInt32(truncatingIfNeeded: UInt64(hash) << UInt64(slotBits))
        var position = Self.home(hash, size: size)
        while true {
            let entry = entries[position]
            if entry == 0 { return (position, nil) }
            if entry & ~slotMask == tag {
                let slot = Int32(bitPattern: entry & slotMask) &- 1
                if arena.holds(slot, key) { return (position, slot) }
            }
            position = position &+ 1 == size ? 0 : position &+ 1
        }
    }

    /// The first position probed for `hash` in a table of `size` entries.
    @inline(__always)
    private static func home(_ hash: UInt32, size: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(hash) &* UInt64(size)) >> 32)
    }

    /// Slot bits of a table of `size` entries: slot + 1 ≤ count < size.
    private static func slotBits(size: Int) -> Int { Swift.min(32, Int.bitWidth - size.leadingZeroBitCount) }

    /// The number of entries (ids held at most 70 % of them).
    var capacity: Int { entries.count }

    /// Reserves room for `capacity` ids without growing.
    mutating func reserveCapacity(_ capacity: Int, in arena: IDArena) {
        let size = Swift.max(16, (capacity * 10 + 6) / 7)
        if size > entries.count { grow(to: size, in: arena) }
    }

    /// Doubles the table (16 entries at first).
    private mutating func grow(in arena: IDArena) { grow(to: Swift.max(16, entries.count * 2), in: arena) }

    /// Re-places every id in a table of `size` entries, hashing each again from its bytes in the arena.
    private mutating func grow(to size: Int, in arena: IDArena) {
        precondition(arena.count == count, "the id table is its arena's only writer")
        entries = [UInt32](repeating: 0, count: size)
        slotBits = Self.slotBits(size: size)
        let slotBits = self.slotBits
        entries.withUnsafeMutableBufferPointer { entries in
            for slot in 0..<Int32(truncatingIfNeeded: count) {
                let word = arena.word(slot)
                let hash = word & 0xFF == IDArena.longTag
                    ? arena.withBytes(ofWord: word) { Self.hash(bytes: $0) } : Self.hash(word: word)
                var position = Self.home(hash, size: size)
                while entries[position] != 0 { position = position &+ 1 == size ? 0 : position &+ 1 }
                entries[position] = Self.entry(hash: hash, slot: slot, slotBits: slotBits)
            }
        }
    }
}
