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
    @inlinable
    public static func tieKey(forDistanceMeters distanceMeters: Double) -> Int64 {
        Int64((distanceMeters / 1e-6).rounded(.toNearestOrEven))
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

extension KDTree {
    /// Sorts neighbours by (1 µm key, id order) and keeps at most `limit` of them.
    @inlinable
    static func _sortAndCut(
        _ neighbors: inout [Neighbor], limit: Int, orderedBefore: (Int, Int) -> Bool
    ) {
        neighbors.sort { a, b in
            let keyA = a.tieKey, keyB = b.tieKey
            if keyA != keyB { return keyA < keyB }
            return orderedBefore(a.index, b.index)
        }
        if neighbors.count > limit { neighbors.removeSubrange(limit...) }
    }
}
