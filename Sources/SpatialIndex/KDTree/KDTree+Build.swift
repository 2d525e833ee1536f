import Foundation
import Geo

/// A point while partitioning: the unit vector rounded to `Float` and the input index (16 bytes). Internal (not
/// private) for the selection's tests, as is ``_select(_:in:_:_:dimension:)``.
struct _Block {
    var x: Float, y: Float, z: Float
    var index: UInt32
}

extension KDTree {
    /// Builds a tree over `coordinates`; result indices refer to positions in this collection.
    ///
    /// Each node splits at its median along the axis of largest spread (quickselect), so the tree is balanced
    /// whatever the input (duplicates, grids, a single point repeated n times).
    ///
    /// - Parameters:
    ///   - coordinates: Fewer than `Int32.max` points; may be empty.
    ///   - threads: How many threads may build (rounded down to a power of two; 1 builds on the calling thread
    ///     only). Subtrees are disjoint, so they are partitioned in parallel below the top levels; the tree is the
    ///     same whatever the count. For bulk loads with nothing else running: a background rebuild keeps 1 so that
    ///     it never competes with queries for more than one core.
    /// - Complexity: O(n log n) time, O(n) extra memory.
    public init<C: Collection<Coordinate>>(_ coordinates: C, threads: Int = 1) {
        self.init(coordinates, threads: threads, orderingTiesBy: nil)
    }

    /// ``init(_:threads:)`` for a caller that orders ties its own way (by its ids): points repeated at one
    /// coordinate (a depot) are kept in `orderedBefore` (a strict total order on input indices; nil: `<`), so that
    /// ``nearest(_:to:within:where:orderedBefore:tieRank:tiesInBuildOrder:)`` with the same order takes the first
    /// `k` of them instead of ranking them all. `tieRank`, consistent with `orderedBefore` (see
    /// ``sort(_:orderedBefore:tieRank:)``), makes ordering a large depot integer comparisons.
    public init<C: Collection<Coordinate>>(_ coordinates: C, threads: Int = 1,
                                           orderingTiesBy orderedBefore: ((Int, Int) -> Bool)?,
                                           tieRank: ((Int) -> UInt64)? = nil) {
        let points = Array(coordinates)
        precondition(points.count < Int(Int32.max), "KDTree holds fewer than 2^31 - 1 points")
        let count = points.count
        let parts = 1 << KDTree._parallelLevels(count: count, threads: threads)
        var blocks = [_Block](repeating: _Block(x: 0, y: 0, z: 0, index: 0), count: count)
        blocks.withUnsafeMutableBufferPointer { blocks in
            // Each part writes its own index range.
            nonisolated(unsafe) let blocks = blocks
            _forEachPart(parts) { part in
                for index in (part * count / parts)..<((part + 1) * count / parts) {
                    let vector = UnitVector(points[index])
                    blocks[index] = _Block(x: Float(vector.x), y: Float(vector.y), z: Float(vector.z),
                                           index: UInt32(index))
                }
            }
        }
        self.init(points: points, blocks: blocks, threads: threads,
                  tieOrder: orderedBefore.map { _TieOrder(orderedBefore: $0, rank: tieRank) })
    }

    /// A point whose unit vector (rounded to `Float`) the caller already holds: what a tree stores per
    /// point (``preparedPoint(atSlot:)``), or a log entry computed when it was written.
    @usableFromInline package struct PreparedPoint: Sendable {
        @usableFromInline package var coordinate: Coordinate
        /// `Float(UnitVector(coordinate).x)` and so on: the rounding ``init(_:threads:)`` applies.
        @usableFromInline package var x: Float, y: Float, z: Float

        @inlinable
        package init(coordinate: Coordinate, x: Float, y: Float, z: Float) {
            self.coordinate = coordinate
            self.x = x
            self.y = y
            self.z = z
        }

        /// The prepared form of `coordinate` (its unit vector).
        @inlinable
        package init(_ coordinate: Coordinate) {
            let vector = UnitVector(coordinate)
            self.init(coordinate: coordinate, x: Float(vector.x), y: Float(vector.y), z: Float(vector.z))
        }
    }

    /// The same tree as ``init(_:threads:)`` over the points' coordinates, without recomputing their unit vectors
    /// (no trigonometry): for rebuilds from a tree's own slots and for log segments, whose entries
    /// were prepared when written. The caller guarantees each point is the prepared form of its coordinate (a
    /// wrong vector would prune wrongly), hence `package`, not public.
    ///
    /// `leafCapacity`: the most points a leaf holds (default ``leafCapacity``). Larger leaves mean
    /// fewer levels: fewer selections to build and fewer dependent cache misses to descend, for more points
    /// scanned (contiguous, eight at a time) in each leaf reached. Log segments use 64: built often, searched
    /// cold once per query each (Benchmarks/README section 2).
    ///
    /// `orderingTiesBy`, `tieRank`: as in ``init(_:threads:orderingTiesBy:tieRank:)``.
    package init(prepared input: [PreparedPoint], threads: Int = 1, leafCapacity: Int = KDTree.leafCapacity,
                 orderingTiesBy orderedBefore: ((Int, Int) -> Bool)? = nil, tieRank: ((Int) -> UInt64)? = nil) {
        precondition(leafCapacity >= 2, "leaves of at least 2 points (minimal depth for 1 would leave some empty)")
        precondition(input.count < Int(Int32.max), "KDTree holds fewer than 2^31 - 1 points")
        var points: [Coordinate] = [], blocks: [_Block] = []
        points.reserveCapacity(input.count)
        blocks.reserveCapacity(input.count)
        for index in input.indices {
            let point = input[index]
            points.append(point.coordinate)
            blocks.append(_Block(x: point.x, y: point.y, z: point.z, index: UInt32(index)))
        }
        self.init(points: points, blocks: blocks, threads: threads, leafCapacity: leafCapacity,
                  tieOrder: orderedBefore.map { _TieOrder(orderedBefore: $0, rank: tieRank) })
    }

    /// The prepared point stored at tree position `slot` (coordinate, `Float` vector).
    @inlinable @inline(__always)
    package func preparedPoint(atSlot slot: Int) -> PreparedPoint {
        let stride = count + KDTree._lanes
        return PreparedPoint(coordinate: _coordinates[slot], x: _vectors[slot], y: _vectors[stride + slot],
                             z: _vectors[2 * stride + slot])
    }

    /// The fewest points a subtree handed to a thread of its own has: below that, starting the thread costs more
    /// than it saves. At 4 096 a 10 000-point `FleetIndex.load` on 2 cores took 13 % less time than on one, and a
    /// 100 000-point one 5 % less (the bound was 65 536, which left those builds on one thread; Benchmarks/README
    /// section 2).
    static let _parallelMinimumPart = 4_096

    /// Parallel levels of a build: log2 of the thread count, at most the tree's depth, each part at least
    /// ``_parallelMinimumPart`` points.
    private static func _parallelLevels(count: Int, threads: Int, leafCapacity: Int = KDTree.leafCapacity) -> Int {
        let depth = KDTree._depth(forCount: count, leafCapacity: leafCapacity)
        var levels = 0
        while levels < depth, 2 << levels <= threads, count >> (levels + 1) >= _parallelMinimumPart { levels += 1 }
        return levels
    }

    /// Partitions `blocks` (each point's `Float` vector and input index) and lays the tree out.
    private init(points: [Coordinate], blocks: [_Block], threads: Int, leafCapacity: Int = KDTree.leafCapacity,
                 tieOrder: _TieOrder? = nil) {
        var blocks = blocks
        let count = points.count
        let depth = KDTree._depth(forCount: count, leafCapacity: leafCapacity)
        let parallelLevels = KDTree._parallelLevels(count: count, threads: threads, leafCapacity: leafCapacity)
        let parts = 1 << parallelLevels
        blocks.withUnsafeMutableBufferPointer { blocks in
            // Each subtree owns its slot range.
            nonisolated(unsafe) let blocks = blocks
            @Sendable func split(_ node: Int, level: Int) {
                let (lower, upper) = KDTree._range(node: node, level: level, count: count)
                let middle = ((2 &* (node - ((1 << level) - 1)) &+ 1) &* count) >> (level + 1)
                _select(middle, in: blocks, lower, upper, dimension: _widestDimension(blocks, lower, upper))
            }
            // The top levels on this thread, then each subtree below them (disjoint slots) on its own, level by
            // level.
            for node in 0..<((1 << parallelLevels) - 1) { split(node, level: KDTree._level(ofNode: node)) }
            _forEachPart(parts) { part in
                for level in parallelLevels..<depth {
                    let width = 1 << (level - parallelLevels)
                    let first = (1 << level) - 1 + part * width
                    for node in first..<(first + width) { split(node, level: level) }
                }
            }
        }

        // x, y and z columns, each padded by `_lanes` values (see `_scanLeaf`).
        let stride = count + KDTree._lanes
        var vectors = [Float](repeating: 0, count: 3 * stride)
        var coordinates: [Coordinate] = []
        var indices: [Int32] = []
        coordinates.reserveCapacity(count)
        indices.reserveCapacity(count)
        for slot in 0..<count {
            let block = blocks[slot]
            let index = Int(block.index)
            vectors[slot] = block.x
            vectors[stride + slot] = block.y
            vectors[2 * stride + slot] = block.z
            coordinates.append(points[index])
            indices.append(Int32(index))
        }
        let boxes = KDTree._boundingBoxes(vectors, stride: stride, count: count, depth: depth)
        self._stacks = KDTree._findStacks(coordinates: &coordinates, indices: &indices, boxes: boxes, count: count,
                                          depth: depth, tieOrder: tieOrder)
        self._vectors = vectors
        self._coordinates = coordinates
        self._indices = indices
        self._boxes = boxes
        self.depth = depth
        self.maximumLeafSize = leafCapacity
    }
}

extension KDTree {
    /// The bounding box of every node (see ``_boxes``): each leaf's from its slots, then each internal node's as
    /// the union of its children's, bottom up. Empty for an empty tree.
    static func _boundingBoxes(_ vectors: [Float], stride columnStride: Int, count: Int, depth: Int) -> [Float] {
        guard count > 0 else { return [] }
        let nodeCount = (2 << depth) - 1
        var boxes = [Float](repeating: 0, count: 6 * nodeCount)
        boxes.withUnsafeMutableBufferPointer { boxes in
            vectors.withUnsafeBufferPointer { vectors in
                let firstLeaf = (1 << depth) - 1
                for leaf in firstLeaf..<nodeCount {
                    let (lower, upper) = KDTree._range(node: leaf, level: depth, count: count)
                    for axis in 0..<3 {
                        var low = Float.infinity, high = -Float.infinity
                        for slot in lower..<upper {
                            let value = vectors[axis * columnStride + slot]
                            low = Swift.min(low, value)
                            high = Swift.max(high, value)
                        }
                        boxes[6 * leaf + axis] = low
                        boxes[6 * leaf + 3 + axis] = high
                    }
                }
                for node in stride(from: firstLeaf - 1, through: 0, by: -1) {
                    let left = 6 * (2 * node + 1), right = left + 6
                    for axis in 0..<3 {
                        boxes[6 * node + axis] = Swift.min(boxes[left + axis], boxes[right + axis])
                        boxes[6 * node + 3 + axis] = Swift.max(boxes[left + 3 + axis], boxes[right + 3 + axis])
                    }
                }
            }
        }
        return boxes
    }
}

/// Runs `body` for each of `parts` parts, concurrently when there are several (the parts touch disjoint memory).
private func _forEachPart(_ parts: Int, _ body: @Sendable (Int) -> Void) {
    if parts == 1 {
        body(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: parts, execute: body)
    }
}

/// The axis (0, 1, 2) with the largest extent over slots `[lower, upper)`, estimated from evenly spaced slots: at
/// most 512 for a node of 32 768 points or more, 64 below (the choice only affects how well the tree prunes, never
/// correctness; scanning every slot of the lower levels was a quarter of a log segment's build).
private func _widestDimension(_ blocks: UnsafeMutableBufferPointer<_Block>, _ lower: Int, _ upper: Int) -> Int {
    guard upper > lower else { return 0 }
    var minX = blocks[lower].x, maxX = minX, minY = blocks[lower].y, maxY = minY
    var minZ = blocks[lower].z, maxZ = minZ
    let step = Swift.max(1, (upper - lower) / (upper - lower >= 32_768 ? 512 : 64))
    for slot in stride(from: lower, to: upper, by: step) {
        let block = blocks[slot]
        minX = Swift.min(minX, block.x); maxX = Swift.max(maxX, block.x)
        minY = Swift.min(minY, block.y); maxY = Swift.max(maxY, block.y)
        minZ = Swift.min(minZ, block.z); maxZ = Swift.max(maxZ, block.z)
    }
    let spreadX = maxX - minX, spreadY = maxY - minY, spreadZ = maxZ - minZ
    if spreadX >= spreadY && spreadX >= spreadZ { return 0 }
    return spreadY >= spreadZ ? 1 : 2
}

/// Reorders slots `[lower, upper)` so that slot `nth` holds the value it would hold if sorted along
/// `dimension`, smaller-or-equal values before it and greater-or-equal after.
///
/// Floyd and Rivest's SELECT (1975): a range of more than 600 slots first selects within a sample around where
/// `nth`'s value should fall (recursively), so that the partition around that value leaves only a small range to
/// go on with: about 1.5 comparisons per slot where quickselect with a median of three needs 3 or more. This
/// selection is most of a k-d tree build (a third of a writer's time, in its log segments). The partition has no
/// branch on the data (see ``_floydRivest(_:base:values:_:_:)``): bare 1M build 217-233 → 142-176 ms, batch
/// upserts at 1M +15-30 % (interleaved runs, Benchmarks/README section 2).
func _select(
    _ nth: Int, in blocks: UnsafeMutableBufferPointer<_Block>, _ lower: Int, _ upper: Int, dimension: Int
) {
    let base = blocks.baseAddress!
    assert(MemoryLayout<_Block>.stride == 16, "_floydRivest moves blocks as 16 raw bytes")
    UnsafeMutableRawPointer(base).withMemoryRebound(to: Float.self, capacity: 4 * blocks.count) { floats in
        _floydRivest(nth, base: base, values: floats + dimension, lower, upper - 1)
    }
}

/// Floyd-Rivest selection of slot `nth` within `[left, right]` (inclusive) by `values[4 * slot]`.
private func _floydRivest(
    _ nth: Int, base: UnsafeMutablePointer<_Block>, values: UnsafeMutablePointer<Float>, _ left: Int, _ right: Int
) {
    @inline(__always) func value(_ slot: Int) -> Float { values[4 &* slot] }
    // A block moved as one 16-byte vector (the compiler moves the struct field by field: four loads and four
    // stores per block).
    let raw = UnsafeMutableRawPointer(base)
    @inline(__always) func swapAt(_ i: Int, _ j: Int) {
        let first = raw.loadUnaligned(fromByteOffset: i &* 16, as: SIMD4<UInt32>.self)
        let second = raw.loadUnaligned(fromByteOffset: j &* 16, as: SIMD4<UInt32>.self)
        raw.storeBytes(of: second, toByteOffset: i &* 16, as: SIMD4<UInt32>.self)
        raw.storeBytes(of: first, toByteOffset: j &* 16, as: SIMD4<UInt32>.self)
    }
    var left = left, right = right
    while right > left {
        if right - left > 600 {
            // Select within a sample of ~n^(2/3) slots around where `nth` should fall, so that the value there
            // splits the range close to `nth`.
            let n = Double(right - left + 1)
            let i = Double(nth - left + 1)
            let z = Foundation.log(n)
            let s = 0.5 * Foundation.exp(2 * z / 3)
            let sd = 0.5 * (z * s * (n - s) / n).squareRoot() * (i - n / 2 < 0 ? -1 : 1)
            let newLeft = Swift.max(left, Int(Double(nth) - i * s / n + sd))
            let newRight = Swift.min(right, Int(Double(nth) + (n - i) * s / n + sd))
            _floydRivest(nth, base: base, values: values, newLeft, newRight)
        } else if right - left > 32 {
            // A small range (no sample): the median of the first, `nth`'s and the last value as the pivot, moved to
            // `nth` (was `nth`'s value alone). Selection instructions of a 100k load: peer fleet 67.5M -> 33.7M,
            // uniform 66.6M -> 62.0M, depots 57.0M -> 54.4M (callgrind; down to ranges of 9: 63.6M on the peers').
            let a = value(left), b = value(nth), c = value(right)
            if (a < b) != (a < c) {
                swapAt(left, nth)
            } else if (c < a) != (c < b) {
                swapAt(right, nth)
            }
        }
        // Partition [left, right] around t = value(nth), without a data-dependent branch (Lomuto's scheme with
        // an unconditional swap: a branch on each comparison of random values mispredicts about half the time).
        // Values equal to t go left at even slots and right at odd ones, so many equal values split evenly.
        let t = value(nth)
        swapAt(nth, right)
        var store = left
        var i = left
        while i < right {
            let v = value(i)
            let goesLeft = (v < t ? 1 : 0) | ((v == t ? 1 : 0) & ~i & 1)
            swapAt(i, store)
            store &+= goesLeft
            i &+= 1
        }
        swapAt(store, right)
        let j = store
        // Slot j now holds t in its sorted place.
        if j <= nth { left = j &+ 1 }
        if nth <= j { right = j &- 1 }
    }
}
