import Geo

extension KDTree {
    /// The `k` points nearest to `query` among those `isIncluded` accepts, sorted by (distance rounded to 1 µm,
    /// id order); see ``Neighbor`` for the order.
    ///
    /// Exactly what a brute-force scan computing ``Geo/Coordinate/distance(to:)`` for every included point,
    /// sorting by (``tieKey(forDistanceMeters:)``, `orderedBefore`) and keeping the first `k` returns — including
    /// at the k-th place, where a tie is won by the smaller id. The chord only prunes: subtrees are skipped
    /// when their squared-chord lower bound exceeds the widened (see `_widened`) k-th best squared chord, and the
    /// candidates within that widened bound are re-ranked by haversine distance.
    ///
    /// - Parameters:
    ///   - k: How many neighbours, >= 0 (0 gives an empty result; `k > count` gives every included point).
    ///   - query: The query point.
    ///   - maxDistanceMeters: Only points at most this far (haversine metres, inclusive) qualify; +infinity
    ///     (the default) for no limit. Must not be NaN or negative.
    ///   - isIncluded: Called with a point's input index while the search runs (never for pruned subtrees);
    ///     excluded points take no place in the result, so the search continues until `k` included points are
    ///     found. Must be pure for one query.
    ///   - orderedBefore: Strict total order on input indices for ties (smaller id first); default `<`.
    /// - Returns: `min(k, included points)` neighbours, nearest first.
    /// - Complexity: O(log n + k log k) expected for clustered or uniform data; no allocation other than the
    ///   result unless more than `k` candidates tie within the widened bound (duplicates), or `k` exceeds the
    ///   stack buffer threshold of `withUnsafeTemporaryAllocation`.
    @inlinable
    public func nearest(
        _ k: Int, to query: Coordinate, within maxDistanceMeters: Double = .infinity,
        where isIncluded: (Int) -> Bool,
        orderedBefore: (Int, Int) -> Bool
    ) -> [Neighbor] {
        _nearest(k, to: QueryPoint(query), within: maxDistanceMeters, where: isIncluded,
                 orderedBefore: orderedBefore, usesStacks: false, visited: { _ in })
    }

    /// ``nearest(_:to:within:where:orderedBefore:)`` with the query's unit vector and cos φ already computed: one
    /// query searched in several trees (an index's base and its log segments) pays its trigonometry once.
    /// `subtrees`: skip the subtrees that hold no point `isIncluded` can accept (see ``SubtreeFilter``).
    @inlinable
    public func nearest(
        _ k: Int, to query: QueryPoint, within maxDistanceMeters: Double = .infinity,
        where isIncluded: (Int) -> Bool,
        orderedBefore: (Int, Int) -> Bool,
        subtrees: SubtreeFilter? = nil
    ) -> [Neighbor] {
        _nearest(k, to: query, within: maxDistanceMeters, where: isIncluded, orderedBefore: orderedBefore,
                 usesStacks: false, subtrees: subtrees, visited: { _ in })
    }

    /// ``nearest(_:to:within:where:orderedBefore:)`` with a tie rank consistent with `orderedBefore` (see
    /// ``sort(_:orderedBefore:tieRank:)``): when many points tie at the k-th place (a depot), each is ranked by one
    /// read of `tieRank` and integer comparisons instead of a call of `orderedBefore`.
    @inlinable
    public func nearest(
        _ k: Int, to query: QueryPoint, within maxDistanceMeters: Double = .infinity,
        where isIncluded: (Int) -> Bool,
        orderedBefore: (Int, Int) -> Bool,
        tieRank: (Int) -> UInt64
    ) -> [Neighbor] {
        _nearest(k, to: query, within: maxDistanceMeters, where: isIncluded, orderedBefore: orderedBefore,
                 tieRank: tieRank, ranksTies: true, usesStacks: false, visited: { _ in })
    }

    /// ``nearest(_:to:within:where:orderedBefore:tieRank:)``; `tiesInBuildOrder`: the caller promises that
    /// `orderedBefore` is the order the tree was built with (`orderingTiesBy` of
    /// ``init(_:threads:orderingTiesBy:tieRank:)``, or `<` for a tree built without one, or renumbered): then the
    /// points repeated at one coordinate (a depot) are taken whole, their first `k` included ones, instead of ranking
    /// every one (see ``_Stacks``). A wrong promise gives wrong ties. `subtrees`: skip the subtrees that hold no
    /// point `isIncluded` can accept (see ``SubtreeFilter``; the same result, found without scanning them).
    @inlinable
    public func nearest(
        _ k: Int, to query: QueryPoint, within maxDistanceMeters: Double = .infinity,
        where isIncluded: (Int) -> Bool,
        orderedBefore: (Int, Int) -> Bool,
        tieRank: (Int) -> UInt64,
        tiesInBuildOrder: Bool,
        subtrees: SubtreeFilter? = nil
    ) -> [Neighbor] {
        _nearest(k, to: query, within: maxDistanceMeters, where: isIncluded, orderedBefore: orderedBefore,
                 tieRank: tieRank, ranksTies: true, usesStacks: tiesInBuildOrder, subtrees: subtrees,
                 visited: { _ in })
    }

    /// ``nearest(_:to:within:where:orderedBefore:)``, calling `visited(node)` for every node the search enters
    /// (internal nodes and scanned leaves): the one search, shared with the counting entry point of the tests
    /// (``_nearestCountingVisits(_:to:where:subtrees:)``); the public entry passes an empty closure, which inlining removes.
    @inlinable @inline(__always)
    func _nearest(
        _ k: Int, to query: QueryPoint, within maxDistanceMeters: Double,
        where isIncluded: (Int) -> Bool,
        orderedBefore: (Int, Int) -> Bool,
        tieRank: (Int) -> UInt64 = { _ in 0 },
        ranksTies: Bool = false,
        usesStacks: Bool,
        subtrees: SubtreeFilter? = nil,
        visited: (_ node: Int) -> Void
    ) -> [Neighbor] {
        precondition(k >= 0, "k must be >= 0")
        precondition(maxDistanceMeters >= 0, "maxDistanceMeters must be >= 0 and not NaN")
        let capacity = Swift.min(k, count)
        guard capacity > 0 else { return [] }
        if let subtrees {
            precondition(subtrees.summaries.count == (1 << (depth + 1)) - 1, "summaries of another tree")
        }
        let requirements = subtrees?.requirements ?? (.max, .max, .max, .max)
        return KDTree._withSummaries(subtrees) { summaries in
            let vector = query.vector
            let lanes = _LaneQuery(vector)
            // One stack buffer: the heap (`capacity` entries), then up to 32 near-tie extras; more extras spill into
            // an array (only with many points tied within the widened bound: depots, duplicates).
            return withUnsafeTemporaryAllocation(of: _Candidate.self, capacity: capacity + 32) { buffer -> [Neighbor] in
                let heap = UnsafeMutableBufferPointer(rebasing: buffer[0..<capacity])
                let inlineExtras = UnsafeMutableBufferPointer(rebasing: buffer[capacity...])
                var size = 0
                let limitBound: Double
                if maxDistanceMeters >= Earth.maximumDistanceMeters {
                    limitBound = .infinity
                } else {
                    let chord = UnitVector.chordLength(forDistanceMeters: maxDistanceMeters)
                    limitBound = KDTree._widened(chordSquared: chord * chord)
                }
                var pruneBound = limitBound
                // Up to `_sortedCandidateLimit` candidates (k = 10 as a rule) are kept in ascending order, the farthest
                // last; more in a max-heap, the farthest first (see `_sortedInsert`).
                let sorted = capacity <= KDTree._sortedCandidateLimit
                var inlineExtraCount = 0
                var spilledExtras: [_Candidate] = []
                // The bound the inline extras were last compacted at (see `_keep`).
                var compactedAt = Double.infinity
                // The stacks taken (a bit each), allocated when the first is met.
                var takenStacks = _TakenStacks()
                let stacked = usesStacks && _stacks.count > 0
                _vectors.withUnsafeBufferPointer { xyz in
                    _indices.withUnsafeBufferPointer { indices in
                        _traverseNearestFirst(
                            query: vector, bound: { pruneBound }, visited: visited, vectors: xyz.baseAddress,
                            skips: { node, level in
                                stacked && _isPointBox(node)
                                    && _subtreeIsTakenStack(node, level: level, taken: takenStacks)
                            },
                            filtering: summaries != nil,
                            admits: { node in SubtreeFilter.admits(summaries.unsafelyUnwrapped[node], requirements) }
                        ) { node, lower, upper in
                            _scanLeafOrStack(xyz, node: node, lower: lower, upper: upper, query: vector, lanes: lanes,
                                             takingUpTo: capacity, usesStacks: stacked, taken: &takenStacks,
                                             bound: { pruneBound }) { slot, chordSquared in
                                guard isIncluded(KDTree._index(ofSlot: slot, indices)) else { return false }
                                let candidate = _Candidate(slot: Int32(truncatingIfNeeded: slot),
                                                           chordSquared: chordSquared)
                                if size < capacity {
                                    if sorted {
                                        KDTree._sortedInsert(candidate, into: heap, before: size)
                                        size &+= 1
                                    } else {
                                        KDTree._heapPush(candidate, into: heap, size: &size)
                                    }
                                    if size == capacity {
                                        let farthest = heap[KDTree._farthest(size: size, sorted: sorted)]
                                        pruneBound = Swift.min(
                                            limitBound, KDTree._widened(chordSquared: farthest.chordSquared))
                                    }
                                } else if chordSquared
                                            < heap[KDTree._farthest(size: size, sorted: sorted)].chordSquared {
                                    let displaced = heap[KDTree._farthest(size: size, sorted: sorted)]
                                    if sorted {
                                        KDTree._sortedInsert(candidate, into: heap, before: size &- 1)
                                    } else {
                                        KDTree._heapReplaceTop(with: candidate, in: heap, size: size)
                                    }
                                    let farthest = heap[KDTree._farthest(size: size, sorted: sorted)]
                                    pruneBound = Swift.min(
                                        limitBound, KDTree._widened(chordSquared: farthest.chordSquared))
                                    if displaced.chordSquared <= pruneBound {
                                        KDTree._keep(displaced, in: inlineExtras, count: &inlineExtraCount,
                                                     spilled: &spilledExtras, bound: pruneBound,
                                                     compactedAt: &compactedAt)
                                    }
                                } else {
                                    KDTree._keep(candidate, in: inlineExtras, count: &inlineExtraCount,
                                                 spilled: &spilledExtras, bound: pruneBound, compactedAt: &compactedAt)
                                }
                                return true
                            }
                        }
                    }
                }
                takenStacks.release()
                let finalBound = size == capacity
                    ? Swift.min(limitBound, KDTree._widened(
                        chordSquared: heap[KDTree._farthest(size: size, sorted: sorted)].chordSquared))
                    : limitBound
                // Gather the candidates' slots, then copy their records in one pass of independent loads (the cache
                // misses overlap) before the haversines, which would otherwise serialise them.
                // (Each step returns its array rather than assigning a variable of the search: a variable assigned in
                // these closures cost a dynamic exclusivity check, 76 instructions a query.)
                let upperCount = size + inlineExtraCount + spilledExtras.count
                var (result, ranked) = _coordinates.withUnsafeBufferPointer { coordinates in
                    _indices.withUnsafeBufferPointer { indices in
                        withUnsafeTemporaryAllocation(of: (Coordinate, Int32).self, capacity: upperCount) {
                            gathered -> ([Neighbor], Bool) in
                            // The candidates nearest first (the ascending array in order; a max-heap from its last
                            // position to the root, roughly so), so the final insertion sort moves few elements; then
                            // the extras within the final bound. (A nested function appending to a counter cost a
                            // dynamic exclusivity check per query.)
                            for position in 0..<size {
                                let slot = heap[sorted ? position : size &- 1 &- position].slot
                                gathered.initializeElement(at: position, to: (coordinates[Int(slot)], slot))
                            }
                            var gatheredCount = size
                            for position in 0..<inlineExtraCount
                            where inlineExtras[position].chordSquared <= finalBound {
                                let slot = inlineExtras[position].slot
                                gathered.initializeElement(at: gatheredCount, to: (coordinates[Int(slot)], slot))
                                gatheredCount &+= 1
                            }
                            for candidate in spilledExtras where candidate.chordSquared <= finalBound {
                                gathered.initializeElement(at: gatheredCount,
                                                           to: (coordinates[Int(candidate.slot)], candidate.slot))
                                gatheredCount &+= 1
                            }
                            // The haversines in two passes (`QueryPoint.halfAngleParts(_:count:into:)`, then the
                            // angles), which overlap several candidates where one pass each was a long chain: a
                            // 100-vehicle fleet's kNN −5 to −10 % (its ten distances are far ones), 10k the same.
                            // Written in place, then copied into the result at once (an append checked the array's
                            // uniqueness per element); only the candidates within `maxDistanceMeters` are kept.
                            return withUnsafeTemporaryAllocation(of: Neighbor.self, capacity: gatheredCount) {
                                written in
                                withUnsafeTemporaryAllocation(of: HalfAngleParts.self, capacity: gatheredCount) {
                                    parts in
                                    query.halfAngleParts(gathered, count: gatheredCount, into: parts)
                                    var writtenCount = 0
                                    var previous = Double.nan
                                    for position in 0..<gatheredCount {
                                        let distance = KDTree.QueryPoint.distance(parts[position], previous: previous)
                                        previous = distance
                                        guard distance <= maxDistanceMeters else { continue }
                                        written.initializeElement(at: writtenCount, to: Neighbor(
                                            index: KDTree._index(ofSlot: Int(gathered[position].1), indices),
                                            distanceMeters: distance))
                                        writtenCount &+= 1
                                    }
                                    // Whether the 1 µm keys come strictly ascending (the candidates were gathered
                                    // nearest first: as a rule they do): then the order is final, no two tie, and the
                                    // answer is the first k, not sorted again (the sort's keyed copies and checks: ~300
                                    // of a 100-vehicle fleet's ~7 900 instructions a query; time −2 %, 10k unchanged).
                                    // The keys in a pass of their own: their divisions inside the haversine loop, which
                                    // has its own, made the query 2 % slower instead.
                                    var ascending = true
                                    var lastKey = Int64.min
                                    for position in 0..<writtenCount {
                                        let key = written[position].tieKey
                                        ascending = ascending && key > lastKey
                                        lastKey = key
                                    }
                                    let kept = ascending ? Swift.min(writtenCount, k) : writtenCount
                                    return (Array(UnsafeBufferPointer(rebasing: written[0..<kept])), ascending)
                                }
                            }
                        }
                    }
                }
                if !ranked {
                    KDTree._sortAndCut(&result, limit: k, orderedBefore: orderedBefore, tieRank: tieRank,
                                       ranksTies: ranksTies)
                }
                return result
            }
        }
    }

    /// `body` with the first summary of `filter` (nil without a filter), valid for the call.
    @inlinable @inline(__always)
    static func _withSummaries<Result>(
        _ filter: SubtreeFilter?, _ body: (UnsafePointer<UInt64>?) -> Result
    ) -> Result {
        guard let filter else { return body(nil) }
        return filter.summaries.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// The `k` nearest points to `query` (those `isIncluded` accepts, ties by input index), with how many internal
    /// nodes the search entered and how many leaves it scanned: a test hook for the pruning (the search is
    /// ``nearest(_:to:within:where:orderedBefore:)``'s own).
    package func _nearestCountingVisits(
        _ k: Int, to query: Coordinate, where isIncluded: (Int) -> Bool = { _ in true },
        subtrees: SubtreeFilter? = nil
    ) -> (neighbors: [Neighbor], internalNodes: Int, leaves: Int) {
        var internalNodes = 0, leaves = 0
        let firstLeaf = (1 << depth) - 1
        let neighbors = _nearest(k, to: QueryPoint(query), within: Double.infinity, where: isIncluded, orderedBefore: <,
                                 usesStacks: _stacks.inIndexOrder, subtrees: subtrees,
                                 visited: { node in if node >= firstLeaf { leaves += 1 } else { internalNodes += 1 } })
        return (neighbors, internalNodes, leaves)
    }

    /// ``nearest(_:to:where:orderedBefore:)`` with ties ordered by input index.
    @inlinable
    public func nearest(_ k: Int, to query: Coordinate, where isIncluded: (Int) -> Bool) -> [Neighbor] {
        _nearest(k, to: QueryPoint(query), within: Double.infinity, where: isIncluded, orderedBefore: <,
                 usesStacks: _stacks.inIndexOrder, visited: { _ in })
    }

    /// ``nearest(_:to:where:orderedBefore:)`` over every point, ties ordered by input index.
    @inlinable
    public func nearest(_ k: Int, to query: Coordinate) -> [Neighbor] {
        nearest(k, to: query, where: { _ in true })
    }

    /// Keeps a near-tie candidate (within the widened bound but not in the heap) for the final ranking: in the
    /// caller's stack buffer `inline` (its first `count` used) while there is room; when full, first drops the kept
    /// ones that fell out of `bound` — only if `bound` shrank since the last such pass (`compactedAt`: a pass at the
    /// same bound would keep them all, and hundreds of points tied at one spot made that pass per point most of
    /// the query) — then spills into `spilled`. Whatever is kept beyond the final bound is dropped at the end, so
    /// compacting only saves memory. A static function taking its state inout, not a nested one capturing the
    /// search's variables (which made every access to them a dynamic exclusivity check).
    @inlinable @inline(__always)
    static func _keep(_ extra: _Candidate, in inline: UnsafeMutableBufferPointer<_Candidate>, count: inout Int,
                      spilled: inout [_Candidate], bound: Double, compactedAt: inout Double) {
        if count < inline.count {
            inline[count] = extra
            count &+= 1
            return
        }
        if bound < compactedAt {
            compactedAt = bound
            var kept = 0
            for position in 0..<count where inline[position].chordSquared <= bound {
                inline[kept] = inline[position]
                kept &+= 1
            }
            count = kept
            if kept < inline.count {
                inline[kept] = extra
                count &+= 1
                return
            }
        }
        spilled.append(extra)
    }

    /// The most candidates a k-nearest search keeps as an ascending array (``_sortedInsert(_:into:before:)``) rather
    /// than a max-heap: an insertion shifts the farther ones up by one (one loop, its branch taken until its exit),
    /// where a heap's replacement sifts down through every level choosing a child at each (two mispredicted branches
    /// a level as a rule); and the final ranking gets its candidates nearest first.
    @usableFromInline static let _sortedCandidateLimit = 32

    /// Where the farthest of `size` kept candidates is: last in the ascending array, first (the root) in the heap.
    @inlinable @inline(__always)
    static func _farthest(size: Int, sorted: Bool) -> Int { sorted ? size &- 1 : 0 }

    /// Ascending array on squared chord: inserts `candidate` among `candidates[0..<end]` (sorted), after those at
    /// most as far, shifting the farther ones up by one (`candidates[end]` is overwritten: the array grows by one,
    /// or its farthest, at `end`, is replaced).
    @inlinable @inline(__always)
    static func _sortedInsert(_ candidate: _Candidate, into candidates: UnsafeMutableBufferPointer<_Candidate>,
                              before end: Int) {
        var hole = end
        while hole > 0 && candidates[hole &- 1].chordSquared > candidate.chordSquared {
            candidates[hole] = candidates[hole &- 1]
            hole &-= 1
        }
        candidates[hole] = candidate
    }

    /// Max-heap on squared chord: push.
    @inlinable @inline(__always)
    static func _heapPush(_ candidate: _Candidate, into heap: UnsafeMutableBufferPointer<_Candidate>, size: inout Int) {
        var child = size
        size += 1
        while child > 0 {
            let parent = (child - 1) >> 1
            if heap[parent].chordSquared >= candidate.chordSquared { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = candidate
    }

    /// Max-heap on squared chord: replace the largest element and restore the heap.
    @inlinable @inline(__always)
    static func _heapReplaceTop(with candidate: _Candidate, in heap: UnsafeMutableBufferPointer<_Candidate>, size: Int) {
        var parent = 0
        while true {
            var child = 2 &* parent &+ 1
            if child >= size { break }
            if child + 1 < size && heap[child + 1].chordSquared > heap[child].chordSquared { child += 1 }
            if heap[child].chordSquared <= candidate.chordSquared { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = candidate
    }
}
