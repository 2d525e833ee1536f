import Geo

/// A static k-d tree over points of the sphere, for exact great-circle k-nearest and within-radius queries.
///
/// Points are stored as 3-D unit vectors (``Geo/UnitVector``): the chord between two unit vectors grows
/// monotonically with their great-circle distance, so the poles and the antimeridian need no special case.
/// The chord only *prunes*; every reported distance is the haversine distance of record,
/// ``Geo/Coordinate/distance(to:)`` (metres on R = 6 371 008.8 m), computed from the stored coordinate, and
/// results are ranked exactly as a brute-force scan would rank them (see ``Neighbor`` for the order).
///
/// Layout: an implicit, perfectly balanced tree (node `i` has children `2i + 1` and `2i + 2`) of depth ``depth``; leaf
/// `j` holds the points of slots `[j·n >> depth, (j+1)·n >> depth)`, between ``maximumLeafSize``/2 and
/// ``maximumLeafSize`` points (``leafCapacity`` unless built otherwise). Per point, in tree order: the unit vector
/// rounded to `Float` (3 × 4 bytes, three columns; read eight slots at a time while scanning leaves), its coordinate
/// (16 bytes; read only for the final candidates, whose cos φ is recomputed: ``Geo/Coordinate/cosineOfLatitude`` is a
/// short polynomial) and the 4-byte input index (none for a tree renumbered in tree order, whose indices are the slots:
/// ``renumberedInTreeOrder()``): 28 or 32 bytes. Per node (internal and leaf, `2^(depth+1) - 1`): the bounding box of
/// its points' `Float` vectors (6 × 4 bytes): 48 bytes per leaf of 8-16 points with the nodes above, 3-6 bytes per
/// point (3.1 at 1M points); no per-node pointers. A search passes indices to its predicate without reading the
/// records.
///
/// The boxes bound the search (nanoflann's `divlow`/`divhigh` and `computeInitialDistances`, tight on every axis):
/// a query whose neighbours are far away (open sea, the poles, a fleet on another continent) skips every subtree
/// whose points are farther than the k-th best, not only those beyond a split plane.
///
/// Pruning with `Float` vectors: each stored component is within 2^-25 of the exact one, so an estimated chord
/// is within 1.04e-7 (0.66 m on the Earth) of the exact chord; every bound is widened by twice that
/// (`_widened`), so rounding can only add candidates, which are then ranked by their exact haversine distance.
///
/// Stacks: leaves whose points all share one coordinate (a depot) are grouped at build, their points in the tie
/// order, so a k-nearest search takes a stack's first `k` included points instead of ranking all of them (see
/// ``_Stacks``; a few `Int32` per stacked leaf).
///
/// The tree is immutable and `Sendable`; build a new one to change the point set.
public struct KDTree: Sendable {
    /// The most points a leaf holds.
    public static let leafCapacity = 16

    /// Unit vectors rounded to `Float`, in tree order, as three columns ``_columnStride`` apart: `x` of slot `s` at
    /// `s`, `y` at `stride + s`, `z` at `2 stride + s` (each column padded by ``_lanes`` values, so a leaf is read
    /// eight slots at a time).
    @usableFromInline let _vectors: [Float]

    /// The coordinate of each slot, in tree order.
    @usableFromInline let _coordinates: [Coordinate]
    /// The input index of each slot; empty when every slot is its own index (a renumbered tree).
    @usableFromInline let _indices: [Int32]
    /// Bounding box of the `Float` vectors of node `i`'s slots, for every node (`2^(depth+1) - 1`, internal nodes
    /// then leaves, in the implicit order): low x, y, z, then high x, y, z at `6 i ..< 6 i + 6`. Each face is a
    /// stored component, so every slot's vector lies inside its nodes' boxes exactly.
    @usableFromInline let _boxes: [Float]
    /// The leaves of one repeated coordinate, grouped, their points in tie order (see ``_Stacks``).
    @usableFromInline let _stacks: _Stacks

    /// Number of levels of internal nodes; leaves sit at this depth (0 for a tree of at most
    /// ``leafCapacity`` points).
    public let depth: Int

    /// The most points a leaf of this tree holds: ``leafCapacity`` unless the build asked for larger leaves (log
    /// segments: see ``init(prepared:threads:leafCapacity:)``).
    public let maximumLeafSize: Int

    /// The number of points.
    @inlinable public var count: Int { _coordinates.count }

    /// Whether the tree holds no point.
    @inlinable public var isEmpty: Bool { _coordinates.isEmpty }

    /// The coordinate of the point given at `index` in the build input.
    ///
    /// - Complexity: O(n) (the tree keeps no inverse permutation); meant for tests and diagnostics.
    public func coordinate(ofInputIndex index: Int) -> Coordinate? {
        guard !_indices.isEmpty else { return index >= 0 && index < count ? _coordinates[index] : nil }
        return _indices.firstIndex(of: Int32(truncatingIfNeeded: index)).map { _coordinates[$0] }
    }

    /// The input index of slot `slot` (`indices`: ``_indices``' buffer, empty for the identity).
    @inlinable @inline(__always)
    static func _index(ofSlot slot: Int, _ indices: UnsafeBufferPointer<Int32>) -> Int {
        indices.isEmpty ? slot : Int(indices[slot])
    }
}

extension KDTree {
    /// The slot range `[lower, upper)` of node `node` at depth `level`, for `count` points.
    @inlinable @inline(__always)
    static func _range(node: Int, level: Int, count: Int) -> (lower: Int, upper: Int) {
        let position = node - ((1 << level) - 1)
        return ((position &* count) >> level, ((position &+ 1) &* count) >> level)
    }

    /// The depth of node `node` in the implicit layout.
    @inlinable @inline(__always)
    static func _level(ofNode node: Int) -> Int {
        Int.bitWidth - 1 - (node &+ 1).leadingZeroBitCount
    }

    /// The smallest depth whose leaves hold at most ``leafCapacity`` of `count` points.
    static func _depth(forCount count: Int, leafCapacity: Int = KDTree.leafCapacity) -> Int {
        var depth = 0
        while (count + (1 << depth) - 1) >> depth > leafCapacity { depth += 1 }
        return depth
    }

    /// A squared chord bound widened so that rounding can never prune a point whose haversine distance ties
    /// with or beats the bound's: the `Float` storage (each estimated chord within 1.04e-7 of the exact one, so
    /// two estimates compare within 2.08e-7), the haversine and chord arithmetic (~1e-15 relative) and the 1 µm
    /// tie resolution (1.6e-13 on the chord): + 1e-9 relative and + 2.5e-7 absolute on the chord (1.6 m).
    @inlinable @inline(__always)
    static func _widened(chordSquared: Double) -> Double {
        if chordSquared >= 4 { return .infinity }
        let chord = chordSquared.squareRoot() * (1 + 1e-9) + 2.5e-7
        return chord * chord
    }
}
