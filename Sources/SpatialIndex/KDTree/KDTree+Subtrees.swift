extension KDTree {
    /// For every node of the tree (the implicit order: internal nodes, then leaves), the bitwise OR of `word(index)`
    /// over the points of its subtree (`index`: the point's input index, as `isIncluded` receives it).
    ///
    /// A caller that can say of each point which of a few attribute values it has (a group, a state), as bits,
    /// builds these once per tree and passes them with a ``SubtreeFilter`` to a k-nearest or radius search, which
    /// skips every subtree holding no point the filter can include: the nearest vehicles of a rare group that all
    /// stand in another city are found without scanning the points between.
    ///
    /// - Complexity: O(n) time; `2^(depth+1) − 1` words (about n / 6).
    public func subtreeSummaries(_ word: (_ index: Int) -> UInt64) -> [UInt64] {
        guard count > 0 else { return [] }
        let nodes = (1 << (depth + 1)) - 1, firstLeaf = (1 << depth) - 1
        var summaries = [UInt64](repeating: 0, count: nodes)
        _indices.withUnsafeBufferPointer { indices in
            for leaf in firstLeaf..<nodes {
                let (lower, upper) = KDTree._range(node: leaf, level: depth, count: count)
                var summary: UInt64 = 0
                for slot in lower..<upper { summary |= word(KDTree._index(ofSlot: slot, indices)) }
                summaries[leaf] = summary
            }
        }
        for node in stride(from: firstLeaf - 1, through: 0, by: -1) {
            summaries[node] = summaries[2 * node + 1] | summaries[2 * node + 2]
        }
        return summaries
    }

    /// Which subtrees a filtered k-nearest search may skip: those whose summary (``subtreeSummaries(_:)``) has no
    /// bit in common with one of ``requirements``.
    ///
    /// The caller promises that every point its `isIncluded` accepts has a word with a bit of each requirement;
    /// then a skipped subtree holds no included point and the search returns exactly what it returns without the
    /// filter. A requirement that every word meets (all the bits a field can take) constrains nothing.
    public struct SubtreeFilter: Sendable {
        /// One word per node of the tree searched, from its ``KDTree/subtreeSummaries(_:)``.
        public let summaries: [UInt64]
        /// A subtree is entered only if its summary has a bit of each of these (unused ones are all ones).
        public let requirements: (UInt64, UInt64, UInt64, UInt64)

        /// - Parameters:
        ///   - summaries: The searched tree's ``KDTree/subtreeSummaries(_:)``.
        ///   - requirements: Up to four masks; a subtree may hold an included point only if its summary meets
        ///     each (`summary & mask != 0`).
        public init(summaries: [UInt64], requiringAnyOf requirements: [UInt64]) {
            precondition(requirements.count <= 4, "at most four requirements")
            let masks = requirements + [UInt64](repeating: .max, count: 4 - requirements.count)
            self.summaries = summaries
            self.requirements = (masks[0], masks[1], masks[2], masks[3])
        }

        /// ``init(summaries:requiringAnyOf:)`` with exactly four requirements (all ones for unused ones): no array.
        public init(summaries: [UInt64], requirements: (UInt64, UInt64, UInt64, UInt64)) {
            self.summaries = summaries
            self.requirements = requirements
        }

        /// Whether a subtree of summary `summary` (or one point of word `summary`) may hold an included point:
        /// `summary` meets each of `requirements`.
        @inlinable @inline(__always)
        public static func admits(_ summary: UInt64, _ requirements: (UInt64, UInt64, UInt64, UInt64)) -> Bool {
            summary & requirements.0 != 0 && summary & requirements.1 != 0 && summary & requirements.2 != 0
                && summary & requirements.3 != 0
        }
    }
}
