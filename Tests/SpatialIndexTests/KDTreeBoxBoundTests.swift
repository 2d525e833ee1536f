import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// The paired bounds of two sibling boxes (`_siblingBoxChordsSquared`, clang vector code) against the one-box bound
/// (`_boxChordSquared`, scalar Swift) and against what pruning needs of both: bit for bit the scalar values (the
/// search prunes with them, so another rounding would change which subtrees are entered), and never above the squared
/// chord the leaf scan computes for a stored vector inside the box (`(Double(component) - q)²` summed `(x + y) + z`),
/// or the search would lose a neighbour.
@Suite struct KDTreeBoxBoundTests {
    /// A random box in [-1, 1]³ as low x, y, z, high x, y, z: sometimes a point, sometimes touching 0 from either
    /// side (signed zeros), sometimes thin on one axis.
    static func box(_ random: inout SplitMix64) -> [Float] {
        func coordinate() -> Float {
            switch random.next() % 8 {
            case 0: return 0
            case 1: return -0.0
            default: return Float(Double(random.next() % 2_000_001) / 1e6 - 1)
            }
        }
        var low: [Float] = [], high: [Float] = []
        for _ in 0..<3 {
            let a = coordinate()
            let b = random.next() % 5 == 0 ? a : (random.next() % 4 == 0 ? a.nextUp : coordinate())
            low.append(Swift.min(a, b))
            high.append(Swift.max(a, b))
        }
        return low + high
    }

    /// A query: a unit vector of a random coordinate, or a point of the box itself (a query inside or on a face).
    static func query(_ random: inout SplitMix64, inside box: [Float]) -> UnitVector {
        if random.next() % 4 == 0 {
            return UnitVector(x: Double(box[0]), y: Double(box[4]), z: Double(box[2]))
        }
        let coordinate = try! Coordinate(latitude: Double(random.next() % 180_001) / 1000 - 90,
                                         longitude: Double(random.next() % 360_001) / 1000 - 180)
        return UnitVector(coordinate)
    }

    /// The leaf scan's squared chord of a stored vector (see `KDTree._chordSquared`): the reference a bound must not
    /// exceed.
    static func chordSquared(_ point: [Float], _ query: UnitVector) -> Double {
        let ex = Double(point[0]) - query.x, ey = Double(point[1]) - query.y, ez = Double(point[2]) - query.z
        return ex * ex + ey * ey + ez * ez
    }

    @Test func siblingBoundsAreTheScalarBoundsBitForBit() {
        var random = SplitMix64(seed: testSeed(default: 0xB0B5))
        for round in 0..<20_000 {
            let left = Self.box(&random), right = Self.box(&random)
            let query = Self.query(&random, inside: round % 2 == 0 ? left : right)
            let boxes = left + right
            boxes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                let (leftBound, rightBound) = KDTree._siblingBoxChordsSquared(base, query)
                let wantLeft = KDTree._boxChordSquared(base, query)
                let wantRight = KDTree._boxChordSquared(base + 6, query)
                #expect(leftBound.bitPattern == wantLeft.bitPattern, "round \(round): \(leftBound) vs \(wantLeft)")
                #expect(rightBound.bitPattern == wantRight.bitPattern, "round \(round): \(rightBound) vs \(wantRight)")
            }
        }
    }

    @Test func siblingBoundsNeverExceedTheChordOfAPointInside() {
        var random = SplitMix64(seed: testSeed(default: 0xB0B6))
        for round in 0..<5_000 {
            let left = Self.box(&random), right = Self.box(&random)
            let query = Self.query(&random, inside: left)
            let (leftBound, rightBound) = (left + right).withUnsafeBufferPointer {
                KDTree._siblingBoxChordsSquared($0.baseAddress!, query)
            }
            for (box, bound) in [(left, leftBound), (right, rightBound)] {
                // The corners and random points of the box, each coordinate a face or a value between.
                for corner in 0..<8 {
                    let point: [Float] = (0..<3).map { axis in
                        (corner >> axis) & 1 == 0 ? box[axis] : box[axis + 3]
                    }
                    #expect(bound <= Self.chordSquared(point, query), "round \(round), corner \(corner)")
                }
                for _ in 0..<8 {
                    var point: [Float] = []
                    for axis in 0..<3 {
                        let low = box[axis], high = box[axis + 3]
                        let t = Float(random.next() % 1_001) / 1000
                        let between: Float = low + t * (high - low)
                        point.append(Swift.min(Swift.max(between, low), high))
                    }
                    #expect(bound <= Self.chordSquared(point, query), "round \(round)")
                }
            }
        }
    }
}
