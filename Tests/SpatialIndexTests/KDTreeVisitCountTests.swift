import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// How much of the tree a k-nearest search visits, against what any exact search must visit.
///
/// Reference: a leaf must be scanned by every exact search whose bounds come from the data when the smallest
/// possible squared chord from the query to the leaf's points' bounding box (computed here from the points' exact
/// unit vectors, independently of the tree's own bounds) is below the final k-th squared chord — an ideal
/// best-first search visits exactly those leaves. The smallest chord to the box's part *on the sphere* (the points
/// are unit vectors) is at least `2 − 2 max q·x` over the box as well as the Euclidean distance to the box: the larger
/// of the two is the reference (a box reaching inside the ball measures short to a far query by its depth below the
/// sphere). Ours is best-first on the tree's own (rounded, `Float`) boxes, so it may scan a few more; far queries
/// (the k-th neighbour thousands of kilometres away) are where loose subtree bounds make it scan many more.
@Suite struct KDTreeVisitCountTests {
    /// The leaves whose points' bounding box lies within `kthChordSquared` of `query`.
    func necessaryLeaves(_ tree: KDTree, query: Coordinate, kthChordSquared: Double) -> Int {
        let q = UnitVector(query)
        let firstLeaf = (1 << tree.depth) - 1
        var necessary = 0
        for leaf in firstLeaf..<(firstLeaf + (1 << tree.depth)) {
            let (lower, upper) = KDTree._range(node: leaf, level: tree.depth, count: tree.count)
            var low = [Double](repeating: .infinity, count: 3), high = [Double](repeating: -.infinity, count: 3)
            for slot in lower..<upper {
                let v = UnitVector(tree.coordinate(atSlot: slot))
                for (axis, value) in [v.x, v.y, v.z].enumerated() {
                    low[axis] = Swift.min(low[axis], value)
                    high[axis] = Swift.max(high[axis], value)
                }
            }
            var boxChordSquared = 0.0, largestDot = 0.0
            for (axis, value) in [q.x, q.y, q.z].enumerated() {
                let gap = Swift.max(0, low[axis] - value, value - high[axis])
                boxChordSquared += gap * gap
                largestDot += Swift.max(low[axis] * value, high[axis] * value)
            }
            if Swift.max(boxChordSquared, 2 - 2 * largestDot) < kthChordSquared { necessary += 1 }
        }
        return necessary
    }

    /// Far queries and cluster queries on a fleet on one continent, and on a sparse fleet: the leaves scanned stay
    /// within 2x + 4 of the necessary ones, the internal nodes entered within (depth + 1) times that, and the
    /// answers equal the brute-force oracle's.
    @Test(arguments: ["continent", "sparse", "clustered"])
    func searchVisitsFewMoreLeavesThanNecessary(fleetName: String) {
        let seed = testSeed(default: 0xFA7_0001)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: 20_000, &generator)
        let tree = KDTree(points)
        let far = Fleets.farQueries(for: points, count: 24, &generator)
        let near = Fleets.queries(for: points, count: 12, &generator)
        var totals = (necessary: 0, leaves: 0, internalNodes: 0)
        for (number, query) in (far + near).enumerated() {
            for k in [1, 10] {
                let (neighbors, internalNodes, leaves) = tree._nearestCountingVisits(k, to: query)
                let want = BruteForce.nearest(k, points, query: query)
                #expect(neighbors.map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) } == want,
                        "\(fleetName) q#\(number) \(query) k=\(k) \(seedNote(seed))")
                let kthChord = UnitVector.chordLength(forDistanceMeters: want.last!.distanceMeters)
                let necessary = necessaryLeaves(tree, query: query, kthChordSquared: kthChord * kthChord)
                #expect(leaves <= 2 * necessary + 4,
                        "\(fleetName) q#\(number) \(query) k=\(k): \(leaves) leaves scanned, \(necessary) necessary")
                #expect(internalNodes <= (tree.depth + 1) * (2 * necessary + 4),
                        "\(fleetName) q#\(number) \(query) k=\(k): \(internalNodes) internal nodes, \(necessary) leaves necessary")
                totals.necessary += necessary
                totals.leaves += leaves
                totals.internalNodes += internalNodes
            }
        }
        print("visits \(fleetName): necessary leaves \(totals.necessary), scanned \(totals.leaves), internal nodes \(totals.internalNodes) over \(2 * (far.count + near.count)) searches")
    }
}
