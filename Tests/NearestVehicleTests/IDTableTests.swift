@testable import NearestVehicle
import Testing
import TestSupport

/// The id → slot table and its arena against a `Dictionary` reference: every id interned once, found again after
/// the table grew, absent ids absent, ids kept exactly (long, non-ASCII, differing only in case or by one byte).
@Suite struct IDTableTests {
    @Test func matchesADictionaryThroughGrowth() {
        var random = SplitMix64(seed: 0x1D7A_B1E)
        let arena = IDArena()
        var table = IDTable()
        var reference: [String: Int32] = [:]
        var order: [String] = []
        let shapes: [(UInt64) -> String] = [
            { "V\($0 % 50_000)" },                                      // short, many repeats
            { String($0 % 1_000_000_007) },                            // Ocean-style numeric
            { "véhicule-🚑-\($0 % 30_000)-" + String(repeating: "x", count: Int($0 % 40)) },  // long, non-ASCII
            { $0 % 2 == 0 ? "Case\($0 % 5_000)" : "case\($0 % 5_000)" },  // differ only in case
        ]
        for step in 0..<200_000 {
            let value = random.next()
            let id = shapes[Int(value % 4)](value >> 2)
            let (slot, isNew) = table.intern(id, in: arena)
            if let expected = reference[id] {
                #expect(!isNew && slot == expected, "step \(step): \(id)")
            } else {
                #expect(isNew && Int(slot) == order.count, "step \(step): \(id)")
                reference[id] = slot
                order.append(id)
            }
        }
        #expect(table.count == reference.count && arena.count == reference.count)
        for (slot, id) in order.enumerated() {
            #expect(arena[Int32(slot)] == id)
            #expect(table.slot(of: id, in: arena) == Int32(slot))
        }
        for absent in ["", "V50000", "V-1", "véhicule-🚑-1", "CASE1", "v1"] where reference[absent] == nil {
            #expect(table.slot(of: absent, in: arena) == nil, "\(absent)")
        }
    }

    @Test func emptyTableAndReservedCapacity() {
        let arena = IDArena()
        var table = IDTable()
        #expect(table.slot(of: "a", in: arena) == nil)
        table.reserveCapacity(10_000, in: arena)
        for number in 0..<10_000 { #expect(table.intern("\(number)", in: arena) == (Int32(number), true)) }
        for number in 0..<10_000 { #expect(table.slot(of: "\(number)", in: arena) == Int32(number)) }
        #expect(table.slot(of: "10000", in: arena) == nil)
        // The reserved table (14 286 entries: sized to the ids, not a power of two) grows by doubling from there.
        for number in 10_000..<25_000 { #expect(table.intern("\(number)", in: arena) == (Int32(number), true)) }
        for number in 0..<25_000 { #expect(table.slot(of: "\(number)", in: arena) == Int32(number)) }
        #expect(table.slot(of: "25000", in: arena) == nil)
    }

    /// A table reserved for its ids (what a load leaves) keeps its size while those ids are upserted again; the
    /// first new id grows it. Sizes by hand: ceil-ish (10 000 · 10 + 6) / 7 = 14 286 entries hold 10 000 ids at
    /// ≤ 70 % (100 000 ≤ 100 002); a 10 001st needs 100 010 > 100 002, so the table doubles to 28 572.
    @Test func knownIdsNeverGrowTheTable() {
        let arena = IDArena()
        var table = IDTable()
        table.reserveCapacity(10_000, in: arena)
        for number in 0..<10_000 { _ = table.intern("V\(number)", in: arena) }
        #expect(table.capacity == 14_286)
        for number in (0..<10_000).reversed() {
            #expect(table.intern("V\(number)", in: arena) == (Int32(number), false))
        }
        #expect(table.capacity == 14_286)
        #expect(table.intern("V10000", in: arena) == (10_000, true))
        #expect(table.capacity == 28_572)
        for number in 0...10_000 { #expect(table.slot(of: "V\(number)", in: arena) == Int32(number)) }
    }
}

/// The per-slot customer column (2 bytes a slot until a code reaches 65 535, then 4) against an `[Int32]`
/// reference, through the widening.
@Suite struct SlotCustomersTests {
    @Test func matchesAnArrayThroughWidening() {
        var random = SplitMix64(seed: 0x5C0DE)
        var column = SlotCustomers()
        var reference: [Int32] = []
        // Narrow codes, -1, and the boundary: 65 534 is the largest narrow code, 65 535 the first wide one.
        for code: Int32 in [0, -1, 7, 65_534, -1] {
            column.append(code)
            reference.append(code)
        }
        for step in 0..<20_000 {
            let value = random.next()
            let code: Int32 = step < 10_000 ? Int32(value % 65_535) - 1 : Int32(value % 100_000) - 1
            if value & 1 == 0 || reference.isEmpty {
                column.append(code)
                reference.append(code)
            } else {
                let slot = Int((value >> 8) % UInt64(reference.count))
                column[slot] = code
                reference[slot] = code
            }
            if step == 9_999 { #expect(Array(column) == reference) }
        }
        column[2] = 65_535
        reference[2] = 65_535
        column.append(Int32.max)
        reference.append(Int32.max)
        #expect(column.count == reference.count)
        #expect(Array(column) == reference)
        #expect(column.filter { $0 >= 0 }.count == reference.filter { $0 >= 0 }.count)
    }
}
