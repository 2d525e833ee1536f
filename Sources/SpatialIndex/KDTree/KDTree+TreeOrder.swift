import Geo

extension KDTree {
    /// The same tree, with every point renumbered by its position in tree order, and the input index of each.
    ///
    /// Points close in space are close in tree order (a leaf's points are consecutive). A caller that keeps
    /// per-point data (records, filter columns) can store it in this order — `inputIndices.map { data[$0] }` —
    /// so that a query reads nearby memory: the indices the renumbered tree reports (and passes to predicates)
    /// are tree positions.
    ///
    /// - Returns: `tree` (reports tree positions) and `inputIndices[position]` = the point's index in the
    ///   original build input.
    /// - Complexity: O(n).
    public func renumberedInTreeOrder() -> (tree: KDTree, inputIndices: [Int]) {
        let inputIndices = _indices.isEmpty ? Array(0..<count) : _indices.map { Int($0) }
        // Each stack's points keep their slots, now their indices: ascending, as `<` orders ties.
        let stacks = _Stacks(leaves: _stacks.leaves, stackOfLeaf: _stacks.stackOfLeaf, start: _stacks.start,
                             members: _stacks.members, inIndexOrder: true)
        let tree = KDTree(_vectors: _vectors, _coordinates: _coordinates, _indices: [], _boxes: _boxes,
                          _stacks: stacks, depth: depth, maximumLeafSize: maximumLeafSize)
        return (tree, inputIndices)
    }
}

extension KDTree {
    /// The coordinate stored at tree position `slot` (for a tree from ``renumberedInTreeOrder()``, the point the
    /// tree reports as index `slot`).
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public func coordinate(atSlot slot: Int) -> Coordinate { _coordinates[slot] }
}
