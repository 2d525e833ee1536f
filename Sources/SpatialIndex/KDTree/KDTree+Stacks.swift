import Geo

/// Stacks: the leaves whose points all share one coordinate (a depot, a parking lot, null island: hundreds of
/// vehicles at the very same place), grouped by that coordinate at build.
///
/// A stack's points tie at every query: the same haversine distance, so their order in a result is the tie order
/// alone. The build puts each stack's points in that order (input index, or the order the builder gives:
/// ``KDTree/init(_:threads:orderingTiesBy:tieRank:)``) along its leaves, ascending slots; moving points
/// between slots of one stack changes no vector, coordinate or box. A k-nearest search that meets a stack takes its
/// first `k` included points in slot order and is done with the whole stack: every later point of the stack is
/// preceded by `k` included points at the same distance, so it is in no answer. Without stacks, null island's 735
/// vehicles in the peer fleet were each a candidate, ranked by id at the end: 20-30 µs a query against nanoflann's 3.
///
/// Points of the same coordinate in leaves shared with other points are not in the stack; they are candidates as
/// any point, ranked exactly at the end with the stack's first `k` (which precede the rest of the stack).
///
/// Memory: four `Int32` per stacked leaf (a few hundred leaves in the 1M peer fleet), nothing per point.
@usableFromInline
struct _Stacks: Sendable {
    /// Positions (`0 ..< 2^depth`, leaf node minus the first leaf node) of the leaves in a stack, ascending.
    @usableFromInline let leaves: [Int32]
    /// The stack of each of ``leaves``.
    @usableFromInline let stackOfLeaf: [Int32]
    /// Stack `s`'s leaf positions are `members[start[s] ..< start[s + 1]]`, ascending (its tie order).
    @usableFromInline let start: [Int32]
    @usableFromInline let members: [Int32]
    /// Whether the stacks hold their points in input-index order (a build given no order).
    @usableFromInline let inIndexOrder: Bool

    static let none = _Stacks(leaves: [], stackOfLeaf: [], start: [0], members: [], inIndexOrder: true)

    @inlinable var count: Int { start.count &- 1 }

    /// The stack of the leaf at position `leaf`, nil when it is in none (binary search of ``leaves``).
    @inlinable
    func stack(ofLeaf leaf: Int) -> Int? {
        let position = Self.firstPosition(notBelow: leaf, in: leaves, 0..<leaves.count)
        return position < leaves.count && Int(leaves[position]) == leaf ? Int(stackOfLeaf[position]) : nil
    }

    /// The first position of `range` in `sorted` (ascending) whose value is `>= value`; `range.upperBound` if none.
    @inlinable @inline(__always)
    static func firstPosition(notBelow value: Int, in sorted: [Int32], _ range: Range<Int>) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low &+ high) >> 1
            if Int(sorted[middle]) < value { low = middle &+ 1 } else { high = middle }
        }
        return low
    }
}

/// A build's tie order for its stacks: a strict total order on input indices, and optionally a rank consistent with
/// it (see ``KDTree/sort(_:orderedBefore:tieRank:)``), which makes sorting a large depot integer comparisons.
struct _TieOrder {
    let orderedBefore: (Int, Int) -> Bool
    let rank: ((Int) -> UInt64)?

    /// Sorts `indices` by the order (by rank first when there is one).
    func sort(_ indices: inout [Int]) {
        guard let rank else { return indices.sort(by: orderedBefore) }
        var ranked = indices.map { (rank: rank($0), index: $0) }
        ranked.sort { $0.rank != $1.rank ? $0.rank < $1.rank : orderedBefore($0.index, $1.index) }
        for position in indices.indices { indices[position] = ranked[position].index }
    }
}

/// The stacks a search has taken: a bit per stack, allocated at the first (most searches meet none), freed by
/// ``release()``; no reference counting on the search's path.
@usableFromInline
struct _TakenStacks {
    @usableFromInline var words: UnsafeMutablePointer<UInt64>?

    @inlinable init() { words = nil }

    /// Marks `stack` (of `count` stacks) taken; false if it already was.
    @inlinable @inline(__always)
    mutating func insert(_ stack: Int, of count: Int) -> Bool {
        if words == nil {
            let size = (count &+ 63) >> 6
            words = .allocate(capacity: size)
            words!.initialize(repeating: 0, count: size)
        }
        let bit: UInt64 = 1 << UInt64(stack & 63)
        if words![stack >> 6] & bit != 0 { return false }
        words![stack >> 6] |= bit
        return true
    }

    /// Whether `stack` was taken.
    @inlinable @inline(__always)
    func contains(_ stack: Int) -> Bool {
        guard let words else { return false }
        return words[stack >> 6] & (1 << UInt64(stack & 63)) != 0
    }

    @inlinable
    mutating func release() {
        words?.deallocate()
        words = nil
    }
}

extension KDTree {
    /// Whether node `node`'s box is a point (its slots share one `Float` vector): the leaves that may be stacked,
    /// tested before looking a leaf up in ``_Stacks``.
    @inlinable @inline(__always)
    func _isPointBox(_ node: Int) -> Bool {
        _boxes.withUnsafeBufferPointer { KDTree._isPointBox($0, node) }
    }

    /// Whether node `node`'s box in `boxes` (``_boxes``' layout) is a point: low and high equal on every axis.
    @inlinable @inline(__always)
    static func _isPointBox(_ boxes: UnsafeBufferPointer<Float>, _ node: Int) -> Bool {
        let box = 6 &* node
        return boxes[box] == boxes[box &+ 3] && boxes[box &+ 1] == boxes[box &+ 4] && boxes[box &+ 2] == boxes[box &+ 5]
    }

    /// One leaf of a k-nearest search: ``_scanLeaf`` (calling `visit` for each slot within `bound()`), or, when
    /// `usesStacks` and the leaf is in a stack not yet `taken` (a bit per stack, allocated at the first), the
    /// stack's slots in order at their one chord until `limit` of them were included (`visit` returns whether the
    /// slot was) or the chord exceeds `bound()`; a leaf of a stack already taken is skipped.
    @inlinable @inline(__always)
    func _scanLeafOrStack(
        _ xyz: UnsafeBufferPointer<Float>, node: Int, lower: Int, upper: Int, query: UnitVector, lanes: _LaneQuery,
        takingUpTo limit: Int, usesStacks: Bool, taken: inout _TakenStacks, bound: () -> Double,
        _ visit: (_ slot: Int, _ chordSquared: Double) -> Bool
    ) {
        let firstLeaf = (1 << depth) &- 1
        guard usesStacks, _isPointBox(node), let stack = _stacks.stack(ofLeaf: node &- firstLeaf) else {
            _scanLeaf(xyz, lower: lower, upper: upper, query: query, lanes: lanes, bound: bound) { slot, chordSquared in
                _ = visit(slot, chordSquared)
            }
            return
        }
        guard taken.insert(stack, of: _stacks.count) else { return }
        // The chord as `_scanLeaf` computes it, once: every slot of the stack has this vector.
        let chordSquared = KDTree._chordSquared(xyz, slot: lower, stride: _columnStride, query)
        var included = 0
        for position in Int(_stacks.start[stack])..<Int(_stacks.start[stack &+ 1]) {
            let member = firstLeaf &+ Int(_stacks.members[position])
            let (from, to) = KDTree._range(node: member, level: depth, count: count)
            for slot in from..<to {
                if chordSquared > bound() { return }
                if visit(slot, chordSquared) {
                    included &+= 1
                    if included == limit { return }
                }
            }
        }
    }

    /// Whether every leaf below internal node `node` (at `level`, its box a point) is in one stack that the search
    /// has `taken`: then the whole subtree can be skipped (a depot of thousands of leaves is not walked leaf by leaf
    /// once its first `k` are taken). The leaves below a node are a range of positions; they are all in stack `s`
    /// when its first one is and the stack's (ascending, distinct) leaf list holds the last one as many places
    /// further on.
    @inlinable
    func _subtreeIsTakenStack(_ node: Int, level: Int, taken: _TakenStacks) -> Bool {
        let span = depth &- level
        let first = (node &- ((1 << level) &- 1)) << span
        guard let stack = _stacks.stack(ofLeaf: first), taken.contains(stack) else { return false }
        let end = Int(_stacks.start[stack &+ 1])
        let position = _Stacks.firstPosition(notBelow: first, in: _stacks.members, Int(_stacks.start[stack])..<end)
        let last = position &+ (1 << span) &- 1
        return last < end && Int(_stacks.members[last]) == first &+ (1 << span) &- 1
    }

    /// How many stacks the tree has (tests and diagnostics).
    package var _stackCount: Int { _stacks.count }

    /// How many leaves are in a stack (tests and diagnostics).
    package var _stackLeafCount: Int { _stacks.leaves.count }

    /// Finds the stacks of a built tree and puts each stack's input indices (`indices`, by slot) in tie order
    /// (`tieOrder` on input indices; `<` when nil).
    ///
    /// A leaf is stacked when it holds at least two points, its box is a point (every `Float` vector equal) and
    /// every coordinate has the same bits — or, at a pole, the same latitude: a pole point's distance does not depend
    /// on its longitude (``Geo/Coordinate/distance(to:)``), so vehicles reported there with their own longitudes are
    /// one place. Leaves of the same coordinate (pole: latitude) and vector form one stack. Within a stack the
    /// indices are put in tie order, and the coordinates move with them (at a pole they differ in longitude).
    static func _findStacks(
        coordinates: inout [Coordinate], indices: inout [Int32], boxes: [Float], count: Int, depth: Int,
        tieOrder: _TieOrder?
    ) -> _Stacks {
        guard count > 1 else { return .none }
        struct Key: Hashable, Comparable {
            var latitude: UInt64, longitude: UInt64, x: UInt32, y: UInt32, z: UInt32
            static func < (a: Key, b: Key) -> Bool {
                (a.latitude, a.longitude, a.x, a.y, a.z) < (b.latitude, b.longitude, b.x, b.y, b.z)
            }
        }
        let firstLeaf = (1 << depth) - 1
        var uniform: [(key: Key, leaf: Int32)] = []
        for leaf in 0..<(1 << depth) {
            let node = firstLeaf + leaf
            let (lower, upper) = KDTree._range(node: node, level: depth, count: count)
            guard upper - lower >= 2, boxes.withUnsafeBufferPointer({ KDTree._isPointBox($0, node) }) else { continue }
            let atPole = coordinates[lower].isAtPole
            let latitude = coordinates[lower].latitude.bitPattern
            let longitude = atPole ? 0 : coordinates[lower].longitude.bitPattern
            guard (lower..<upper).allSatisfy({ coordinates[$0].latitude.bitPattern == latitude
                && (atPole || coordinates[$0].longitude.bitPattern == longitude) }) else { continue }
            // The vector's bits with -0 as +0 (a pole's x and y are ±0 by longitude; their chords are the same).
            uniform.append((Key(latitude: latitude, longitude: longitude, x: (boxes[6 * node] + 0).bitPattern,
                                y: (boxes[6 * node + 1] + 0).bitPattern, z: (boxes[6 * node + 2] + 0).bitPattern),
                            Int32(leaf)))
        }
        guard !uniform.isEmpty else { return .none }
        uniform.sort { a, b in a.key != b.key ? a.key < b.key : a.leaf < b.leaf }
        var start: [Int32] = [0], members: [Int32] = [], stackOfLeaf: [(leaf: Int32, stack: Int32)] = []
        members.reserveCapacity(uniform.count)
        var position = 0
        while position < uniform.count {
            var end = position + 1
            while end < uniform.count && uniform[end].key == uniform[position].key { end += 1 }
            let stack = Int32(start.count - 1)
            var slots: [Int] = []
            for entry in uniform[position..<end] {
                members.append(entry.leaf)
                stackOfLeaf.append((entry.leaf, stack))
                let (lower, upper) = KDTree._range(node: firstLeaf + Int(entry.leaf), level: depth, count: count)
                slots += lower..<upper
            }
            start.append(Int32(members.count))
            // The same distance from anywhere in every slot: the indices move into tie order. Their coordinates are
            // one and stay, but at a pole, where they differ in longitude and move with them (only there: a depot
            // of a whole fleet would otherwise map every vehicle at each build).
            let coordinateOf = coordinates[slots[0]].isAtPole
                ? Dictionary(uniqueKeysWithValues: slots.map { (Int(indices[$0]), coordinates[$0]) }) : nil
            var ordered = slots.map { Int(indices[$0]) }
            if let tieOrder { tieOrder.sort(&ordered) } else { ordered.sort() }
            for (slot, index) in zip(slots, ordered) {
                indices[slot] = Int32(index)
                if let coordinateOf { coordinates[slot] = coordinateOf[index]! }
            }
            position = end
        }
        stackOfLeaf.sort { $0.leaf < $1.leaf }
        return _Stacks(leaves: stackOfLeaf.map(\.leaf), stackOfLeaf: stackOfLeaf.map(\.stack), start: start,
                       members: members, inIndexOrder: tieOrder == nil)
    }
}
