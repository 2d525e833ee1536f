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

    /// The number of log positions covered.
    var count: Int { isUpsert.count }

    /// The coordinate stored for a removal (never reported: `isUpsert` excludes it).
    static let placeholder = try! Coordinate(latitude: 0, longitude: 0)

    /// Indexes log positions `start ..< end` of `snapshot`, reading the chunks' coordinates (no entry is copied).
    init(start: Int, end: Int, of snapshot: ShardSnapshot) {
        self.start = start
        var isUpsert: [Bool] = []
        var coordinates: [Coordinate] = []
        isUpsert.reserveCapacity(end - start)
        coordinates.reserveCapacity(end - start)
        for position in start..<end {
            let (index, slot) = LogChunk.locate(position)
            let chunk = snapshot.chunks[index]
            isUpsert.append(!chunk.vectors[3 * slot].isNaN)
            coordinates.append(chunk.coordinates[slot])
        }
        self.isUpsert = isUpsert
        tree = KDTree(coordinates)
    }
}
