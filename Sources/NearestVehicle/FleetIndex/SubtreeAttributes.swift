import SpatialIndex

/// The attribute summaries a base keeps per tree node, so that a k-nearest search with a filter skips the subtrees
/// where no vehicle can pass it: the nearest of a rare group, all parked in another city, or the few vehicles with a
/// fresh position, are found without scanning the vehicles between.
///
/// A vehicle's word has one bit in each of four fields: its group (bits 0-13: the group's code + 1 modulo 14, so
/// bit 0 for no group), its entity (bits 14-27, likewise), its state and privacy together (bits 28-43: the state's
/// code modulo 8, times 2, plus 1 in privacy mode) and the age class of its timestamp (bits 44-63: how long before
/// the base's newest timestamp, in ``ageThresholds``). Codes are the base's (distinct bits for its first values). A
/// node's summary is the OR of its vehicles' words (``SpatialIndex/KDTree/subtreeSummaries(_:)``). A filter
/// requires, per field it constrains, one of the bits of the values it accepts; every vehicle it accepts has them,
/// so a subtree whose summary misses one holds no such vehicle, and the search skips it with the same answer.
/// Values sharing a bit only make the skipping weaker. The log has its own words (``LogAttributeWord``).
///
/// Kept only by bases with at least two distinct attribute tuples (a fleet with states, groups or entities; with one
/// tuple a filter takes all of a base or none of it, and only the age could be summarised): 8 bytes per node, about
/// 1 byte per vehicle.
struct SubtreeAttributes {
    /// One word per node of the base's tree.
    let summaries: [UInt64]
    /// The base's newest timestamp (seconds since the reference date): ages are counted back from it.
    let newest: Double

    static let groupBits = 14, entityShift = 14, stateShift = 28, ageShift = 44

    /// Upper ends of the age classes, seconds before ``newest``: class j holds ages in [`ageThresholds[j-1]`,
    /// `ageThresholds[j]`), the last class (19) everything older than a year.
    static let ageThresholds: [Double] = [1, 10, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600, 7_200, 14_400, 43_200,
                                          86_400, 259_200, 604_800, 2_592_000, 7_776_000, 31_536_000]

    static func groupBit(_ code: Int32) -> UInt64 { 1 << UInt64((Int(code) + 1) % groupBits) }
    static func entityBit(_ code: Int32) -> UInt64 { 1 << UInt64(entityShift + (Int(code) + 1) % groupBits) }
    static func stateBit(_ code: Int32, privacy: Bool) -> UInt64 {
        1 << UInt64(stateShift + Int(code) % 8 * 2 + (privacy ? 1 : 0))
    }

    /// The age class of `timestamp` in a base whose newest is `newest`.
    static func ageClass(_ timestamp: Double, newest: Double) -> Int {
        let age = newest - timestamp
        var lower = 0, upper = ageThresholds.count
        while lower < upper {  // the first threshold above the age
            let middle = (lower + upper) / 2
            if age < ageThresholds[middle] { upper = middle } else { lower = middle + 1 }
        }
        return lower
    }

    /// The latest timestamp a vehicle of age class `ageClass` can have (1 s above the class's edge: the class was
    /// chosen from the rounded difference `newest − timestamp`).
    static func latestTimestamp(ofClass ageClass: Int, newest: Double) -> Double {
        ageClass == 0 ? newest : newest - ageThresholds[ageClass - 1] + 1
    }

    /// The summaries of `tree`'s nodes over `columns` (the base's, by tree index); nil when the base has fewer
    /// than two attribute tuples.
    init?(tree: KDTree, columns: AttributeColumns) {
        guard columns.tupleCount >= 2, columns.count > 0 else { return nil }
        var words = [UInt64](repeating: 0, count: columns.tupleCount)
        for code in 0..<columns.tupleCount {
            words[code] = Self.groupBit(columns.groups[code]) | Self.entityBit(columns.entities[code])
                | Self.stateBit(columns.states[code], privacy: columns.privacy[code])
        }
        var newest = -Double.infinity
        for index in 0..<columns.count { newest = Swift.max(newest, columns.timestamp(index)) }
        self.newest = newest
        summaries = words.withUnsafeBufferPointer { words in
            tree.subtreeSummaries { index in
                words[columns.code(index)]
                    | 1 << UInt64(Self.ageShift + Self.ageClass(columns.timestamp(index), newest: newest))
            }
        }
    }

    /// What `filter` requires of a subtree of `base` (nil when it constrains none of the summarised fields): per
    /// constrained field, the bits of the values it accepts that the base knows.
    func requirements(of filter: borrowing VehicleFilter, in base: ShardBase) -> KDTree.SubtreeFilter? {
        var requirements: [UInt64] = []
        if let groups = filter.groupIds {
            requirements.append(groups.reduce(0) { bits, id in
                base.groupTable[ExactID(id)].map { bits | Self.groupBit($0) } ?? bits
            })
        }
        if let entities = filter.entityIds {
            requirements.append(entities.reduce(0) { bits, id in
                base.entityTable[ExactID(id)].map { bits | Self.entityBit($0) } ?? bits
            })
        }
        let excludesPrivate = !filter.includesPrivacyMode && base.columns.hasPrivacyMode
        if filter.states != nil || excludesPrivate {
            var bits: UInt64 = 0
            for code in 0..<Int32(base.states.count) where filter.states?.contains(base.states[Int(code)]) ?? true {
                bits |= Self.stateBit(code, privacy: false)
                if !excludesPrivate { bits |= Self.stateBit(code, privacy: true) }
            }
            requirements.append(bits)
        }
        if let maxAge = filter.maxPositionAge {
            // A class may hold a vehicle that passes when its latest timestamp would (the filter's own test, which
            // is monotone in the timestamp).
            let now = filter.now.timeIntervalSinceReferenceDate
            var bits: UInt64 = 0
            for ageClass in 0...Self.ageThresholds.count
            where !(now - Self.latestTimestamp(ofClass: ageClass, newest: newest) > maxAge) {
                bits |= 1 << UInt64(Self.ageShift + ageClass)
            }
            requirements.append(bits)
        }
        guard !requirements.isEmpty else { return nil }
        return KDTree.SubtreeFilter(summaries: summaries, requiringAnyOf: requirements)
    }
}
