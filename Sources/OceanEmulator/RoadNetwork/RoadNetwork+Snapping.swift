import Foundation

/// A uniform latitude/longitude grid over the network's nodes, so snapping a point costs O(nodes per cell) instead of
/// O(nodes). Exact: same answer as the brute-force scan (see `SnappingTests`), which it falls back to for points
/// outside the grid.
struct NodeGrid: Sendable {
    private let minLatitude: Double
    private let minLongitude: Double
    private let cellDegrees: Double
    private let rows: Int
    private let columns: Int
    private let cells: [[Int]]
    /// A lower bound of the distance spanned by one cell, metres (latitude and longitude directions, the latter at
    /// the grid's highest latitude, with a 10% margin for great circle vs parallel).
    private let minimumCellMeters: Double

    init?(nodes: [RoadNetwork.Node], cellDegrees: Double = 0.01) {
        guard let first = nodes.first else { return nil }
        var minLat = first.latitude, maxLat = first.latitude, minLon = first.longitude, maxLon = first.longitude
        for node in nodes {
            minLat = min(minLat, node.latitude)
            maxLat = max(maxLat, node.latitude)
            minLon = min(minLon, node.longitude)
            maxLon = max(maxLon, node.longitude)
        }
        let rows = Int((maxLat - minLat) / cellDegrees) + 1
        let columns = Int((maxLon - minLon) / cellDegrees) + 1
        // A network spanning the antimeridian, reaching the poles or too large to grid: scan instead.
        guard maxLon - minLon < 180, max(abs(minLat), abs(maxLat)) < 85, rows * columns <= 4_000_000 else { return nil }
        var cells = Array(repeating: [Int](), count: rows * columns)
        for (index, node) in nodes.enumerated() {
            let row = Int((node.latitude - minLat) / cellDegrees)
            let column = Int((node.longitude - minLon) / cellDegrees)
            cells[row * columns + column].append(index)
        }
        self.minLatitude = minLat
        self.minLongitude = minLon
        self.cellDegrees = cellDegrees
        self.rows = rows
        self.columns = columns
        self.cells = cells
        let metersPerDegree = Haversine.earthRadiusMeters * .pi / 180
        let highestLatitude = max(abs(minLat), abs(maxLat)) * .pi / 180
        self.minimumCellMeters = 0.9 * cellDegrees * metersPerDegree * min(1, cos(highestLatitude))
    }

    /// The nearest node by ring search, or nil when the point lies outside the grid (caller scans).
    func nearest(
        latitude: Double, longitude: Double, nodes: [RoadNetwork.Node]
    ) -> (index: Int, distanceMeters: Double)? {
        let rowPosition = (latitude - minLatitude) / cellDegrees
        let columnPosition = (longitude - minLongitude) / cellDegrees
        guard rowPosition >= 0, columnPosition >= 0, rowPosition < Double(rows), columnPosition < Double(columns) else {
            return nil
        }
        let row = Int(rowPosition), column = Int(columnPosition)
        var best: (index: Int, distanceMeters: Double)?
        for ring in 0...max(rows, columns) {
            for r in (row - ring)...(row + ring) where r >= 0 && r < rows {
                let onEdgeRow = r == row - ring || r == row + ring
                let step = onEdgeRow ? 1 : max(1, 2 * ring)
                for c in stride(from: column - ring, through: column + ring, by: step) where c >= 0 && c < columns {
                    for index in cells[r * columns + c] {
                        let node = nodes[index]
                        let d = Haversine.distanceMeters(
                            latitude1: latitude, longitude1: longitude, latitude2: node.latitude, longitude2: node.longitude
                        )
                        if best == nil || (d, index) < (best!.distanceMeters, best!.index) { best = (index, d) }
                    }
                }
            }
            // Anything beyond this ring is at least `ring` whole cells away.
            if let best, best.distanceMeters <= Double(ring) * minimumCellMeters { return best }
        }
        return best
    }
}
