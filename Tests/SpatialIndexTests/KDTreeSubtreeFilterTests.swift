import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// Filtered k-nearest searches with subtree summaries (``KDTree/SubtreeFilter``): the answers against the
/// brute-force oracle, and the leaves scanned against a search that only has the predicate.
///
/// Each point gets a colour (a bit); the filter includes the points of some colours. A rare colour parked in one
/// city and queried from elsewhere is the case the summaries are for: with the predicate alone the search scans
/// every leaf between the query and that city.
@Suite struct KDTreeSubtreeFilterTests {
    /// 20 000 points on one continent (Europe's cities and a rural spread): 0.5 % of colour 1 within ~20 km of Lyon,
    /// 5 % of colour 2 everywhere, the rest colour 0 (bits 1 << colour).
    static func fleet(_ generator: inout SplitMix64) -> (points: [Coordinate], colours: [Int]) {
        let depot = try! Coordinate(latitude: 45.76, longitude: 4.84)
        var points = Fleets.named("continent", count: 19_900, &generator)
        var colours = points.map { _ in Int.random(in: 0..<20, using: &generator) == 0 ? 2 : 0 }
        for _ in 0..<100 {
            points.append(Fleets.near(depot, spreadDegrees: 0.2, &generator))
            colours.append(1)
        }
        return (points, colours)
    }

    /// ``fleet(_:)`` from `seed`, its tree, `near` queries among the points then `far` ones away from them, and for
    /// each colour set the oracle tests try ({1}, {2}, {1, 2}, {0}): its subtree filter and its predicate.
    static func colourFilters(seed: UInt64, near: Int, far: Int) -> (
        points: [Coordinate], tree: KDTree, queries: [Coordinate],
        filters: [(wanted: [Int], filter: KDTree.SubtreeFilter, included: (Int) -> Bool)]
    ) {
        var generator = SplitMix64(seed: seed)
        let (points, colours) = fleet(&generator)
        let tree = KDTree(points)
        let summaries = tree.subtreeSummaries { UInt64(1) << UInt64(colours[$0]) }
        let queries = Fleets.queries(for: points, count: near, &generator)
            + Fleets.farQueries(for: points, count: far, &generator)
        let filters = [[1], [2], [1, 2], [0]].map { wanted in
            let mask = wanted.reduce(UInt64(0)) { $0 | UInt64(1) << UInt64($1) }
            return (wanted: wanted, filter: KDTree.SubtreeFilter(summaries: summaries, requiringAnyOf: [mask]),
                    included: { (index: Int) in wanted.contains(colours[index]) })
        }
        return (points, tree, queries, filters)
    }

    @Test func summariesAreTheOrOfEachSubtree() {
        var generator = SplitMix64(seed: testSeed(default: 0x5_0B7))
        let (points, colours) = Self.fleet(&generator)
        let tree = KDTree(points)
        let summaries = tree.subtreeSummaries { UInt64(1) << UInt64(colours[$0]) }
        #expect(summaries.count == (1 << (tree.depth + 1)) - 1)
        // Independently: each leaf's points by their coordinates' input indices, then each node from its leaves.
        let firstLeaf = (1 << tree.depth) - 1
        for leaf in firstLeaf..<summaries.count {
            let (lower, upper) = KDTree._range(node: leaf, level: tree.depth, count: tree.count)
            var want: UInt64 = 0
            for slot in lower..<upper {
                want |= UInt64(1) << UInt64(colours[tree._indices.isEmpty ? slot : Int(tree._indices[slot])])
            }
            #expect(summaries[leaf] == want, "leaf \(leaf)")
        }
        #expect(summaries[0] == 0b111)
    }

    /// Colour sets {1}, {2}, {1, 2} and {0}, queries far from the depot and near it, k 1-40: the same answers as
    /// brute force, with the filter and without it.
    @Test func filteredSearchesMatchTheOracle() {
        let seed = testSeed(default: 0x5_0B8)
        let (points, tree, queries, filters) = Self.colourFilters(seed: seed, near: 16, far: 8)
        for (wanted, filter, included) in filters {
            for (number, query) in queries.enumerated() {
                for k in [1, 10, 40] {
                    let want = BruteForce.nearest(k, points, query: query, included: included)
                    let got = tree._nearestCountingVisits(k, to: query, where: included, subtrees: filter).neighbors
                    #expect(got.map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) } == want,
                            "colours \(wanted) q#\(number) \(query) k=\(k) \(seedNote(seed))")
                }
            }
        }
    }

    /// Radius searches (`forEachWhile`) with the summaries: every hit of brute force, for the same colour sets and
    /// radii from 0 to the whole Earth.
    @Test func filteredRadiusSearchesMatchTheOracle() {
        let seed = testSeed(default: 0x5_0BA)
        let (points, tree, queries, filters) = Self.colourFilters(seed: seed, near: 12, far: 6)
        for (wanted, filter, included) in filters {
            for (number, query) in queries.enumerated() {
                for radius in [0.0, 20_000, 500_000, 2.1e7] {
                    var got: [BruteForce.Hit] = []
                    tree.forEachWhile(within: radius, of: KDTree.QueryPoint(query), where: included,
                                      subtrees: filter) { neighbor in
                        got.append(BruteForce.Hit(id: neighbor.index, distanceMeters: neighbor.distanceMeters))
                        return true
                    }
                    let want = BruteForce.within(radius, points, query: query, included: included)
                    #expect(Set(got) == Set(want) && got.count == want.count,
                            "colours \(wanted) q#\(number) \(query) radius \(radius) \(seedNote(seed))")
                }
            }
        }
    }

    /// The rare colour queried from the cities around Lyon: with the summaries a search scans at most the leaves
    /// that hold the colour plus two; with the predicate alone, every leaf of the cities in between (hundreds).
    @Test func rareColourFarAwayScansFewLeaves() {
        let seed = testSeed(default: 0x5_0B9)
        var generator = SplitMix64(seed: seed)
        let (points, colours) = Self.fleet(&generator)
        let tree = KDTree(points)
        let summaries = tree.subtreeSummaries { UInt64(1) << UInt64(colours[$0]) }
        let filter = KDTree.SubtreeFilter(summaries: summaries, requiringAnyOf: [0b10])
        let included = { (index: Int) in colours[index] == 1 }
        let leavesHoldingColour = Set((0..<tree.count).filter { slot in
            colours[tree._indices.isEmpty ? slot : Int(tree._indices[slot])] == 1
        }.map { slot in (0..<(1 << tree.depth)).first { leaf in
            let range = KDTree._range(node: (1 << tree.depth) - 1 + leaf, level: tree.depth, count: tree.count)
            return range.lower <= slot && slot < range.upper
        }! }).count
        let cities = [(48.86, 2.35), (51.51, -0.13), (52.52, 13.40), (40.42, -3.70)]
        for query in cities.map({ try! Coordinate(latitude: $0.0, longitude: $0.1) }) {
            let filtered = tree._nearestCountingVisits(10, to: query, where: included, subtrees: filter)
            let plain = tree._nearestCountingVisits(10, to: query, where: included)
            #expect(filtered.neighbors == plain.neighbors, "\(query)")
            #expect(filtered.leaves <= leavesHoldingColour + 2, "\(query): \(filtered.leaves) leaves scanned")
            #expect(plain.leaves > 100, "\(query): the predicate alone scanned \(plain.leaves)")
        }
    }
}
