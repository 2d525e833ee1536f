import Foundation
@testable import NearestVehicle
import Testing
import TestSupport

/// The arena packs ids into one 64-bit word per slot (inline bytes, a canonical decimal, or a reference to byte
/// pages): every form must give back the id's exact bytes, find it again, tell it from its near neighbours, and order
/// ids as their UTF-8 bytes do (the reference: `Array.lexicographicallyPrecedes` on the bytes, shorter first on a
/// common prefix), including across forms.
@Suite struct IDArenaTests {
    /// Ids at every boundary of the forms, and their near neighbours.
    static let ids: [String] = [
        "a", "A", "ab", "V0000001", "V000000", "V00000010", "12345678", "123456789", "1234567890", "9999999999999999",
        "10000000000000000", "0123456789", "0", "00", "000000000", "1", "9", "90", "100000000", "99999999",
        "a\u{0}b", "\u{0}", "ab\u{0}", "12345678\u{0}", "café", "cafe\u{301}", "caf\u{E8}", "🚑", "🚑🚑🚑",
        "véhicule-🚑-42", String(repeating: "x", count: 200), String(repeating: "y", count: 15),
        "-123456789", "+123456789", "１２３４５６７８９",  // full-width digits are not ASCII digits
        String(repeating: "z", count: (1 << 20) + 10),  // longer than a byte page: a page of its own
        "after-the-big-one",
    ]

    @Test func everyFormRoundTripsAndOrdersBytewise() {
        let arena = IDArena()
        var table = IDTable()
        var slots: [Int32] = []
        for id in Self.ids {
            let (slot, isNew) = table.intern(id, in: arena)
            #expect(isNew, "\(id.prefix(20)) interned twice")
            slots.append(slot)
        }
        for (id, slot) in zip(Self.ids, slots) {
            #expect(Array(arena[slot].utf8) == Array(id.utf8), "\(id.prefix(20))")
            #expect(table.slot(of: id, in: arena) == slot, "\(id.prefix(20))")
            #expect(table.intern(id, in: arena) == (slot, false))
        }
        for (a, slotA) in zip(Self.ids, slots) {
            for (b, slotB) in zip(Self.ids, slots) {
                let want = Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
                #expect(arena.precedes(slotA, slotB) == want, "\(a.prefix(20)) vs \(b.prefix(20))")
            }
        }
        // The tie rank: the first 8 bytes big-endian, zero-padded (by hand from the bytes), so a smaller rank is a
        // bytewise smaller id.
        for (id, slot) in zip(Self.ids, slots) {
            let bytes = Array(id.utf8.prefix(8)) + Array(repeating: 0, count: Swift.max(0, 8 - id.utf8.count))
            #expect(arena.rank(slot) == bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, "\(id.prefix(20))")
        }
        for (slotA, slotB) in zip(slots, slots.dropFirst() + slots.prefix(1))
        where arena.rank(slotA) < arena.rank(slotB) {
            #expect(arena.precedes(slotA, slotB))
        }
        for absent in ["b", "V0000002", "123456780", "12345678901234567", "cafe", "🚑🚑", "a\u{0}c", ""] {
            #expect(table.slot(of: absent, in: arena) == nil, "\(absent)")
        }
    }

    /// The forms' costs: inline and numeric ids take the word only; a long id adds its length and bytes.
    @Test func packedForms() {
        #expect("V0000001".utf8.withContiguousStorageIfAvailable { IDArena.packedWord($0) } != nil)
        #expect("1234567890123456".utf8.withContiguousStorageIfAvailable { IDArena.packedWord($0) }
                == IDArena.numericTag | 1_234_567_890_123_456 << 8)
        for long in ["12345678901234567", "0123456789", "a\u{0}b", "véhicule-1"] {
            var id = long
            #expect(id.withUTF8 { IDArena.packedWord($0) } == nil, "\(long)")
        }
    }

    /// Random ids of every form against a sort of their bytes.
    @Test func randomIdsSortAsTheirBytes() {
        var random = SplitMix64(seed: testSeed(default: 0x1DA_4E4A))
        let arena = IDArena()
        var table = IDTable()
        var ids: [String] = []
        for _ in 0..<3_000 {
            let value = random.next()
            let id: String
            switch value % 4 {
            case 0: id = "V\(value % 1_000)"
            case 1: id = String(value % 100_000_000_000)
            case 2: id = String(value % 10_000_000_000_000_000_000)
            default: id = "é\(value % 97)" + String(repeating: "0", count: Int(value % 11))
            }
            if table.intern(id, in: arena).isNew { ids.append(id) }
        }
        let bySlots = (0..<Int32(ids.count)).sorted { arena.precedes($0, $1) }.map { arena[$0] }
        let byBytes = ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(bySlots.map { Array($0.utf8) } == byBytes.map { Array($0.utf8) })
    }
}
