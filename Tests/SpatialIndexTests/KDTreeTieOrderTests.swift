import Foundation
import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// Ties at the k-th distance: many points at one coordinate (a depot, null island), of which kNN must return the k
/// first by the caller's order. Reference: the whole candidate set sorted by (1 µm key, order), cut at k.
@Suite struct KDTreeTieOrderTests {
    /// The reference order every result is checked against: by the 1 µm key (`Neighbor.tieKey`), then by the
    /// caller's order, given as one value per index (`order[a] < order[b]`), with a library sort.
    static func definitionOrder(_ neighbors: [KDTree.Neighbor], _ order: [UInt64]) -> [KDTree.Neighbor] {
        neighbors.sorted { a, b in a.tieKey != b.tieKey ? a.tieKey < b.tieKey : order[a.index] < order[b.index] }
    }

    /// `_orderPrefix` against a full sort on random runs, every prefix length from 0 to the run's size.
    @Test func orderedPrefixIsTheSortedPrefix() {
        var random = SplitMix64(seed: testSeed(default: 0x71E5))
        for _ in 0..<300 {
            let size = Int(random.next() % 200) + 1
            let values = (0..<size).map { _ in Int(random.next() % 1000) * 1000 + Int(random.next() % 1000) }
            let distinct = Array(Set(values))  // a strict total order needs distinct elements
            let count = Int(random.next() % UInt64(distinct.count + 1))
            var run = distinct
            run.withUnsafeMutableBufferPointer { KDTree._orderPrefix($0, count: count, by: <) }
            #expect(Array(run[0..<count]) == Array(distinct.sorted()[0..<count]), "size \(distinct.count) count \(count)")
            #expect(run.sorted() == distinct.sorted(), "a permutation")
        }
    }

    /// The sort of packed keys (quicksort to runs of 16, then insertion) against the standard library's, on distinct
    /// values in random, sorted, reversed and organ-pipe order, at every size up to 300 (`_sortAndCut` uses it up to
    /// `_radixSortMinimum`).
    @Test func sortDistinctMatchesTheLibrarySort() {
        var random = SplitMix64(seed: testSeed(default: 0x5D15))
        for count in 0...300 {
            var distinct = Set<UInt64>()
            while distinct.count < count { distinct.insert(random.next() >> UInt64(random.next() % 60)) }
            let sorted = distinct.sorted()
            let organPipe = stride(from: 0, to: count, by: 2).map { sorted[$0] }
                + stride(from: 1, to: count, by: 2).map { sorted[$0] }.reversed()
            let orders: [[UInt64]] = [Array(distinct), sorted, sorted.reversed(), organPipe]
            for order in orders {
                var values = order
                values.withUnsafeMutableBufferPointer { KDTree._sortDistinct($0) }
                #expect(values == order.sorted(), "count \(count)")
            }
        }
    }

    /// The 1 µm key against libm's `rint` of `d / 1e-6` (the oracle's `rint(d / 1e-6)`), on exact halves (ties go
    /// to the even integer), zeros, random distances up to the antipode, around 2^52 µm and beyond (the general
    /// path).
    @Test func tieKeyIsRintOfMicrometres() {
        func reference(_ meters: Double) -> Int64 { Int64(rint(meters / 1e-6)) }
        var distances: [Double] = [0, -0.0, 1e-300, 0.4e-6, 0.5e-6, 1.5e-6, 2.5e-6, 20_015_086.796,
                                   0x1p52 * 1e-6, 0x1p52 * 1e-6 * (1 - 0x1p-50), 0x1p52 * 1e-6 * (1 + 0x1p-50), 1e12]
        var random = SplitMix64(seed: testSeed(default: 0x71E6))
        var halves = 0
        while halves < 2_000 {
            let meters = (Double(random.next() % 20_000_000_000_000) + 0.5) * 1e-6
            let scaled = meters / 1e-6
            if scaled - scaled.rounded(.down) == 0.5 { distances.append(meters); halves += 1 }
        }
        for _ in 0..<20_000 { distances.append(Double(random.next() % (1 << 53)) / Double(1 << 53) * 20_015_087) }
        for meters in distances {
            #expect(KDTree.tieKey(forDistanceMeters: meters) == reference(meters), "\(meters) m")
        }
        #expect(halves == 2_000)
    }

    /// `KDTree.sort` in each of its regimes (insertion sort up to 48, a comparison sort of the keys up to
    /// `_radixSortMinimum`, radix sort beyond) against the definition: by the 1 µm key (`Neighbor.tieKey`), then by
    /// the caller's order; with many equal keys, and distances up to half the Earth's circumference.
    @Test(arguments: [1, 2, 48, 49, 100, KDTree._radixSortMinimum, KDTree._radixSortMinimum + 1, 3_000])
    func sortOrdersByKeyThenByOrder(count: Int) {
        var random = SplitMix64(seed: testSeed(default: 0x5027) &+ UInt64(count))
        for round in 0..<20 {
            let scale = round % 2 == 0 ? 5_000.0 : 20_015_000.0
            let neighbors = (0..<count).map { index in
                // One in four at a shared distance (ties by key), the rest spread.
                let distance = random.next() % 4 == 0 ? Double(random.next() % 8) * 0.25
                    : Double(random.next() % 1_000_000) / 1_000_000 * scale
                return KDTree.Neighbor(index: index, distanceMeters: distance)
            }
            // The caller's order: a random permutation of the indices.
            let rank = (0..<count).map { _ in random.next() }
            var sorted = neighbors
            KDTree.sort(&sorted) { rank[$0] < rank[$1] }
            let want = Self.definitionOrder(neighbors, rank)
            #expect(sorted == want, "count \(count) round \(round)")
        }
    }

    /// Keys too large to pack beside a position (2^56 µm and more: no distance on the Earth, but `sort` is public),
    /// in each regime: the same order as the definition (the packed sort of 49-160 neighbours overflowed them).
    @Test func sortWithUnpackableKeysMatchesTheDefinition() {
        var random = SplitMix64(seed: testSeed(default: 0x5029))
        for count in [2, 17, 48, 100, 200] {
            let neighbors = (0..<count).map { index in
                KDTree.Neighbor(index: index, distanceMeters: random.next() % 3 == 0
                    ? 4e12 : Double(random.next() % 5_000_000_000_000))
            }
            let order = (0..<count).map { _ in random.next() }
            var sorted = neighbors
            KDTree.sort(&sorted) { order[$0] < order[$1] }
            let want = Self.definitionOrder(neighbors, order)
            #expect(sorted == want, "count \(count)")
        }
    }

    /// `KDTree.sort` with a tie rank (a coarse rank consistent with the order: many equal ranks, which the order
    /// decides) against the same definition, with runs of equal keys longer and shorter than
    /// `_tieRankMinimumRun` (in both the insertion path, up to 48, and the larger ones); and the rank is read once
    /// per element of a long run, not per comparison.
    @Test(arguments: [2, 15, 16, 48, 49, KDTree._radixSortMinimum + 1, 3_000])
    func sortWithTieRankOrdersByKeyThenByOrder(count: Int) {
        var random = SplitMix64(seed: testSeed(default: 0x5028) &+ UInt64(count))
        for round in 0..<20 {
            // Every fourth round, nine in ten at one distance: a long run even among 48 (the insertion path).
            let oneSpot = round % 4 == 3
            let neighbors = (0..<count).map { index in
                let distance = random.next() % 10 < (oneSpot ? 9 : 5)
                    ? (oneSpot ? 0 : Double(random.next() % 3) * 0.5)
                    : Double(random.next() % 1_000_000) / 1_000_000 * 5_000
                return KDTree.Neighbor(index: index, distanceMeters: distance)
            }
            // Distinct (a strict total order); ranks from its top bits: 4 ranks in even rounds, thousands in odd.
            let order = (0..<count).map { index in random.next() % 1_000_000 << 12 | UInt64(index) }
            let shift: UInt64 = round % 2 == 0 ? 30 : 12
            var rankReads = 0
            var sorted = neighbors
            KDTree.sort(&sorted, orderedBefore: { order[$0] < order[$1] },
                        tieRank: { rankReads += 1; return order[$0] >> shift })
            let want = Self.definitionOrder(neighbors, order)
            #expect(sorted == want, "count \(count) round \(round)")
            #expect(rankReads <= count)
        }
    }

    /// 735 points at one coordinate and a few around it: the 10 nearest are 10 of the tied points, the first 10 by
    /// the order; each tied point is compared a bounded number of times (a full sort of the 735 compares each
    /// about log2(735) ≈ 10 times: over 6 000 comparisons).
    @Test func manyTiedPointsCompareEachOnce() throws {
        var random = SplitMix64(seed: testSeed(default: 0xD390))
        let query = try Coordinate(latitude: 0, longitude: 0)
        var points = [Coordinate](repeating: query, count: 735)
        for _ in 0..<2000 { points.append(Fleets.uniform(&random)) }
        // Order the points by a scrambled key, so that index order is not the order asked for.
        let keys = points.indices.map { _ in random.next() }
        let tree = KDTree(points)
        var comparisons = 0
        let found = tree.nearest(10, to: query, where: { _ in true }, orderedBefore: { a, b in
            comparisons += 1
            return keys[a] < keys[b]
        })
        let expected = (0..<735).sorted { keys[$0] < keys[$1] }.prefix(10)
        #expect(found.map(\.index) == Array(expected))
        #expect(found.allSatisfy { $0.distanceMeters == 0 })
        #expect(comparisons < 2_000, "\(comparisons) comparisons for 735 tied candidates")
        // With a tie rank (the key's top 4 bits: many equal ranks, decided by the order): the same 10, and the
        // order is asked only between equal ranks.
        comparisons = 0
        var rankReads = 0
        let ranked = tree.nearest(10, to: KDTree.QueryPoint(query), where: { _ in true }, orderedBefore: { a, b in
            comparisons += 1
            return keys[a] < keys[b]
        }, tieRank: { index in
            rankReads += 1
            return keys[index] >> 60
        })
        #expect(ranked == found)
        #expect(rankReads <= 735 + 32, "\(rankReads) rank reads")
        #expect(comparisons < 735, "\(comparisons) comparisons with ranks")
    }

    /// Every key equal (hundreds of points at one distance): one run, ordered by the caller's order alone.
    @Test(arguments: [49, KDTree._radixSortMinimum + 1, 700])
    func sortWithOneKeyOrdersByTheOrderAlone(count: Int) {
        var random = SplitMix64(seed: testSeed(default: 0x0E_4E1) &+ UInt64(count))
        let rank = (0..<count).map { _ in random.next() }
        var neighbors = (0..<count).map { KDTree.Neighbor(index: $0, distanceMeters: 1234.5) }
        KDTree.sort(&neighbors) { rank[$0] < rank[$1] }
        #expect(neighbors.map(\.index) == (0..<count).sorted { rank[$0] < rank[$1] })
    }

    /// Groups of points at a few exact spots a metre or so apart (within the search's widened bound of each other)
    /// and scattered points: the k nearest against the brute-force ranking (haversine 1 µm key, then the order),
    /// for k from 1 to past the first group, so that near-tie candidates fill the stack buffer, are compacted
    /// as the bound shrinks, and spill.
    @Test func groupsOfTiedPointsAtNearbySpots() throws {
        var random = SplitMix64(seed: testSeed(default: 0x6_0095))
        let query = try Coordinate(latitude: 48.85, longitude: 2.35)
        var points: [Coordinate] = []
        // Spots 100-102 m east of the query (1e-5 degree of longitude is ~0.73 m here), 40-300 points each.
        for (step, size) in [(0, 40), (2, 300), (1, 120), (3, 75)] {
            let spot = try Coordinate(latitude: 48.85, longitude: 2.35 + 100 / 73_000 + Double(step) * 1e-5)
            points += [Coordinate](repeating: spot, count: size)
        }
        for _ in 0..<3_000 {
            points.append(try Coordinate(latitude: 48.85 + (Double(random.next() % 20_001) - 10_000) * 1e-6,
                                         longitude: 2.35 + (Double(random.next() % 20_001) - 10_000) * 1e-6))
        }
        let rank = points.indices.map { _ in random.next() }
        let tree = KDTree(points)
        let ranked = Self.definitionOrder(
            points.indices.map { KDTree.Neighbor(index: $0, distanceMeters: query.distance(to: points[$0])) }, rank)
        for k in [1, 10, 39, 40, 41, 100, 200, 500] {
            let found = tree.nearest(k, to: query, where: { _ in true }, orderedBefore: { rank[$0] < rank[$1] })
            #expect(found == Array(ranked.prefix(k)), "k \(k)")
        }
    }
}
