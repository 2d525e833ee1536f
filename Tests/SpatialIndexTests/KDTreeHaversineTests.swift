import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// The tree's haversine (latitude cosines cached) must equal `Coordinate.distance(to:)` bit for bit.
@Suite struct KDTreeHaversineTests {
    @Test(arguments: ["uniform", "poles", "antimeridian", "clustered"])
    func cachedCosineHaversineIsBitwiseEqual(fleetName: String) {
        let seed = testSeed(default: 0x4A7)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named(fleetName, count: 400, &generator)
        let queries = Fleets.queries(for: points, count: 50, &generator)
        for query in queries {
            let cached = _HaversineQuery(query)
            for point in points {
                let cosPhi = point.cosineOfLatitude
                let got = cached.distance(to: point, otherCosPhi: cosPhi)
                let want = query.distance(to: point)
                #expect(got.bitPattern == want.bitPattern, "\(query) -> \(point): \(got) vs \(want) \(seedNote(seed))")
            }
        }
    }

    @Test func nearestWithinMaxDistanceMatchesOracle() {
        let seed = testSeed(default: 0x3AD)
        var generator = SplitMix64(seed: seed)
        let points = Fleets.named("clustered", count: 2000, &generator)
        let tree = KDTree(points)
        for query in Fleets.queries(for: points, count: 60, &generator) {
            for (k, cap) in [(10, 0.0), (10, 1_000.0), (50, 30_000.0), (5, 3_000_000.0)] {
                let got = tree.nearest(k, to: query, within: cap, where: { $0 % 2 == 0 }, orderedBefore: <)
                    .map { BruteForce.Hit(id: $0.index, distanceMeters: $0.distanceMeters) }
                let want = Array(BruteForce.within(cap, points, query: query, included: { $0 % 2 == 0 }).prefix(k))
                #expect(got == want, "\(query) k=\(k) cap=\(cap) \(seedNote(seed))")
            }
        }
    }
}
