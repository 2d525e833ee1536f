extension KDTree {
    /// One query result: the input index of a point and its haversine distance to the query.
    ///
    /// Results are sorted by (``tieKey``, then the caller's id order — the input index by default). The tie key
    /// is the distance rounded to 1 µm, so distances equal at 1 µm count as ties and are ordered by id (points at
    /// exactly latitude 90 with different longitudes have ~1e-10 m float-noise distances to the pole; without the
    /// rounding they would be ordered by noise). This is the order of the peer oracle (`../peers/oracle.py`:
    /// `lexsort((ids, rint(d / 1e-6)))`), so inside one 1 µm tie group the reported distances may differ in
    /// their last digits while being ordered by id.
    public struct Neighbor: Hashable, Sendable {
        /// The point's index in the build input.
        public let index: Int
        /// Haversine distance to the query, in metres (``Geo/Coordinate/distance(to:)``), in [0, π R].
        public let distanceMeters: Double

        @inlinable
        public init(index: Int, distanceMeters: Double) {
            self.index = index
            self.distanceMeters = distanceMeters
        }

        /// The distance in micrometres, rounded half to even: the primary sort key.
        @inlinable
        public var tieKey: Int64 { KDTree.tieKey(forDistanceMeters: distanceMeters) }
    }

    /// A distance rounded to 1 µm (`rint(d / 1e-6)`), the primary ranking key: two distances with the same key
    /// tie, and ties are broken by id.
    ///
    /// Every distance on the Earth (below 2^52 µm, 4.5e9 km) takes the fast path: `2^52 + d / 1e-6` lies in
    /// [2^52, 2^53), where the spacing of doubles is 1, so the addition rounds `d / 1e-6` to an integer, to nearest
    /// and ties to even (the default rounding), and that integer is the sum's bit pattern minus 2^52's. On baseline
    /// x86-64 (no SSE4.1 `roundsd`) `rounded(.toNearestOrEven)` is a call of libm's `rint`, and the conversion to
    /// `Int64` checks its range: a sort of k results paid both per element. Other values (negative, huge, NaN,
    /// which traps as before) take the general path.
    @inlinable @inline(__always)
    public static func tieKey(forDistanceMeters distanceMeters: Double) -> Int64 {
        let scaled = distanceMeters / 1e-6
        guard scaled >= 0 && scaled < 0x1p52 else { return Int64(scaled.rounded(.toNearestOrEven)) }
        return Int64(bitPattern: (scaled + 0x1p52).bitPattern &- (0x1p52 as Double).bitPattern)
    }
}

/// A candidate during a search: tree slot, squared chord, and later its distance key.
@usableFromInline
struct _Candidate {
    @usableFromInline var slot: Int32
    @usableFromInline var chordSquared: Double

    @inlinable
    init(slot: Int32, chordSquared: Double) {
        self.slot = slot
        self.chordSquared = chordSquared
    }
}

/// A neighbour with its ranking key, for the radix sort.
@usableFromInline
struct _Keyed {
    @usableFromInline var key: UInt64
    @usableFromInline var neighbor: KDTree.Neighbor

    @inlinable
    init(key: UInt64, neighbor: KDTree.Neighbor) {
        self.key = key
        self.neighbor = neighbor
    }
}

extension KDTree {
    /// Sorts neighbours into result order: by ``Neighbor/tieKey`` (distance rounded to 1 µm), then by
    /// `orderedBefore` on their indices. A comparison sort of the keys for more than 48 elements, an LSD radix sort
    /// beyond ``_radixSortMinimum``.
    ///
    /// - Complexity: O(m log m) for m neighbours up to ``_radixSortMinimum``, O(m) passes beyond (3 for keys below
    ///   8.6 km); plus a comparison sort of each run of equal keys.
    @inlinable
    public static func sort(_ neighbors: inout [Neighbor], orderedBefore: (Int, Int) -> Bool) {
        _sortAndCut(&neighbors, limit: .max, orderedBefore: orderedBefore)
    }

    /// ``sort(_:orderedBefore:)`` with a *tie rank*: an integer per index consistent with `orderedBefore`
    /// (`tieRank(a) < tieRank(b)` implies `orderedBefore(a, b)`; equal ranks say nothing), read once per element of
    /// each long run of equal keys, which is then ordered by rank and only equal ranks by `orderedBefore`. For
    /// hundreds of points at one spot (a depot) whose order is costly to compare (ids): m reads and integer
    /// comparisons instead of m log m calls of `orderedBefore`. An id's first 8 bytes read big-endian is such a
    /// rank for bytewise id order.
    @inlinable
    public static func sort(
        _ neighbors: inout [Neighbor], orderedBefore: (Int, Int) -> Bool, tieRank: (Int) -> UInt64
    ) {
        _sortAndCut(&neighbors, limit: .max, orderedBefore: orderedBefore, tieRank: tieRank, ranksTies: true)
    }

    /// ``sort(_:orderedBefore:tieRank:)`` keeping only the first `limit` neighbours: of a run of ties that crosses
    /// the limit only the needed ones are ordered (a depot's hundreds, of which a k-nearest answer keeps k).
    @inlinable
    public static func sort(
        _ neighbors: inout [Neighbor], keepingFirst limit: Int, orderedBefore: (Int, Int) -> Bool,
        tieRank: (Int) -> UInt64
    ) {
        precondition(limit >= 0, "limit must be >= 0")
        _sortAndCut(&neighbors, limit: limit, orderedBefore: orderedBefore, tieRank: tieRank, ranksTies: true)
    }

    /// The shortest run of equal keys ``_sortAndCut(_:limit:orderedBefore:tieRank:ranksTies:)`` orders by tie rank.
    @usableFromInline static let _tieRankMinimumRun = 16

    /// The fewest neighbours ``_sortAndCut(_:limit:orderedBefore:tieRank:ranksTies:)`` radix-sorts: each pass
    /// clears and sums 2 048 buckets, which cost more than sorting the keys of a few hundred neighbours (the `within`
    /// queries of a 10k or 100k fleet return 25-250 on average: Benchmarks/README section 2).
    @usableFromInline static let _radixSortMinimum = 160

    /// Sorts neighbours by (1 µm key, id order) and keeps at most `limit` of them.
    ///
    /// Small inputs: insertion sort. Larger: a comparison sort of the packed keys
    /// (``_sortPacked(_:limit:orderedBefore:tieRank:ranksTies:)``), and beyond ``_radixSortMinimum`` (or for a key
    /// of 2^56 or more) a stable LSD radix sort on the key (11-bit digits, as many passes as the largest key
    /// needs: 3 for keys below 8.6 km); then each run of equal keys is ordered by `orderedBefore` (runs are almost
    /// always of length 1).
    @inlinable
    static func _sortAndCut(
        _ neighbors: inout [Neighbor], limit: Int, orderedBefore: (Int, Int) -> Bool,
        tieRank: (Int) -> UInt64 = { _ in 0 }, ranksTies: Bool = false
    ) {
        let count = neighbors.count
        if count > 48 && count <= KDTree._radixSortMinimum
            && _sortPacked(&neighbors, limit: limit, orderedBefore: orderedBefore, tieRank: tieRank,
                           ranksTies: ranksTies) {
            // Sorted by the packed keys (every key below 2^56, i.e. every distance on the Earth).
        } else if count > 48 {
            withUnsafeTemporaryAllocation(of: _Keyed.self, capacity: 2 * count) { buffer in
                let base = buffer.baseAddress!
                var source = base, target = base + count
                var maxKey: UInt64 = 0, minKey = UInt64.max
                for position in 0..<count {
                    let neighbor = neighbors[position]
                    let key = UInt64(neighbor.tieKey)
                    maxKey = Swift.max(maxKey, key)
                    minKey = Swift.min(minKey, key)
                    (source + position).initialize(to: _Keyed(key: key, neighbor: neighbor))
                }
                let digitBits = 11, buckets = 1 << 11
                if minKey == maxKey {
                    // One key (hundreds of points at one spot): a single run, ordered by id below.
                } else { withUnsafeTemporaryAllocation(of: Int.self, capacity: buckets) { histogram in
                    var shift = 0
                    while shift < 64 && (maxKey >> UInt64(shift)) != 0 {
                        for bucket in 0..<buckets { histogram[bucket] = 0 }
                        let mask = UInt64(buckets - 1)
                        for position in 0..<count {
                            histogram[Int((source[position].key >> UInt64(shift)) & mask)] &+= 1
                        }
                        var total = 0
                        for bucket in 0..<buckets {
                            let n = histogram[bucket]
                            histogram[bucket] = total
                            total &+= n
                        }
                        for position in 0..<count {
                            let element = source[position]
                            let bucket = Int((element.key >> UInt64(shift)) & mask)
                            target[histogram[bucket]] = element
                            histogram[bucket] &+= 1
                        }
                        swap(&source, &target)
                        shift += digitBits
                    }
                } }
                // Equal keys: order each run by id, up to `limit` (runs past it are cut anyway).
                KDTree._orderTies(UnsafeMutableBufferPointer(start: source, count: count), limit: limit,
                                  orderedBefore: orderedBefore, tieRank: tieRank, ranksTies: ranksTies)
                // Only the first `limit` are kept: a kNN with thousands tied (a depot) copies k back, not all.
                neighbors.withUnsafeMutableBufferPointer { out in
                    for position in 0..<Swift.min(count, limit) { out[position] = source[position].neighbor }
                }
            }
        } else if count > 1 {
            // Insertion sort on precomputed keys (a key costs a division: compute each once), equal keys in
            // arrival order; then, if any were equal, each run of them by id (a query at or near a depot: tens of
            // vehicles tied, whose insertion by id cost ~100 calls of `orderedBefore`).
            withUnsafeTemporaryAllocation(of: _Keyed.self, capacity: count) { keyed in
                var ties = false
                for position in 0..<count {
                    let neighbor = neighbors[position]
                    var hole = position
                    let key = UInt64(neighbor.tieKey)
                    while hole > 0 {
                        let previous = keyed[hole - 1]
                        if previous.key <= key {
                            ties = ties || previous.key == key  // an equal key is always the one just before
                            break
                        }
                        keyed[hole] = previous
                        hole -= 1
                    }
                    keyed[hole] = _Keyed(key: key, neighbor: neighbor)
                }
                if ties {
                    KDTree._orderTies(UnsafeMutableBufferPointer(rebasing: keyed[0..<count]), limit: limit,
                                      orderedBefore: orderedBefore, tieRank: tieRank, ranksTies: ranksTies)
                }
                neighbors.withUnsafeMutableBufferPointer { out in
                    for position in 0..<count { out[position] = keyed[position].neighbor }
                }
            }
        }
        if count > limit { neighbors.removeSubrange(limit...) }
    }

    /// ``_sortAndCut(_:limit:orderedBefore:tieRank:ranksTies:)`` for up to ``_radixSortMinimum`` neighbours (more
    /// than 48, as a rule a `within` answer): below that count a radix pass's fixed cost (clearing and summing 2 048
    /// buckets) exceeds a comparison sort. Each key (below 2^45 for any distance on the Earth: 20 000 km in µm) is
    /// packed with its position (below 256) into one integer, the integers sorted without a closure
    /// (``_sortDistinct(_:)``), and the neighbours moved once, from a copy, in that order; only when two keys tie
    /// are the sorted neighbours keyed again for ``_orderTies(_:limit:orderedBefore:tieRank:ranksTies:)``. Returns
    /// false, `neighbors` untouched, when a key is 2^56 or more (no distance on the Earth; the radix sort takes it).
    /// (Keyed copies of every neighbour, sorted then copied back, cost ~45 instructions a neighbour more: a 10k
    /// `within` query sorts ~70 of them.)
    @inlinable
    static func _sortPacked(
        _ neighbors: inout [Neighbor], limit: Int, orderedBefore: (Int, Int) -> Bool, tieRank: (Int) -> UInt64,
        ranksTies: Bool
    ) -> Bool {
        let count = neighbors.count
        assert(count <= 256, "positions are packed in 8 bits: _radixSortMinimum must stay below 256")
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { packed -> Bool in
            var high: UInt64 = 0
            neighbors.withUnsafeBufferPointer { source in
                for position in 0..<count {
                    let key = UInt64(bitPattern: source[position].tieKey)
                    high |= key
                    packed[position] = key << 8 | UInt64(position)
                }
            }
            guard high < 1 << 56 else { return false }
            KDTree._sortDistinct(packed)
            var ties = false
            for position in 1..<count where packed[position] >> 8 == packed[position &- 1] >> 8 {
                ties = true
                break
            }
            withUnsafeTemporaryAllocation(of: Neighbor.self, capacity: count) { copy in
                neighbors.withUnsafeMutableBufferPointer { out in
                    copy.baseAddress!.initialize(from: out.baseAddress!, count: count)
                    for position in 0..<count { out[position] = copy[Int(packed[position] & 0xFF)] }
                    guard ties else { return }
                    // Equal keys (vehicles at one spot, or within 1 µm): each run ordered by id.
                    withUnsafeTemporaryAllocation(of: _Keyed.self, capacity: count) { keyed in
                        for position in 0..<count {
                            keyed.initializeElement(at: position,
                                                    to: _Keyed(key: packed[position] >> 8, neighbor: out[position]))
                        }
                        KDTree._orderTies(keyed, limit: limit, orderedBefore: orderedBefore, tieRank: tieRank,
                                          ranksTies: ranksTies)
                        for position in 0..<Swift.min(count, limit) { out[position] = keyed[position].neighbor }
                    }
                }
            }
            return true
        }
    }

    /// Sorts distinct integers in place (the packed keys of ``_sortAndCut``, at most 256): quicksort on the median
    /// of three down to runs of 16, then one insertion pass, all on `UInt64` comparisons inline. The standard
    /// library's `sort()` is a stable merge sort that calls its comparison through a closure: 1.3k instructions a
    /// `within` query on the 10k peer fleet, a quarter of the sorting.
    @inlinable
    static func _sortDistinct(_ values: UnsafeMutableBufferPointer<UInt64>) {
        guard values.count > 1, let base = values.baseAddress else { return }
        // The larger side of each partition waits here while the smaller goes on: at most log2(count) ranges.
        withUnsafeTemporaryAllocation(of: (lower: Int, upper: Int).self, capacity: Int.bitWidth) { pending in
            var waiting = 0
            var lower = 0, upper = values.count &- 1
            while true {
                if upper &- lower >= 16 {
                    // Median of three: the ends become the partition's sentinels (at most and at least the pivot).
                    let middle = lower &+ (upper &- lower) / 2
                    if base[middle] < base[lower] { swap(&base[middle], &base[lower]) }
                    if base[upper] < base[lower] { swap(&base[upper], &base[lower]) }
                    if base[upper] < base[middle] { swap(&base[upper], &base[middle]) }
                    let pivot = base[middle]
                    var left = lower, right = upper
                    while true {
                        repeat { left &+= 1 } while base[left] < pivot
                        repeat { right &-= 1 } while pivot < base[right]
                        if left >= right { break }
                        swap(&base[left], &base[right])
                    }
                    // [lower, right] holds values up to the pivot, [right + 1, upper] from it on.
                    if right &- lower < upper &- right {
                        pending[waiting] = (right &+ 1, upper)
                        upper = right
                    } else {
                        pending[waiting] = (lower, right)
                        lower = right &+ 1
                    }
                    waiting &+= 1
                } else if waiting > 0 {
                    waiting &-= 1
                    (lower, upper) = pending[waiting]
                } else {
                    break
                }
            }
        }
        // Every value now lies in a range of at most 16 that holds its sorted place: one insertion pass finishes.
        for position in 1..<values.count {
            let value = base[position]
            var hole = position
            while hole > 0 && base[hole &- 1] > value {
                base[hole] = base[hole &- 1]
                hole &-= 1
            }
            base[hole] = value
        }
    }

    /// Orders each run of equal keys of `sorted` (sorted by key) by `orderedBefore` on the neighbours' indices, up
    /// to `limit`: a run that crosses `limit` needs only its first `limit - runStart` elements, selected then sorted
    /// (a kNN query among hundreds of vehicles at one point compares each once, not n log n times). With
    /// `ranksTies`, a run of ``_tieRankMinimumRun`` or more is ordered by `tieRank` first (its key slots overwritten
    /// with the ranks), `orderedBefore` only between equal ranks.
    @inlinable
    static func _orderTies(
        _ sorted: UnsafeMutableBufferPointer<_Keyed>, limit: Int, orderedBefore: (Int, Int) -> Bool,
        tieRank: (Int) -> UInt64, ranksTies: Bool
    ) {
        let count = sorted.count
        // Most keys are unique: the next tie is found by comparing neighbours in a tight loop (a loop over runs of one
        // cost ~35 instructions per element: ~2 000 of a 10k `within` query's 100-hit sort).
        var next = 1
        while next < count {
            guard sorted[next].key == sorted[next &- 1].key else {
                next &+= 1
                continue
            }
            let runStart = next &- 1
            guard runStart < limit else { return }
            var runEnd = next &+ 1
            while runEnd < count && sorted[runEnd].key == sorted[runStart].key { runEnd &+= 1 }
            let run = UnsafeMutableBufferPointer(rebasing: sorted[runStart..<runEnd])
            let wanted = Swift.min(run.count, limit - runStart)
            if ranksTies && run.count >= KDTree._tieRankMinimumRun {
                // The run's key is the same for all: its slot now holds each element's tie rank.
                for position in run.indices { run[position].key = tieRank(run[position].neighbor.index) }
                KDTree._orderPrefix(run, count: wanted) {
                    $0.key != $1.key ? $0.key < $1.key : orderedBefore($0.neighbor.index, $1.neighbor.index)
                }
            } else if run.count < KDTree._tieRankMinimumRun {
                // A few tied (two vehicles at one spot): insertion, no library sort's set-up.
                for position in 1..<run.count {
                    let element = run[position]
                    var hole = position
                    while hole > 0 && orderedBefore(element.neighbor.index, run[hole - 1].neighbor.index) {
                        run[hole] = run[hole - 1]
                        hole -= 1
                    }
                    run[hole] = element
                }
            } else {
                KDTree._orderPrefix(run, count: wanted) { orderedBefore($0.neighbor.index, $1.neighbor.index) }
            }
            // The element at `runEnd` has another key: the next tie is at `runEnd + 1` at the earliest.
            next = runEnd &+ 1
        }
    }

    /// Puts the `count` first elements of `run` under `orderedBefore` (a strict total order) at its front, in
    /// order; the rest stay behind them in no particular order. All of `run` sorted when `count` is most of it;
    /// otherwise a bounded max-heap of `count` elements that every other element is compared with once.
    @inlinable
    static func _orderPrefix<Element>(
        _ run: UnsafeMutableBufferPointer<Element>, count: Int, by orderedBefore: (Element, Element) -> Bool
    ) {
        var run = run
        guard count < run.count / 2 else {
            run.sort(by: orderedBefore)
            return
        }
        guard count > 0 else { return }
        // Max-heap (the element ordered last at the root) over run[0..<count].
        func siftDown(_ start: Int, _ size: Int) {
            var parent = start
            while true {
                var child = 2 &* parent &+ 1
                if child >= size { return }
                if child + 1 < size && orderedBefore(run[child], run[child + 1]) { child += 1 }
                if !orderedBefore(run[parent], run[child]) { return }
                run.swapAt(parent, child)
                parent = child
            }
        }
        for start in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(start, count) }
        for position in count..<run.count where orderedBefore(run[position], run[0]) {
            run.swapAt(position, 0)
            siftDown(0, count)
        }
        var prefix = UnsafeMutableBufferPointer(rebasing: run[0..<count])
        prefix.sort(by: orderedBefore)
    }
}
