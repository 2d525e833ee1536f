import Foundation
import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// Stacks: leaves whose points all share one coordinate (a depot, null island) are grouped at build, their points
/// put in the build's tie order, so that a k-nearest search takes the first `k` included points of a stack instead
/// of ranking every one of them. Reference: the brute-force oracle, with the same filter and tie order.
@Suite struct KDTreeStackTests {
    /// Depots of 2 to 735 vehicles (one at null island, one at the north pole, one at the antimeridian), vehicles
    /// a few metres to kilometres around them (so a depot is often at the k-th place), and a uniform spread; the
    /// whole set shuffled, so input order is unrelated to place.
    static func depotFleet(_ generator: inout SplitMix64) -> (points: [Coordinate], depots: [Coordinate]) {
        let depots = [(0.0, 0.0), (90.0, 0.0), (48.8566, 2.3522), (-33.9, 151.2), (10.0, 180.0), (52.0, 13.0)]
            .map { try! Coordinate(latitude: $0.0, longitude: $0.1) }
        let sizes = [735, 40, 200, 17, 2, 64]
        var points: [Coordinate] = []
        for (depot, size) in zip(depots, sizes) {
            points += Array(repeating: depot, count: size)
            for _ in 0..<60 { points.append(Fleets.near(depot, spreadDegrees: 0.0002, &generator)) }
            for _ in 0..<60 { points.append(Fleets.near(depot, spreadDegrees: 0.05, &generator)) }
        }
        for _ in 0..<3_000 { points.append(Fleets.uniform(&generator)) }
        points.shuffle(using: &generator)
        return (points, depots)
    }

    /// The depots themselves, points around them and random points.
    static func queries(around depots: [Coordinate], _ generator: inout SplitMix64) -> [Coordinate] {
        var queries = depots
        for depot in depots {
            for spread in [0.00001, 0.0003, 0.01, 0.2] { queries.append(Fleets.near(depot, spreadDegrees: spread, &generator)) }
        }
        for _ in 0..<10 { queries.append(Fleets.uniform(&generator)) }
        return queries
    }

    static let filters: [(name: String, isIncluded: @Sendable (Int) -> Bool)] = [
        ("all", { _ in true }),
        ("two in three", { $0 % 3 != 0 }),
        ("hashed half", { index in (UInt64(index) &* 0x9E37_79B9_7F4A_7C15) >> 63 == 0 }),
        ("low indices out", { $0 >= 2_000 }),
    ]

    func hits(_ neighbors: [KDTree.Neighbor]) -> [BruteForce.Hit] {
        neighbors.map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) }
    }

    /// The default order (input index): stacks are taken in it; a caller's own order (here the reverse) cannot use
    /// them and ranks every tied point. Both equal brute force for every filter and k.
    @Test func nearestAmongDepotsMatchesBruteForce() {
        let seed = testSeed(default: 0x57AC_0001)
        var generator = SplitMix64(seed: seed)
        let (points, depots) = Self.depotFleet(&generator)
        let tree = KDTree(points)
        #expect(tree._stackCount >= 4, "the large depots fill whole leaves \(seedNote(seed))")
        #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
        for query in Self.queries(around: depots, &generator) {
            for (name, isIncluded) in Self.filters {
                for k in [1, 3, 10, 41, 300, 1_000] {
                    let want = BruteForce.ranked(points, query: query, included: isIncluded)
                    #expect(hits(tree.nearest(k, to: query, where: isIncluded)) == Array(want.prefix(k)),
                            "\(query) \(name) k=\(k) \(seedNote(seed))")
                    let reversed = BruteForce.ranked(points, query: query, included: isIncluded, idOrder: (>))
                    #expect(hits(tree.nearest(k, to: query, where: isIncluded, orderedBefore: >))
                            == Array(reversed.prefix(k)), "\(query) \(name) k=\(k) reversed \(seedNote(seed))")
                }
            }
        }
    }

    /// Hundreds of vehicles reported at each pole, each with its own longitude (the 1M peer fleet has 259 and 245):
    /// one place, so a pole query ties them all at 0 m and takes the smallest ids; nearby queries tie them at one
    /// distance. Against brute force, k-nearest and within, pole and polar queries.
    @Test func vehiclesAtThePolesWithTheirOwnLongitudesMatchBruteForce() throws {
        let seed = testSeed(default: 0x57AC_0090)
        var generator = SplitMix64(seed: seed)
        var points: [Coordinate] = []
        for pole in [90.0, -90.0] {
            for _ in 0..<300 {
                points.append(try Coordinate(latitude: pole, longitude: Double(generator.next() % 3_600_001) / 10_000 - 180))
            }
            for _ in 0..<200 { points.append(Fleets.near(try Coordinate(latitude: pole, longitude: 0), spreadDegrees: 0.5, &generator)) }
        }
        for _ in 0..<2_000 { points.append(Fleets.uniform(&generator)) }
        points.shuffle(using: &generator)
        let tree = KDTree(points)
        #expect(tree._stackCount >= 2, "the pole leaves are stacks \(seedNote(seed))")
        #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
        // Each slot keeps its own vehicle's coordinate (a pole stack's coordinates moved with its indices).
        for (index, point) in points.enumerated() {
            #expect(tree.coordinate(ofInputIndex: index).map { ($0.latitude, $0.longitude) } ?? (.nan, .nan)
                    == (point.latitude, point.longitude), "index \(index)")
        }
        let reversedTree = KDTree(prepared: points.map { KDTree.PreparedPoint($0) }, orderingTiesBy: >)
        let count = UInt64(points.count)
        var queries = [try Coordinate(latitude: 90, longitude: 0), try Coordinate(latitude: -90, longitude: 123.4567),
                       try Coordinate(latitude: 90, longitude: -180)]
        for _ in 0..<12 {
            let north = generator.next() % 2 == 0
            let offset = [1e-7, 0.001, 0.3, 2.0][Int(generator.next() % 4)]
            queries.append(try Coordinate(latitude: north ? 90 - offset : -90 + offset,
                                          longitude: Double(generator.next() % 360_001) / 1_000 - 180))
        }
        for query in queries {
            let want = BruteForce.ranked(points, query: query)
            let reversed = BruteForce.ranked(points, query: query, idOrder: (>))
            for k in [1, 10, 299, 301, 650] {
                #expect(hits(tree.nearest(k, to: query)) == Array(want.prefix(k)), "\(query) k=\(k) \(seedNote(seed))")
                let got = reversedTree.nearest(k, to: KDTree.QueryPoint(query), where: { _ in true }, orderedBefore: >,
                                               tieRank: { count - UInt64($0) }, tiesInBuildOrder: true)
                #expect(hits(got) == Array(reversed.prefix(k)), "\(query) k=\(k) reversed \(seedNote(seed))")
            }
            for radius in [0.0, 1.0, 50_000] {
                let got = tree.within(radius, of: query).map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) }
                #expect(got == want.filter { $0.distanceMeters <= radius }, "\(query) r=\(radius) \(seedNote(seed))")
            }
        }
    }

    /// A tree built with its own tie order (here the reverse of input order, as an index orders by id) and
    /// queried in that order with a consistent tie rank: brute force in the same order.
    @Test func buildOrderIsTheQueryOrder() {
        let seed = testSeed(default: 0x57AC_0002)
        var generator = SplitMix64(seed: seed)
        let (points, depots) = Self.depotFleet(&generator)
        let tree = KDTree(prepared: points.map { KDTree.PreparedPoint($0) }, orderingTiesBy: >)
        let count = UInt64(points.count)
        for query in Self.queries(around: depots, &generator) {
            for (name, isIncluded) in Self.filters {
                for k in [1, 10, 300] {
                    let want = BruteForce.ranked(points, query: query, included: isIncluded, idOrder: (>))
                    let got = tree.nearest(k, to: KDTree.QueryPoint(query), where: isIncluded, orderedBefore: >,
                                           tieRank: { count - UInt64($0) }, tiesInBuildOrder: true)
                    #expect(hits(got) == Array(want.prefix(k)), "\(query) \(name) k=\(k) \(seedNote(seed))")
                }
            }
        }
    }

    /// Renumbered into tree order, the tree orders ties by tree position; its stacks still hold their points in
    /// that order.
    @Test func renumberedTreeKeepsStacksInOrder() {
        let seed = testSeed(default: 0x57AC_0003)
        var generator = SplitMix64(seed: seed)
        let (points, depots) = Self.depotFleet(&generator)
        let (tree, inputIndices) = KDTree(points).renumberedInTreeOrder()
        #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
        let inTreeOrder = inputIndices.map { points[$0] }
        for query in Self.queries(around: depots, &generator) {
            for k in [1, 10, 300] {
                let want = BruteForce.nearest(k, inTreeOrder, query: query, included: { $0 % 5 != 1 })
                #expect(hits(tree.nearest(k, to: query, where: { $0 % 5 != 1 })) == want,
                        "\(query) k=\(k) \(seedNote(seed))")
            }
        }
    }

    /// At null island's 735 vehicles, a 10-nearest search asks the filter about a few dozen of them (the stack's
    /// first included ones, and those in leaves shared with other points), not all 735.
    @Test func depotQueryTakesOnlyTheFirstOfAStack() throws {
        var generator = SplitMix64(seed: testSeed(default: 0x57AC_0004))
        let (points, _) = Self.depotFleet(&generator)
        let tree = KDTree(points)
        let nullIsland = try Coordinate(latitude: 0, longitude: 0)
        var asked = 0
        let found = tree.nearest(10, to: nullIsland, where: { index in
            if points[index] == nullIsland { asked += 1 }
            return index % 2 == 0
        })
        #expect(found.count == 10 && found.allSatisfy { $0.distanceMeters == 0 })
        #expect(asked < 100, "asked about \(asked) of the 735")
    }

    /// 20 000 points at one spot (a fleet parked at one depot): once the first `k` are taken, the rest of the stack is
    /// skipped a subtree at a time; the search enters one path down, the leaf it takes them from and that leaf's
    /// sibling (a leaf is looked up, not entered), not 1 250 leaves.
    @Test func oneLargeStackIsSkippedBySubtrees() throws {
        let spot = try Coordinate(latitude: 45, longitude: 5)
        let tree = KDTree(Array(repeating: spot, count: 20_000))
        #expect(tree.invariantViolations.isEmpty && tree._stackCount == 1)
        let (neighbors, internalNodes, leaves) = tree._nearestCountingVisits(10, to: spot)
        #expect(neighbors.map(\.index) == Array(0..<10) && neighbors.allSatisfy { $0.distanceMeters == 0 })
        #expect(leaves <= 2 && internalNodes == tree.depth, "\(internalNodes) internal nodes, \(leaves) leaves")
        let near = try Coordinate(latitude: 45.001, longitude: 5)
        let (fromNear, _, nearLeaves) = tree._nearestCountingVisits(25, to: near)
        #expect(fromNear.map(\.index) == Array(0..<25) && nearLeaves <= 2, "\(nearLeaves) leaves")
    }

    /// Stacks hold only leaves of one coordinate: a tree with no repeated coordinate has none, and one repeated
    /// coordinate filling the tree makes one stack of every leaf.
    @Test func stacksOnlyWhereACoordinateFillsLeaves() throws {
        var generator = SplitMix64(seed: testSeed(default: 0x57AC_0005))
        #expect(KDTree((0..<5_000).map { _ in Fleets.uniform(&generator) })._stackCount == 0)
        let one = KDTree(Array(repeating: try Coordinate(latitude: 45, longitude: 5), count: 1_000))
        #expect(one._stackCount == 1)
        #expect(one._stackLeafCount == 1 << one.depth)
    }
}
