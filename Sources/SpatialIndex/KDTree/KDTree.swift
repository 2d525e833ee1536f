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
/// ``leafCapacity``/2 and ``leafCapacity`` points. Per point, in tree order: the unit vector rounded to `Float`
/// (3 × 4 bytes, interleaved; read while scanning leaves) and one 32-byte record (coordinate, cos(latitude),
/// input index; read only for candidates, one cache line at most): 44 bytes, plus about 0.4 byte of split data;
/// no per-node pointers.
///
/// Pruning with `Float` vectors: each stored component is within 2^-25 of the exact one, so an estimated chord
/// is within 1.04e-7 (0.66 m on the Earth) of the exact chord; every bound is widened by twice that
/// (`_widened`), so rounding can only add candidates, which are then ranked by their exact haversine distance.
///
/// The tree is immutable and `Sendable`; build a new one to change the point set.
public struct KDTree: Sendable {
    /// The most points a leaf holds.
    public static let leafCapacity = 16

    /// Unit vectors rounded to `Float`, in tree order, interleaved: `x, y, z` of slot `s` at `3s ..< 3s + 3`.
    @usableFromInline let _vectors: [Float]

    /// Coordinate, cos(latitude) and input index of each slot, in tree order.
    @usableFromInline let _records: [_Record]
    /// Split value of internal node `i` (`2^depth - 1` nodes): slots of the left child have a value `<=` it
    /// along ``_splitDimensions``[i], slots of the right child `>=` it.
    @usableFromInline let _splitValues: [Float]
    /// Split axis (0 = x, 1 = y, 2 = z) of internal node `i`.
    @usableFromInline let _splitDimensions: [UInt8]

    /// Number of levels of internal nodes; leaves sit at this depth (0 for a tree of at most
    /// ``leafCapacity`` points).
    public let depth: Int

    /// The number of points.
    public var count: Int { _records.count }

    /// Whether the tree holds no point.
    public var isEmpty: Bool { _records.isEmpty }

    /// The coordinate of the point given at `index` in the build input.
    ///
    /// - Complexity: O(n) (the tree keeps no inverse permutation); meant for tests and diagnostics.
    public func coordinate(ofInputIndex index: Int) -> Coordinate? {
        _records.first(where: { Int($0.index) == index })?.coordinate
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

/// What a candidate needs once its chord passed: 32 bytes, so one cache line at most.
@usableFromInline
struct _Record: Sendable {
    /// The point, as given.
    @usableFromInline let coordinate: Coordinate
    /// cos(latitude) exactly as the haversine formula computes it (0 at the poles).
    @usableFromInline let cosPhi: Double
    /// The point's index in the build input.
    @usableFromInline let index: Int32

    @inlinable
    init(coordinate: Coordinate, cosPhi: Double, index: Int32) {
        self.coordinate = coordinate
        self.cosPhi = cosPhi
        self.index = index
    }
}
