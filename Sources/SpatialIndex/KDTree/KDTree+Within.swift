import Geo

extension KDTree {
    /// Every point `isIncluded` accepts whose haversine distance to `query` is at most `radiusMeters`
    /// (inclusive), sorted by (distance rounded to 1 µm, id order); see ``Neighbor``.
    ///
    /// - Parameters:
    ///   - radiusMeters: Metres, >= 0 (0 finds points at distance exactly 0; +infinity or anything >= π R
    ///     finds every included point). NaN or a negative radius is a programmer error (traps); validate user
    ///     input first.
    ///   - query: The query point.
    ///   - isIncluded: Called with the input index of each point whose chord lies within the (widened) radius,
    ///     before its haversine distance is computed. Must be pure for one query.
    ///   - orderedBefore: Strict total order on input indices for ties (smaller id first); default `<`.
    /// - Complexity: O(log n + m) for m hits (radix sort on the 1 µm key); allocates the result, and a temporary
    ///   sort buffer (2 m × 24 bytes, on the stack when small) for m > 48.
    @inlinable
    public func within(
        _ radiusMeters: Double, of query: Coordinate,
        where isIncluded: (Int) -> Bool,
        orderedBefore: (Int, Int) -> Bool
    ) -> [Neighbor] {
        var result: [Neighbor] = []
        append(within: radiusMeters, of: QueryPoint(query), where: isIncluded, to: &result)
        KDTree._sortAndCut(&result, limit: .max, orderedBefore: orderedBefore)
        return result
    }

    /// ``within(_:of:where:orderedBefore:)`` with ties ordered by input index.
    @inlinable
    public func within(_ radiusMeters: Double, of query: Coordinate, where isIncluded: (Int) -> Bool) -> [Neighbor] {
        within(radiusMeters, of: query, where: isIncluded, orderedBefore: <)
    }

    /// ``within(_:of:where:orderedBefore:)`` over every point, ties ordered by input index.
    @inlinable
    public func within(_ radiusMeters: Double, of query: Coordinate) -> [Neighbor] {
        within(radiusMeters, of: query, where: { _ in true }, orderedBefore: <)
    }

    /// Calls `body` for every point `isIncluded` accepts within `radiusMeters` (inclusive, haversine) of
    /// `query`, in tree order (unsorted). See ``within(_:of:where:orderedBefore:)`` for the parameters.
    ///
    /// - Complexity: O(log n + m) for m hits; no allocation.
    @inlinable
    public func forEach(
        within radiusMeters: Double, of query: Coordinate,
        where isIncluded: (Int) -> Bool,
        _ body: (Neighbor) -> Void
    ) {
        forEach(within: radiusMeters, of: QueryPoint(query), where: isIncluded, body)
    }

    /// ``forEach(within:of:where:_:)`` with the query's unit vector and cos φ already computed (one query searched
    /// in several trees).
    @inlinable
    public func forEach(
        within radiusMeters: Double, of query: QueryPoint,
        where isIncluded: (Int) -> Bool,
        _ body: (Neighbor) -> Void
    ) {
        _forEach(within: radiusMeters, of: query, where: isIncluded) { neighbor in
            body(neighbor)
            return true
        }
    }

    /// ``forEach(within:of:where:_:)`` appending each point to `hits` (unsorted, in tree order): the appending
    /// inlined into the search, where a caller's appending closure was called once per point (70 instructions a
    /// point, callgrind, 10k peer fleet). `reservingCapacity`: when the first point is appended to an empty `hits`,
    /// room for this many is reserved first (a caller expecting a few dozen points saves the array's growths, and an
    /// empty answer allocates nothing).
    @inlinable
    public func append(
        within radiusMeters: Double, of query: QueryPoint,
        where isIncluded: (Int) -> Bool,
        to hits: inout [Neighbor],
        reservingCapacity: Int = 0
    ) {
        _forEach(within: radiusMeters, of: query, where: isIncluded) { neighbor in
            if hits.isEmpty && reservingCapacity > 0 { hits.reserveCapacity(reservingCapacity) }
            hits.append(neighbor)
            return true
        }
    }

    /// Calls `body(index)` for every point `isIncluded` accepts within `radiusMeters` (inclusive, haversine) of
    /// `query`, in tree order, without its distance: the same points as ``forEach(within:of:where:_:)``, but a
    /// subtree whose bounding box lies wholly within the radius (its farthest corner, with margins for rounding:
    /// ``_certainlyWithin(meters:)``) is taken slot by slot without a chord or a haversine. For counting the points
    /// of a large radius (a filter's exclusions: the distances are what a count of a million points cost).
    /// `body(index)` is called right after `isIncluded(index)` returned true for that index (nothing in between
    /// calls either closure), so a caller may hand the body what its predicate found.
    ///
    /// - Complexity: O(log n + m) for m points in the radius; no allocation.
    @inlinable
    public func forEachIndex(
        within radiusMeters: Double, of query: QueryPoint,
        where isIncluded: (Int) -> Bool,
        _ body: (_ index: Int) -> Void
    ) {
        _forEach(within: radiusMeters, of: query, where: isIncluded,
                 wholeWithin: KDTree._certainlyWithin(meters: radiusMeters), whole: body) { neighbor in
            body(neighbor.index)
            return true
        }
    }

    /// ``forEach(within:of:where:_:)`` while `body` returns true: no point is visited after the first for which it
    /// returns false (a caller that wants a few points near a query and has a better search for many).
    /// `subtrees`: skip the subtrees that hold no point `isIncluded` can accept (see ``SubtreeFilter``).
    @inlinable
    public func forEachWhile(
        within radiusMeters: Double, of query: QueryPoint,
        where isIncluded: (Int) -> Bool,
        subtrees: SubtreeFilter? = nil,
        _ body: (Neighbor) -> Bool
    ) {
        _forEach(within: radiusMeters, of: query, where: isIncluded, subtrees: subtrees, body)
    }

    /// The one radius search of ``forEach(within:of:where:_:)``, ``forEachWhile(within:of:where:_:)``,
    /// ``append(within:of:where:to:)`` and ``forEachIndex(within:of:where:_:)``, inlined into each: called through a
    /// closure of another, the body of every hit went through two thunks (Benchmarks/README section 2: 10k `within`
    /// +3-5 %). With `wholeWithin` >= 0, each included point of a subtree certainly inside (see ``_traverse``) goes
    /// to `whole(index)`, without a distance, right after `isIncluded` accepted it (`body` returning false does not
    /// stop those: only ``forEachIndex(within:of:where:_:)`` asks for them, and its body never stops).
    @inlinable @inline(__always)
    func _forEach(
        within radiusMeters: Double, of query: QueryPoint,
        where isIncluded: (Int) -> Bool,
        subtrees: SubtreeFilter? = nil,
        wholeWithin: Double = -1,
        whole: (_ index: Int) -> Void = { _ in },
        _ body: (Neighbor) -> Bool
    ) {
        precondition(radiusMeters >= 0, "radius must be >= 0 and not NaN")
        if let subtrees {
            precondition(subtrees.summaries.count == (1 << (depth + 1)) - 1, "summaries of another tree")
        }
        let requirements = subtrees?.requirements ?? (.max, .max, .max, .max)
        let vector = query.vector
        let lanes = _LaneQuery(vector)
        let chord = UnitVector.chordLength(forDistanceMeters: Swift.min(radiusMeters, 4 * Earth.meanRadiusMeters))
        // -infinity once `body` asked to stop: every pending subtree and every remaining slot is then beyond it (its
        // lane bound is NaN, which no lane passes).
        var bound = radiusMeters >= Earth.maximumDistanceMeters ? Double.infinity
            : KDTree._widened(chordSquared: chord * chord)
        KDTree._withSummaries(subtrees) { summaries in
            _vectors.withUnsafeBufferPointer { xyz in
                _coordinates.withUnsafeBufferPointer { coordinates in
                    _indices.withUnsafeBufferPointer { indices in
                        var memo = _HaversineMemo()
                        _traverse(
                            query: vector, bound: { bound }, filtering: summaries != nil,
                            admits: { node in SubtreeFilter.admits(summaries.unsafelyUnwrapped[node], requirements) },
                            wholeWithin: wholeWithin,
                            whole: { lower, upper in
                                for slot in lower..<upper {
                                    let index = KDTree._index(ofSlot: slot, indices)
                                    if isIncluded(index) { whole(index) }
                                }
                            }
                        ) { lower, upper in
                            _scanLeaf(xyz, lower: lower, upper: upper, query: vector, lanes: lanes,
                                      bound: { bound }) { slot, _ in
                                let index = KDTree._index(ofSlot: slot, indices)
                                guard isIncluded(index) else { return }
                                let distance = query.distance(to: coordinates[slot], memo: &memo)
                                if distance <= radiusMeters && !body(Neighbor(index: index, distanceMeters: distance)) {
                                    bound = -.infinity
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
