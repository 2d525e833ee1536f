import Foundation
import Geo
import SpatialIndex

/// A k-d tree over the log positions `start ..< start + isUpsert.count` (removals at a dummy coordinate,
/// excluded through `isUpsert`), so that a query searches a long log in O(log) per segment instead of scanning it.
/// Built outside the lock by the writer that filled ``FleetIndex/Configuration/logSegmentSize`` entries.
final class LogSegment: Sendable {
    let start: Int
    let tree: KDTree
    let isUpsert: [Bool]
    /// Per node of ``tree``, the OR of its entries' attribute words (``LogAttributeWord``; 0 for a removal): a
    /// filtered search skips the subtrees where no entry can pass.
    let summaries: [UInt64]

    /// The number of log positions covered.
    var count: Int { isUpsert.count }

    /// The segment tree's ``KDTree/forEach(within:of:where:_:)``, called on the stored tree: a caller writing
    /// `segment.tree.forEach` copied the tree value first (a retain and a release of each of its arrays, a query
    /// over a log at the rebuild threshold paid ~450 instructions for it).
    @inline(__always)
    func forEach(
        within radiusMeters: Double, of query: KDTree.QueryPoint, where isIncluded: (Int) -> Bool,
        _ body: (KDTree.Neighbor) -> Void
    ) {
        tree.forEach(within: radiusMeters, of: query, where: isIncluded, body)
    }

    /// The segment tree's ``KDTree/forEachIndex(within:of:where:_:)``, on the stored tree.
    @inline(__always)
    func forEachIndex(
        within radiusMeters: Double, of query: KDTree.QueryPoint, where isIncluded: (Int) -> Bool,
        _ body: (Int) -> Void
    ) {
        tree.forEachIndex(within: radiusMeters, of: query, where: isIncluded, body)
    }

    /// The segment tree's ``KDTree/forEachWhile(within:of:where:_:)``, on the stored tree.
    @inline(__always)
    func forEachWhile(
        within radiusMeters: Double, of query: KDTree.QueryPoint, where isIncluded: (Int) -> Bool,
        requiring requirements: (UInt64, UInt64, UInt64, UInt64)? = nil, _ body: (KDTree.Neighbor) -> Bool
    ) {
        tree.forEachWhile(within: radiusMeters, of: query, where: isIncluded, subtrees: subtrees(requirements), body)
    }

    /// The segment tree's ``KDTree/nearest(_:to:within:where:orderedBefore:)``, on the stored tree.
    @inline(__always)
    func nearest(
        _ k: Int, to query: KDTree.QueryPoint, within maxDistanceMeters: Double, where isIncluded: (Int) -> Bool,
        orderedBefore: (Int, Int) -> Bool, requiring requirements: (UInt64, UInt64, UInt64, UInt64)? = nil
    ) -> [KDTree.Neighbor] {
        tree.nearest(k, to: query, within: maxDistanceMeters, where: isIncluded, orderedBefore: orderedBefore,
                     subtrees: subtrees(requirements))
    }

    /// The subtree filter of a filter's log requirements (``CompiledFilter/requirements``) on this segment.
    @inline(__always)
    func subtrees(_ requirements: (UInt64, UInt64, UInt64, UInt64)?) -> KDTree.SubtreeFilter? {
        requirements.map { KDTree.SubtreeFilter(summaries: summaries, requirements: $0) }
    }

    /// The most points a leaf of a segment's tree holds: 64, not the base's 16. Two levels fewer: a segment is
    /// built for every 512 log entries and rebuilt at each merge, and every query descends each segment from a
    /// cold root; with 64, batch upserts at 1M were 11 % faster and kNN over a full log 7 % (A/B, Benchmarks/README
    /// section 2; 128 was no better).
    static let leafCapacity = 64

    /// Below this log growth (entries per second since the last segment claim) a writer merges eagerly
    /// (``ShardState/nextSegment(size:eager:)``): fewer segments for each query to search, more indexing for a
    /// writer that has the time. Paced at 200 000/s on 1M vehicles, kNN during ingest went from 4.88-5.31 to
    /// 4.58-5.06 µs (3 interleaved pairs, Benchmarks/README section 2); a flood (a batch of a million, ~2M/s)
    /// keeps the binary counter's cost.
    static let eagerMergeRate = 500_000.0
    /// How much larger than itself a segment merged eagerly may absorb (see ``eagerMergeRate``).
    static let eagerMergeFactor = 3

    /// The coordinate stored for a removal (never reported: `isUpsert` excludes it).
    static let placeholder = try! Coordinate(latitude: 0, longitude: 0)
    /// Its prepared form (what the segment's tree stores for a removal).
    static let preparedPlaceholder = KDTree.PreparedPoint(placeholder)

    /// `segment` over the log positions `offset` lower (a rebuild's fresh log, see
    /// ``ShardState/adoptSegments(_:offset:)``): the same tree and flags.
    init(rebasing segment: LogSegment, by offset: Int) {
        start = segment.start - offset
        tree = segment.tree
        isUpsert = segment.isUpsert
        summaries = segment.summaries
    }

    /// Indexes log positions `start ..< end` of `snapshot`, reading the chunks' coordinates and vectors
    /// (no entry is copied, no trigonometry), a chunk at a time: one chunk look-up (and retain) per chunk, not per
    /// entry.
    init(start: Int, end: Int, of snapshot: ShardSnapshot) {
        self.start = start
        var isUpsert: [Bool] = []
        var points: [KDTree.PreparedPoint] = []
        var words: [UInt64] = []
        isUpsert.reserveCapacity(end - start)
        points.reserveCapacity(end - start)
        words.reserveCapacity(end - start)
        let placeholder = Self.preparedPlaceholder
        var position = start
        while position < end {
            let (index, first) = LogChunk.locate(position)
            let chunk = snapshot.chunks[index]
            let last = Swift.min(LogChunk.capacity(ofChunk: index), first + (end - position))
            for slot in first..<last {
                let upsert = !chunk.vectors[3 * slot].isNaN
                isUpsert.append(upsert)
                points.append(upsert ? chunk.preparedPoint(slot) : placeholder)
                words.append(chunk.words[slot])
            }
            position += last - first
        }
        self.isUpsert = isUpsert
        tree = KDTree(prepared: points, leafCapacity: Self.leafCapacity)
        summaries = tree.subtreeSummaries { words[$0] }
    }
}
