/// The id → slot table of the whole index: open addressing with linear probing over 8-byte entries (32 bits of
/// the id's hash, 32 bits of slot + 1; 0 is empty), the ids themselves in the ``IDArena``. At most 70 % full, so
/// 11-23 bytes per id (a `[String: Int32]` took 27-53, holding a second copy of each id). Any table size (not only
/// powers of two: an entry's home is the hash scaled to the size, `hash · size / 2^32`), so a load that reserves
/// its ids pays 11.4 bytes per id, not up to 22.8. A probe whose hash matches compares the id's packed word with the
/// slot's (``IDArena``): one integer comparison for inline and numeric ids.
///
/// The hash's 32 bits both place an entry and filter probes: a probe compares the id's text only when they match,
/// and growing re-places entries without hashing any id again. Writers only, under the index's lock.
///
/// Ids are byte strings: hashed and compared by their UTF-8 bytes, not by `String ==` (Unicode canonical
/// equivalence), which would merge `"caf\u{E9}"` and `"cafe\u{301}"` into one vehicle and report one's position
/// under the other's id. The tie order (``VehiclePosition/idPrecedes(_:_:)``) is bytewise too.
struct IDTable {
    private var entries: [UInt64] = []
    /// Ids held.
    private(set) var count = 0

    /// The 32 bits of the hash of `id`'s UTF-8 bytes the table uses (Swift's per-process seeded hasher, so
    /// crafted ids cannot aim at one probe chain).
    @inline(__always)
    static func hash(_ id: String) -> UInt32 {
        var id = id
        let value = id.withUTF8 { bytes in
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            return UInt64(bitPattern: Int64(hasher.finalize()))
        }
        return UInt32(truncatingIfNeeded: value ^ (value >> 32))
    }

    /// The slot of `id`, or nil.
    func slot(of id: String, in arena: IDArena) -> Int32? {
        guard !entries.isEmpty else { return nil }
        return probe(IDArena.Key(id), hash: Self.hash(id), in: arena).slot
    }

    /// The slot of `id`, appending it to `arena` (next slot) when it is new: one hash either way.
    /// - Returns: The slot and whether it was new.
    mutating func intern(_ id: String, in arena: IDArena) -> (slot: Int32, isNew: Bool) {
        if (count + 1) * 10 > entries.count * 7 { grow() }
        let hash = Self.hash(id), key = IDArena.Key(id)
        let (position, found) = probe(key, hash: hash, in: arena)
        if let found { return (found, false) }
        let slot = arena.append(key)
        entries[position] = UInt64(hash) << 32 | UInt64(UInt32(bitPattern: slot) &+ 1)
        count += 1
        return (slot, true)
    }

    /// Linear probing for `id` (whose hash is `hash`) in a non-empty table: its slot, or the empty position where
    /// it would go.
    private func probe(_ key: IDArena.Key, hash: UInt32, in arena: IDArena) -> (position: Int, slot: Int32?) {
        let size = entries.count
        var position = Self.home(hash, size: size)
        while true {
            let entry = entries[position]
            if entry == 0 { return (position, nil) }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let slot = Int32(truncatingIfNeeded: entry) &- 1
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

    /// Reserves room for `capacity` ids without growing.
    mutating func reserveCapacity(_ capacity: Int) {
        let size = Swift.max(16, (capacity * 10 + 6) / 7)
        if size > entries.count { grow(to: size) }
    }

    /// Doubles the table (16 entries at first).
    private mutating func grow() { grow(to: Swift.max(16, entries.count * 2)) }

    /// Re-places the entries in a table of `size` entries by their stored hash.
    private mutating func grow(to size: Int) {
        let old = entries
        entries = [UInt64](repeating: 0, count: size)
        entries.withUnsafeMutableBufferPointer { entries in
            for entry in old where entry != 0 {
                var position = Self.home(UInt32(truncatingIfNeeded: entry >> 32), size: size)
                while entries[position] != 0 { position = position &+ 1 == size ? 0 : position &+ 1 }
                entries[position] = entry
            }
        }
    }
}
