import Geo

/// A static k-d tree over points of the sphere, for exact great-circle k-nearest and within-radius queries.
///
/// Points are stored as 3-D unit vectors (``Geo/UnitVector``): the chord between two unit vectors grows
/// monotonically with their great-circle distance, so the poles and the antimeridian need no special case.
/// The chord only *prunes*; every reported distance is the haversine distance of record,
/// ``Geo/Coordinate/distance(to:)`` (metres on R = 6 371 008.8 m), computed from the stored coordinate, and
/// results are ranked exactly as a brute-force scan would rank them (see ``Neighbor`` for the order).
///
/// Layout: an implicit, perfectly balanced tree (node `i` has children `2i + 1` and `2i + 2`) of depth
/// ``depth``; leaf `j` holds the points of slots `[j·n >> depth, (j+1)·n >> depth)`, between
/// ``leafCapacity``/2 and ``leafCapacity`` points. Per point, in tree order: the unit vector and cos(latitude)
/// (4 × `Double`, interleaved: one 32-byte block), the coordinate (2 × `Double`) and the input index (`Int32`):
/// 52 bytes plus about 1 byte of split data; no per-node pointers.
///
/// The tree is immutable and `Sendable`; build a new one to change the point set.
public struct KDTree: Sendable {
    /// The most points a leaf holds.
    public static let leafCapacity = 12

    /// Unit vectors and latitude cosines in tree order, interleaved: `x, y, z, cos φ` of slot `s` at
    /// `4s ..< 4s + 4`.
    @usableFromInline let _vectors: [Double]
    /// The coordinates, in tree order.
    @usableFromInline let _coordinates: [Coordinate]
    /// For each slot, the index of its point in the build input.
    @usableFromInline let _indices: [Int32]
    /// Split value of internal node `i` (`2^depth - 1` nodes): slots of the left child have a value `<=` it
    /// along ``_splitDimensions``[i], slots of the right child `>=` it.
    @usableFromInline let _splitValues: [Double]
    /// Split axis (0 = x, 1 = y, 2 = z) of internal node `i`.
    @usableFromInline let _splitDimensions: [UInt8]

    /// Number of levels of internal nodes; leaves sit at this depth (0 for a tree of at most
    /// ``leafCapacity`` points).
    public let depth: Int

    /// The number of points.
    public var count: Int { _coordinates.count }

    /// Whether the tree holds no point.
    public var isEmpty: Bool { _coordinates.isEmpty }

    /// The coordinate of the point given at `index` in the build input.
    ///
    /// - Complexity: O(n) (the tree keeps no inverse permutation); meant for tests and diagnostics.
    public func coordinate(ofInputIndex index: Int) -> Coordinate? {
        guard let slot = _indices.firstIndex(of: Int32(truncatingIfNeeded: index)) else { return nil }
        return _coordinates[slot]
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
    static func _depth(forCount count: Int) -> Int {
        var depth = 0
        while (count + (1 << depth) - 1) >> depth > leafCapacity { depth += 1 }
        return depth
    }

    /// A squared chord bound widened so that rounding (chord vs haversine, 1 µm tie resolution) can never prune
    /// a point whose haversine distance ties with or beats the bound's: + 1e-9 relative and + 1e-11 absolute
    /// on the chord (about 64 µm on the Earth).
    @inlinable @inline(__always)
    static func _widened(chordSquared: Double) -> Double {
        if chordSquared >= 4 { return .infinity }
        let chord = chordSquared.squareRoot() * (1 + 1e-9) + 1e-11
        return chord * chord
    }
}
