import Geo
@testable import SpatialIndex
import SeededRandom
import Testing
import TestSupport

func hilbertKeyProbe(_ p: KDTree.PreparedPoint) -> UInt64 {
    func q(_ c: Float) -> UInt32 { UInt32(Swift.min(Swift.max((c + 1) * Float(1 << 20), 0), Float((1 << 21) - 1))) }
    var x0 = q(p.x), x1 = q(p.y), x2 = q(p.z)
    let m: UInt32 = 1 << 20
    var bit = m
    while bit > 1 {
        let low = bit - 1
        if x0 & bit != 0 { x0 ^= low } else { let t = (x0 ^ x0) & low; x0 ^= t }
        if x1 & bit != 0 { x0 ^= low } else { let t = (x0 ^ x1) & low; x0 ^= t; x1 ^= t }
        if x2 & bit != 0 { x0 ^= low } else { let t = (x0 ^ x2) & low; x0 ^= t; x2 ^= t }
        bit >>= 1
    }
    x1 ^= x0; x2 ^= x1
    var t: UInt32 = 0
    bit = m
    while bit > 1 { if x2 & bit != 0 { t ^= bit - 1 }; bit >>= 1 }
    x0 ^= t; x1 ^= t; x2 ^= t
    var key: UInt64 = 0
    for b in stride(from: 20, through: 0, by: -1) {
        key = key << 3 | UInt64((x0 >> UInt32(b)) & 1) << 2 | UInt64((x1 >> UInt32(b)) & 1) << 1 | UInt64((x2 >> UInt32(b)) & 1)
    }
    return key
}

@Suite struct ZZOrderProbe {
    @Test(arguments: ["clustered", "uniform"], [2_000, 60_000]) func visits(fleet: String, size: Int) {
        var generator = SplitMix64(seed: 7)
        let points = Fleets.named(fleet, count: size, &generator)
        let prepared = points.map(KDTree.PreparedPoint.init)
        let kd = KDTree(prepared: prepared)
        let mOrder = points.indices.sorted { KDTree.mortonKey(prepared[$0]) < KDTree.mortonKey(prepared[$1]) }
        let hOrder = points.indices.sorted { hilbertKeyProbe(prepared[$0]) < hilbertKeyProbe(prepared[$1]) }
        let morton = KDTree(inOrder: mOrder.map { prepared[$0] }, indices: mOrder.map { Int32($0) })
        let hilbert = KDTree(inOrder: hOrder.map { prepared[$0] }, indices: hOrder.map { Int32($0) })
        let queries = Fleets.queries(for: points, count: 300, &generator)
        var totals = [0, 0, 0], internals = [0, 0, 0]
        for query in queries {
            for (i, tree) in [kd, morton, hilbert].enumerated() {
                let r = tree._nearestCountingVisits(10, to: query)
                totals[i] += r.leaves
                internals[i] += r.internalNodes
            }
        }
        print("PROBE \(fleet) \(size): leaves kd/morton/hilbert \(totals) internal \(internals)")
    }
}
