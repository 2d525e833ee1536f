import Geo
import SpatialIndex
import Testing
import TestSupport

/// Every query compared with the brute-force oracle on exact (id, distance) lists.
@Suite struct KDTreeOracleTests {
    static let fleets = ["uniform", "clustered", "duplicates", "depots", "grid", "poles", "antimeridian", "continent",
                         "sparse"]

    func hits(_ neighbors: [KDTree.Neighbor]) -> [BruteForce.Hit] {
        neighbors.map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) }
    }

    /// `forEachWhile` visits what `forEach` visits until its body returns false, and nothing after: stopped at the
    /// n-th point it has called the body n times, with points of the oracle's radius set; never stopped, the whole set.
    @Test(arguments: ["clustered", "depots", "poles"])
    func forEachWhileStopsWhereAsked(fleetName: String) {
        let seed = testSeed(default: 0x5EED_0077)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: 2_000, &generator)
        let tree = KDTree(points)
        for (number, query) in Fleets.queries(for: points, count: 12, &generator).enumerated() {
            let radius = 300_000.0
            let want = Set(BruteForce.within(radius, points, query: query).map(\.id))
            var all: [Int] = []
            tree.forEachWhile(within: radius, of: KDTree.QueryPoint(query), where: { _ in true }) { neighbor in
                all.append(neighbor.index)
                return true
            }
            #expect(Set(all) == want && all.count == want.count, "\(fleetName) q#\(number) \(seedNote(seed))")
            for stop in [1, 5, 64] where stop <= want.count {
                var calls: [Int] = []
                tree.forEachWhile(within: radius, of: KDTree.QueryPoint(query), where: { _ in true }) { neighbor in
                    calls.append(neighbor.index)
                    return calls.count < stop
                }
                #expect(calls.count == stop && Set(calls).isSubset(of: want),
                        "\(fleetName) q#\(number) stop \(stop): \(calls.count) calls \(seedNote(seed))")
            }
        }
    }

    /// `forEachIndex` (points within a radius, without distances; whole subtrees inside the radius taken unmeasured)
    /// gives each index of the oracle's radius set once: radii from 0 to beyond half the circumference, radii equal
    /// to a point's distance (the margins of ``KDTree/forEachIndex(within:of:where:_:)`` decide those), with and
    /// without a predicate.
    @Test(arguments: ["uniform", "clustered", "duplicates", "depots", "poles", "antimeridian", "continent", "sparse"])
    func forEachIndexMatchesOracle(fleetName: String) {
        let seed = testSeed(default: 0x5EED_0078)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: 3_000, &generator)
        let tree = KDTree(points)
        let keep: (Int) -> Bool = { $0 % 3 != 1 }
        for (number, query) in Fleets.queries(for: points, count: 10, &generator).enumerated() {
            let ranked = BruteForce.within(.infinity, points, query: query)
            var radii = [0, 0.5, 2, 3, 50, 5_000, 300_000, 5_000_000, Earth.maximumDistanceMeters, 3e7, .infinity]
            for place in [0, 10, 500, 2_999] where place < ranked.count { radii.append(ranked[place].distanceMeters) }
            for radius in radii {
                for included in [nil, keep] {
                    var got: [Int] = []
                    tree.forEachIndex(within: radius, of: KDTree.QueryPoint(query), where: included ?? { _ in true }) {
                        got.append($0)
                    }
                    let want = ranked.filter { $0.distanceMeters <= radius && (included?($0.id) ?? true) }.map(\.id)
                    #expect(got.sorted() == want.sorted(),
                            "\(fleetName) q#\(number) r \(radius) m \(included == nil ? "" : "filtered ")\(seedNote(seed))")
                }
            }
        }
    }

    @Test(arguments: fleets, [0, 1, 7, 17, 400])
    func nearestAndWithinMatchOracle(fleetName: String, size: Int) {
        let seed = testSeed(default: 0x5EED_0001 &+ UInt64(size))
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: size, &generator)
        let tree = KDTree(points)
        #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
        let queries = Fleets.queries(for: points, count: 30, &generator)
            + Fleets.farQueries(for: points, count: 16, &generator)
        for (number, query) in queries.enumerated() {
            for k in [1, 3, 10, size + 1] {
                let got = hits(tree.nearest(k, to: query))
                let want = BruteForce.nearest(k, points, query: query)
                #expect(got == want, "\(fleetName) n=\(size) q#\(number) \(query) k=\(k) \(seedNote(seed))")
            }
            for radius in [0.0, 50, 5_000, 300_000, 2e7, .infinity] {
                let got = hits(tree.within(radius, of: query))
                let want = BruteForce.within(radius, points, query: query)
                #expect(got == want, "\(fleetName) n=\(size) q#\(number) \(query) r=\(radius) \(seedNote(seed))")
            }
            // With a predicate that keeps one point in three (by input index).
            let keep: (Int) -> Bool = { $0 % 3 != 1 }
            #expect(hits(tree.nearest(10, to: query, where: keep)) == BruteForce.nearest(10, points, query: query, included: keep),
                    "filtered kNN \(fleetName) q#\(number) \(seedNote(seed))")
            #expect(hits(tree.within(400_000, of: query, where: keep))
                        == BruteForce.within(400_000, points, query: query, included: keep),
                    "filtered within \(fleetName) q#\(number) \(seedNote(seed))")
        }
    }

    /// A tree built from prepared points (each coordinate's `Float` vector and cos φ given, as rebuilds and log
    /// segments build it, no trigonometry) answers as the brute force does, and so does one rebuilt from a tree's own
    /// prepared slots.
    @Test(arguments: ["uniform", "clustered", "duplicates", "poles", "antimeridian"])
    func preparedBuildMatchesOracle(fleetName: String) {
        let seed = testSeed(default: 0x9E9_0021)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: 700, &generator)
        let tree = KDTree(prepared: points.map(KDTree.PreparedPoint.init))
        #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
        // Rebuilt from a tree's own slots, as a rebuild does: its input is the points in that tree's order.
        let (renumbered, inputIndices) = KDTree(points).renumberedInTreeOrder()
        let rebuilt = KDTree(prepared: (0..<points.count).map { renumbered.preparedPoint(atSlot: $0) })
        let slotPoints = inputIndices.map { points[$0] }
        let queries = Fleets.queries(for: points, count: 20, &generator)
            + Fleets.farQueries(for: points, count: 10, &generator)
        expectTenNearestAndWithin300km(tree, points, queries, "\(fleetName) \(seedNote(seed))")
        for (number, query) in queries.enumerated() {
            #expect(hits(rebuilt.nearest(10, to: query)) == BruteForce.nearest(10, slotPoints, query: query),
                    "\(fleetName) q#\(number) rebuilt \(seedNote(seed))")
        }
    }

    /// The 10 nearest and everything within 300 km of each query, as the brute force over `points` finds them.
    func expectTenNearestAndWithin300km(_ tree: KDTree, _ points: [Coordinate], _ queries: [Coordinate],
                                        _ note: String) {
        for (number, query) in queries.enumerated() {
            #expect(hits(tree.nearest(10, to: query)) == BruteForce.nearest(10, points, query: query),
                    "q#\(number) \(note)")
            #expect(hits(tree.within(300_000, of: query)) == BruteForce.within(300_000, points, query: query),
                    "q#\(number) \(note)")
        }
    }

    /// Trees with other leaf sizes (log segments use 64 points; 2 and 200 for the edges) answer as the brute force
    /// does, and their structure is sound (leaves within the asked size, depth minimal for it).
    @Test(arguments: ["uniform", "clustered", "duplicates", "poles"], [2, 64, 200])
    func largerLeavesMatchOracle(fleetName: String, leafCapacity: Int) {
        let seed = testSeed(default: 0x1EAF_0064 &+ UInt64(leafCapacity))
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: 1_500, &generator)
        let tree = KDTree(prepared: points.map(KDTree.PreparedPoint.init), leafCapacity: leafCapacity)
        #expect(tree.maximumLeafSize == leafCapacity)
        #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
        #expect(tree.depth == (leafCapacity == 200 ? 3 : leafCapacity == 64 ? 5 : 10), "depth \(tree.depth)")
        let queries = Fleets.queries(for: points, count: 20, &generator)
            + Fleets.farQueries(for: points, count: 10, &generator)
        expectTenNearestAndWithin300km(tree, points, queries,
                                       "\(fleetName) leaves of \(leafCapacity) \(seedNote(seed))")
    }

    /// Far queries (nearest vehicles hundreds to thousands of kilometres away: open sea, poles, antimeridian, a fleet
    /// on one continent queried from the others, sparse fleets) on larger trees, where the subtree bounds decide
    /// what is visited: exact (id, distance) lists, also for the within search at the k-th distance.
    @Test(arguments: ["continent", "sparse", "poles", "antimeridian", "clustered"], [300, 5_000])
    func farQueriesMatchOracle(fleetName: String, size: Int) {
        let seed = testSeed(default: 0xFA2_0000 &+ UInt64(size))
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: size, &generator)
        let tree = KDTree(points)
        #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
        for (number, query) in Fleets.farQueries(for: points, count: 30, &generator).enumerated() {
            for k in [1, 10, 100] {
                let want = BruteForce.nearest(k, points, query: query)
                #expect(hits(tree.nearest(k, to: query)) == want,
                        "\(fleetName) n=\(size) far q#\(number) \(query) k=\(k) \(seedNote(seed))")
                let radius = want.last!.distanceMeters
                #expect(hits(tree.within(radius, of: query)) == BruteForce.within(radius, points, query: query),
                        "\(fleetName) n=\(size) far q#\(number) \(query) r=\(radius) \(seedNote(seed))")
            }
        }
    }

    /// Ties at the k-th place go to the smaller id, in the caller's id order (here: reversed indices).
    @Test func customIdOrderBreaksTies() {
        let point = try! Coordinate(latitude: 45, longitude: 5)
        let points = Array(repeating: point, count: 50)
        let tree = KDTree(points)
        let got = tree.nearest(5, to: point, where: { _ in true }, orderedBefore: >)
        #expect(got.map(\.index) == [49, 48, 47, 46, 45])
        let within = tree.within(0, of: point, where: { $0 < 10 }, orderedBefore: >)
        #expect(within.map(\.index) == Array((0..<10).reversed()))
    }

    @Test func emptyTree() {
        let tree = KDTree([Coordinate]())
        let query = try! Coordinate(latitude: 0, longitude: 0)
        #expect(tree.nearest(10, to: query).isEmpty)
        #expect(tree.within(.infinity, of: query).isEmpty)
        #expect(tree.nearest(0, to: query).isEmpty)
        #expect(tree.invariantViolations.isEmpty)
    }

    /// Excluded points must not take places: with only every 97th point included the search still returns k.
    @Test func predicatePrunesDuringSearch() {
        var generator = SplitMix64(seed: testSeed(default: 7))
        let points = Fleets.named("clustered", count: 3000, &generator)
        let tree = KDTree(points)
        let query = points[17]
        let keep: (Int) -> Bool = { $0 % 97 == 0 }
        let got = tree.nearest(10, to: query, where: keep)
        #expect(got.count == 10)
        #expect(hits(got) == BruteForce.nearest(10, points, query: query, included: keep))
    }

    @Test func invariantsOnLargerTrees() {
        var generator = SplitMix64(seed: testSeed(default: 99))
        for size in [12, 13, 24, 25, 1000, 4999] {
            let tree = KDTree(Fleets.named("uniform", count: size, &generator))
            #expect(tree.invariantViolations.isEmpty, "size \(size): \(tree.invariantViolations.prefix(3))")
            #expect(tree.count == size)
        }
    }

    /// Ranges of thousands of equal values (a depot, null island) through the sampled selection: every build ends,
    /// sound, and answers as the oracle.
    @Test func invariantsWithThousandsOfEqualPoints() throws {
        let depot = try Coordinate(latitude: 0, longitude: 0), other = try Coordinate(latitude: 0.001, longitude: 0)
        let fleets: [[Coordinate]] = [
            [Coordinate](repeating: depot, count: 3_000),
            (0..<5_000).map { $0 % 3 == 0 ? other : depot },
            (0..<5_000).map { $0 < 4_990 ? depot : other },
        ]
        for points in fleets {
            let tree = KDTree(points)
            #expect(tree.invariantViolations.isEmpty, "\(tree.invariantViolations.prefix(3))")
            #expect(hits(tree.nearest(12, to: other)) == BruteForce.nearest(12, points, query: other))
        }
    }
}

/// A tree built on several threads answers exactly as the brute-force oracle, and is the very tree one thread
/// builds (same partition: the subtrees are independent).
@Suite struct KDTreeParallelBuildTests {
    @Test(arguments: ["clustered", "duplicates"])
    func parallelBuildIsExactAndTheSameTree(fleet: String) {
        let seed = testSeed(default: 0xB111D)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleet, count: 20_001, &generator)  // 4 threads need parts >= 4 096 points
        let serial = KDTree(points)
        let parallel = [2, 4].map { KDTree(points, threads: $0) }
        for tree in parallel { #expect(tree.invariantViolations.isEmpty, "\(seedNote(seed))") }
        for query in Fleets.queries(for: points, count: 3, &generator) {
            let oracle = BruteForce.nearest(9, points, query: query)
            #expect(hits(serial.nearest(9, to: query)) == oracle, "\(seedNote(seed))")
            for (tree, threads) in zip(parallel, [2, 4]) {
                #expect(tree.nearest(9, to: query) == serial.nearest(9, to: query), "\(threads) threads: \(seedNote(seed))")
                #expect(tree.within(20_000, of: query) == serial.within(20_000, of: query),
                        "\(threads) threads: \(seedNote(seed))")
            }
        }
    }

    func hits(_ neighbors: [KDTree.Neighbor]) -> [BruteForce.Hit] {
        neighbors.map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) }
    }
}

@Suite struct KDTreeTreeOrderTests {
    @Test func renumberedTreeAnswersTheSame() {
        var generator = SplitMix64(seed: testSeed(default: 0x0DE7))
        let points = Fleets.named("clustered", count: 1500, &generator)
        let tree = KDTree(points)
        let (renumbered, inputIndices) = tree.renumberedInTreeOrder()
        #expect(renumbered.invariantViolations.isEmpty)
        #expect(Set(inputIndices) == Set(0..<points.count))
        for query in Fleets.queries(for: points, count: 30, &generator) {
            let want = tree.within(300_000, of: query)
            let got = renumbered.within(300_000, of: query, where: { _ in true },
                                        orderedBefore: { inputIndices[$0] < inputIndices[$1] })
            #expect(got.map { KDTree.Neighbor(index: inputIndices[$0.index], distanceMeters: $0.distanceMeters) } == want)
            #expect(renumbered.nearest(7, to: query, where: { _ in true }, orderedBefore: { inputIndices[$0] < inputIndices[$1] })
                        .map { inputIndices[$0.index] } == tree.nearest(7, to: query).map(\.index))
        }
    }
}
