import CPrefetch
import Geo

/// A pending subtree: node and the lower bound of its squared chord to the query (its bounding box's).
@usableFromInline
struct _PendingNode {
    @usableFromInline var node: Int
    @usableFromInline var lowerBound: Double

    @inlinable
    init(node: Int, lowerBound: Double) {
        self.node = node
        self.lowerBound = lowerBound
    }
}

extension KDTree {
    /// The smallest squared chord from `query` to any point of the box at `box` (low x, y, z, then high x, y, z),
    /// computed so that it never exceeds the squared chord ``_scanLeaf`` computes for a stored vector inside the box:
    /// the same operations in the same order (`Double(component) - query`, squares, `(x + y) + z`) on a box face
    /// instead of the component, and rounding is monotone, so a face at least as close as the component gives at
    /// most its value. Pruning with it is therefore exact.
    ///
    /// The larger of two values is taken as `a > b ? a : b`, which compiles to one `maxsd`; `Swift.max` (`b >= a ? b
    /// : a`, which orders -0 and +0) compiles to a compare and a blend. The two differ only between zeros of
    /// opposite signs, whose squares are the same, and no operand is NaN.
    @inlinable @inline(__always)
    static func _boxChordSquared(_ box: UnsafePointer<Float>, _ query: UnitVector) -> Double {
        @inline(__always) func larger(_ a: Double, _ b: Double) -> Double { a > b ? a : b }
        let gapX = larger(larger(Double(box[0]) - query.x, query.x - Double(box[3])), 0)
        let gapY = larger(larger(Double(box[1]) - query.y, query.y - Double(box[4])), 0)
        let gapZ = larger(larger(Double(box[2]) - query.z, query.z - Double(box[5])), 0)
        return gapX * gapX + gapY * gapY + gapZ * gapZ
    }

    /// ``_boxChordSquared(_:_:)`` of two sibling boxes at once (`boxes`: the left one, the right one right after
    /// it), in `Double` pairs (``nv_sibling_box_chords``): per lane the same operations in the same order, so the
    /// same values; one instruction for both children where two calls took one each. With `onSphere`, each is the
    /// larger of that and the spherical bound (`2 − 2 max q·v` over the box, less a margin for the `Float` vectors'
    /// norms): still never above a stored vector's squared chord, so pruning stays exact, and much tighter for a
    /// large box far from the query.
    @inlinable @inline(__always)
    static func _siblingBoxChordsSquared(
        _ boxes: UnsafePointer<Float>, _ query: UnitVector, onSphere: Bool
    ) -> (Double, Double) {
        let chords = nv_sibling_box_chords(boxes, query.x, query.y, query.z, onSphere ? 1 : 0)
        return (chords[0], chords[1])
    }

    /// The spherical bound of one box (see ``_siblingBoxChordsSquared(_:_:onSphere:)``): `2 − 2 max q·v` over the
    /// box, less 1e-6 (the `Float` vectors' norms, roundings); the same operations as a lane of the pair.
    @inlinable @inline(__always)
    static func _sphericalChordSquared(_ box: UnsafePointer<Float>, _ query: UnitVector) -> Double {
        @inline(__always) func larger(_ a: Double, _ b: Double) -> Double { a > b ? a : b }
        let dot = (larger(Double(box[0]) * query.x, Double(box[3]) * query.x)
                   + larger(Double(box[1]) * query.y, Double(box[4]) * query.y))
            + larger(Double(box[2]) * query.z, Double(box[5]) * query.z)
        return (2 - (dot + dot)) - 1e-6
    }

    /// Whether a search pruning at squared chord `bound` takes the spherical bounds too: above 1e-3 (a k-th
    /// neighbour ~200 km away or farther) and below 4 (+infinity, nothing found yet, or the whole sphere: nothing
    /// to prune). Nearer, only large boxes far from the query differ, which the Euclidean bound already prunes, and
    /// the ~9 instructions a node more would show (10k kNN +2 %).
    @inlinable @inline(__always)
    static func _usesSphericalBounds(_ bound: Double) -> Bool { 1e-3 < bound && bound < 4 }

    /// The largest squared chord from `query` to any point of the box at `box`, computed so that it is never below
    /// the squared chord ``_scanLeaf`` computes for a stored vector inside the box: per axis the face farther from
    /// the query (`Double(face) - query`, the same operations as for a component; a component between the faces
    /// gives a difference between theirs, rounding being monotone), squared, summed `(x + y) + z`.
    @inlinable @inline(__always)
    static func _boxFarChordSquared(_ box: UnsafePointer<Float>, _ query: UnitVector) -> Double {
        @inline(__always) func larger(_ a: Double, _ b: Double) -> Double { a > b ? a : b }
        let gapX = larger(abs(Double(box[0]) - query.x), abs(Double(box[3]) - query.x))
        let gapY = larger(abs(Double(box[1]) - query.y), abs(Double(box[4]) - query.y))
        let gapZ = larger(abs(Double(box[2]) - query.z), abs(Double(box[5]) - query.z))
        return gapX * gapX + gapY * gapY + gapZ * gapZ
    }

    /// A squared chord bound such that every point whose estimated squared chord (``_scanLeaf``'s, from the `Float`
    /// vectors) is at most it lies within `meters` by haversine, rounding included: ``_widened(chordSquared:)``'s
    /// margins taken off instead of added (the estimate within 1.04e-7 of the exact chord, the haversine and chord
    /// arithmetic ~1e-15 relative). -1 when no point can be certain (a radius under ~2 m); +infinity for an
    /// infinite radius.
    @inlinable @inline(__always)
    static func _certainlyWithin(meters: Double) -> Double {
        if meters == .infinity { return .infinity }
        let chord = UnitVector.chordLength(forDistanceMeters: meters) * (1 - 1e-9) - 2.5e-7
        return chord > 0 ? chord * chord : -1
    }

    /// The squared-chord bounds of the children `left` and `left + 1` (given), with a child `admits` rejects (it
    /// holds no includable point: see ``SubtreeFilter``) set to +infinity, so that it is neither entered nor kept
    /// pending; nil when it rejects both. Without `filtering`, the bounds as given and `admits` never called.
    @inlinable @inline(__always)
    static func _admittedBounds(
        of left: Int, _ leftBound: Double, _ rightBound: Double, filtering: Bool, admits: (_ node: Int) -> Bool
    ) -> (left: Double, right: Double)? {
        guard filtering else { return (leftBound, rightBound) }
        let leftAdmitted = admits(left), rightAdmitted = admits(left &+ 1)
        if !leftAdmitted && !rightAdmitted { return nil }
        return (leftAdmitted ? leftBound : .infinity, rightAdmitted ? rightBound : .infinity)
    }

    /// Asks the CPU to load the boxes of `node`'s grandchildren (four boxes, 96 contiguous bytes), which a descent
    /// through `node` reads two steps later: the cache misses of a cold descent overlap with the steps between.
    @inlinable @inline(__always)
    static func _prefetchGrandchildren(of node: Int, level: Int, depth: Int, boxes: UnsafePointer<Float>) {
        guard level &+ 2 <= depth else { return }
        let first = boxes + 6 &* (4 &* node &+ 3)
        nv_prefetch(first)
        nv_prefetch(first + 16)
        nv_prefetch(first + 23)  // the last value: 96 bytes span three cache lines unless aligned
    }

    /// Asks the CPU to load the vectors of the two leaves below `node` (at `level`, one above the leaves), which the
    /// next step of a descent scans one of: in each column, the two cache lines from the node's first slot (32
    /// slots, two leaves of up to 16).
    /// `vectors`: ``_vectors``' buffer.
    @inlinable @inline(__always)
    func _prefetchLeaves(below node: Int, level: Int, _ vectors: UnsafePointer<Float>) {
        let lower = KDTree._range(node: node, level: level, count: count).lower
        let stride = _columnStride
        for column in 0..<3 {
            nv_prefetch(vectors + (column &* stride &+ lower))
            nv_prefetch(vectors + (column &* stride &+ lower &+ 16))
        }
    }

    /// Depth-first traversal, nearer child first, pruning every subtree whose squared-chord lower bound exceeds
    /// `bound()` (re-read at each node: k-nearest shrinks it). `leaf(lower, upper)` is called for the slot range of
    /// every leaf that is not pruned; `visited(node)` for every node entered (internal nodes and those leaves; a
    /// test hook, empty in the queries).
    ///
    /// Bounds are the squared chords to the children's own bounding boxes (``_boxes``), not to the split planes:
    /// the boxes are tight on every axis, so a far query (k-th neighbour thousands of kilometres away, empty space
    /// between clusters) skips the subtrees a split plane alone cannot exclude. The root's box bounds the start.
    ///
    /// The stack lives in a stack-allocated buffer (at most `depth + 1` entries are pending): no allocation.
    ///
    /// With `filtering`, a subtree for which `admits(node)` is false is skipped (see ``SubtreeFilter``).
    ///
    /// With `wholeWithin` >= 0, a subtree whose box's farthest point (``_boxFarChordSquared(_:_:)``) is within that
    /// squared chord is not descended: `whole(lower, upper)` gets its slot range instead (a radius search that
    /// needs no distance, see ``forEachIndex(within:of:where:_:)``).
    @inlinable @inline(__always)
    func _traverse(
        query: UnitVector,
        bound: () -> Double,
        visited: (_ node: Int) -> Void = { _ in },
        filtering: Bool = false,
        admits: (_ node: Int) -> Bool = { _ in true },
        wholeWithin: Double = -1,
        whole: (_ lower: Int, _ upper: Int) -> Void = { _, _ in },
        leaf: (_ lower: Int, _ upper: Int) -> Void
    ) {
        let count = self.count
        guard count > 0 else { return }
        if filtering && !admits(0) { return }
        let depth = self.depth
        _boxes.withUnsafeBufferPointer { boxes in
            let boxes = boxes.baseAddress!
            withUnsafeTemporaryAllocation(of: _PendingNode.self, capacity: 64) { stack in
                stack.initializeElement(
                    at: 0, to: _PendingNode(node: 0, lowerBound: KDTree._boxChordSquared(boxes, query)))
                var top = 1
                pending: while top > 0 {
                    top &-= 1
                    let pending = stack[top]
                    if pending.lowerBound > bound() { continue }
                    var node = pending.node
                    var level = KDTree._level(ofNode: node)
                    while level < depth {
                        if wholeWithin >= 0 && KDTree._boxFarChordSquared(boxes + 6 &* node, query) <= wholeWithin {
                            let (lower, upper) = KDTree._range(node: node, level: level, count: count)
                            whole(lower, upper)
                            continue pending
                        }
                        visited(node)
                        let left = 2 &* node &+ 1
                        let current = bound()
                        let (leftChord, rightChord) = KDTree._siblingBoxChordsSquared(
                            boxes + 6 &* left, query, onSphere: KDTree._usesSphericalBounds(current))
                        guard let (leftBound, rightBound) = KDTree._admittedBounds(
                            of: left, leftChord, rightChord, filtering: filtering, admits: admits)
                        else { continue pending }
                        let leftFirst = leftBound <= rightBound
                        let farBound = leftFirst ? rightBound : leftBound
                        if farBound <= current && (!filtering || farBound < .infinity) {
                            stack[top] = _PendingNode(node: leftFirst ? left &+ 1 : left, lowerBound: farBound)
                            top &+= 1
                        }
                        if (leftFirst ? leftBound : rightBound) > current { continue pending }
                        node = leftFirst ? left : left &+ 1
                        KDTree._prefetchGrandchildren(of: node, level: level &+ 1, depth: depth, boxes: boxes)
                        level &+= 1
                    }
                    visited(node)
                    let (lower, upper) = KDTree._range(node: node, level: depth, count: count)
                    if wholeWithin >= 0 && KDTree._boxFarChordSquared(boxes + 6 &* node, query) <= wholeWithin {
                        whole(lower, upper)
                    } else {
                        leaf(lower, upper)
                    }
                }
            }
        }
    }

    /// Best-first traversal for k-nearest: pending subtrees are taken smallest lower bound first (``_NodeHeap``), so
    /// the search reaches the k nearest points' leaves before the others and stops as soon as the smallest pending
    /// bound exceeds `bound()` (re-read at each node). Bounds and `visited` as in
    /// ``_traverse(query:bound:visited:leaf:)``, `leaf` given the leaf's node too; a pending internal node for which
    /// `skips(node, level)` is true is not entered (asked when it is taken from the heap, not at each step of a
    /// descent);
    /// a descent goes on into the nearer child while its bound is no larger than every pending one.
    ///
    /// A descent prefetches two levels ahead (``_prefetchGrandchildren(of:level:depth:boxes:)``) and, given the
    /// vector columns (`vectors`: ``_vectors``' buffer), the vectors of the two leaves below a node it enters one
    /// level above them: a cold tree's misses overlap (1M bare kNN −9.5 % and a further −8 %, Benchmarks/README
    /// section 2).
    ///
    /// With `filtering`, a subtree for which `admits(node)` is false (it holds no point the search can include: see
    /// ``SubtreeFilter``) is neither entered nor kept pending; without, `admits` is never called.
    ///
    /// No allocation unless more than 64 subtrees are pending at once.
    @inlinable @inline(__always)
    func _traverseNearestFirst(
        query: UnitVector,
        bound: () -> Double,
        visited: (_ node: Int) -> Void,
        vectors: UnsafePointer<Float>? = nil,
        skips: (_ node: Int, _ level: Int) -> Bool = { _, _ in false },
        filtering: Bool = false,
        admits: (_ node: Int) -> Bool = { _ in true },
        leaf: (_ node: Int, _ lower: Int, _ upper: Int) -> Void
    ) {
        let count = self.count
        guard count > 0 else { return }
        if filtering && !admits(0) { return }
        let depth = self.depth
        _boxes.withUnsafeBufferPointer { boxes in
            let boxes = boxes.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { buffer in
                var heap = _NodeHeap(buffer)
                heap.push(_PendingNode(node: 0, lowerBound: KDTree._boxChordSquared(boxes, query)))
                // A query far from the whole tree (another continent) takes spherical bounds from the first descent
                // on, which then reaches a nearer first leaf; others once a found k-th neighbour is far (see
                // `_usesSphericalBounds`), or never (a near query pays ~2 instructions a node).
                let farFromAll = KDTree._usesSphericalBounds(KDTree._sphericalChordSquared(boxes, query))
                pending: while let pending = heap.popMinimum() {
                    if pending.lowerBound > bound() { break }
                    var node = pending.node
                    var level = KDTree._level(ofNode: node)
                    if level < depth && skips(node, level) { continue pending }
                    while level < depth {
                        visited(node)
                        let left = 2 &* node &+ 1
                        let current = bound()
                        let (leftChord, rightChord) = KDTree._siblingBoxChordsSquared(
                            boxes + 6 &* left, query, onSphere: farFromAll || KDTree._usesSphericalBounds(current))
                        guard let (leftBound, rightBound) = KDTree._admittedBounds(
                            of: left, leftChord, rightChord, filtering: filtering, admits: admits)
                        else { continue pending }
                        let leftFirst = leftBound <= rightBound
                        let farBound = leftFirst ? rightBound : leftBound
                        if farBound <= current && (!filtering || farBound < .infinity) {
                            heap.push(_PendingNode(node: leftFirst ? left &+ 1 : left, lowerBound: farBound))
                        }
                        let nearBound = leftFirst ? leftBound : rightBound
                        if nearBound > current { continue pending }
                        let near = leftFirst ? left : left &+ 1
                        KDTree._prefetchGrandchildren(of: near, level: level &+ 1, depth: depth, boxes: boxes)
                        if _NodeHeap.stored(nearBound) > heap.minimumBound {
                            heap.push(_PendingNode(node: near, lowerBound: nearBound))
                            continue pending
                        }
                        node = near
                        level &+= 1
                        if level &+ 1 == depth, let vectors { _prefetchLeaves(below: node, level: level, vectors) }
                    }
                    visited(node)
                    let (lower, upper) = KDTree._range(node: node, level: depth, count: count)
                    leaf(node, lower, upper)
                }
                heap.release()
            }
        }
    }
}
