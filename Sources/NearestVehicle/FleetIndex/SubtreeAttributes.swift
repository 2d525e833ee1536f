import SpatialIndex

/// The attribute summaries a base keeps per tree node, so that a k-nearest search with a filter skips the subtrees
/// where no vehicle can pass it (the nearest of a rare group, all parked in another city, are found without
/// scanning the vehicles between).
///
/// A vehicle's word has one bit in each of four fields, from its attribute tuple: its group (bits 0-23, the group's
/// code + 1 modulo 24: bit 0 for no group), its entity (bits 24-47, likewise), its state (bits 48-59, the state's
/// code modulo 12) and its privacy (bit 60 off, bit 61 on). A node's summary is the OR of its vehicles' words
/// (``SpatialIndex/KDTree/subtreeSummaries(_:)``). A filter requires, per constrained field, one of the bits of the
/// values it accepts; a vehicle it accepts has them, so a subtree whose summary misses one holds no such vehicle.
/// Distinct values sharing a bit only make the skipping weaker, never wrong. The age filter is not summarised.
///
/// Kept only by bases with at least two distinct tuples (one tuple: a filter takes all of a base or none of it):
/// 8 bytes per node, about 1 byte per vehicle.
enum SubtreeAttributes {
    static let groupField: UInt64 = 0xFF_FFFF
    static let entityField: UInt64 = 0xFF_FFFF << 24
    static let stateField: UInt64 = 0xFFF << 48
    static let notPrivate: UInt64 = 1 << 60
    static let isPrivate: UInt64 = 1 << 61

    static func groupBit(_ code: Int32) -> UInt64 { 1 << UInt64((Int(code) + 1) % 24) }
    static func entityBit(_ code: Int32) -> UInt64 { 1 << UInt64(24 + (Int(code) + 1) % 24) }
    static func stateBit(_ code: Int32) -> UInt64 { 1 << UInt64(48 + Int(code) % 12) }

    /// The word of a vehicle with attribute tuple `tuple`.
    static func word(_ tuple: AttributeColumns.Tuple) -> UInt64 {
        groupBit(tuple.group) | entityBit(tuple.entity) | stateBit(tuple.state)
            | (tuple.privacy ? isPrivate : notPrivate)
    }

    /// The summaries of `tree`'s nodes over `columns` (the base's, by tree index); empty when the base has fewer
    /// than two tuples.
    static func summaries(of tree: KDTree, _ columns: AttributeColumns) -> [UInt64] {
        guard columns.tupleCount >= 2 else { return [] }
        var words = [UInt64](repeating: 0, count: columns.tupleCount)
        for code in 0..<columns.tupleCount {
            words[code] = word(AttributeColumns.Tuple(entity: columns.entities[code], group: columns.groups[code],
                                                      state: columns.states[code], privacy: columns.privacy[code]))
        }
        return words.withUnsafeBufferPointer { words in tree.subtreeSummaries { index in words[columns.code(index)] } }
    }

    /// What `filter` requires of a subtree of `base` (nil when it constrains none of the summarised fields or the
    /// base keeps no summaries): per constrained field, the bits of the values it accepts that the base knows.
    static func requirements(of filter: borrowing VehicleFilter, in base: ShardBase) -> KDTree.SubtreeFilter? {
        guard !base.subtreeAttributes.isEmpty else { return nil }
        var requirements: [UInt64] = []
        if let groups = filter.groupIds {
            requirements.append(groups.reduce(0) { bits, id in
                base.groupTable[ExactID(id)].map { bits | groupBit($0) } ?? bits
            })
        }
        if let entities = filter.entityIds {
            requirements.append(entities.reduce(0) { bits, id in
                base.entityTable[ExactID(id)].map { bits | entityBit($0) } ?? bits
            })
        }
        if let states = filter.states {
            requirements.append(states.reduce(0) { bits, state in
                base.stateTable[state].map { bits | stateBit($0) } ?? bits
            })
        }
        if !filter.includesPrivacyMode && base.columns.hasPrivacyMode { requirements.append(notPrivate) }
        guard !requirements.isEmpty else { return nil }
        return KDTree.SubtreeFilter(summaries: base.subtreeAttributes, requiringAnyOf: requirements)
    }
}
