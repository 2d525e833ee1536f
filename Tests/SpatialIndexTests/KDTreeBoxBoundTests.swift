import Geo
@testable import SpatialIndex
import Testing
import TestSupport

/// The paired bounds of two sibling boxes (`_siblingBoxChordsSquared`, clang vector code) against the one-box bounds
/// (`_boxChordSquared`, `_sphericalChordSquared`: scalar Swift) and against what pruning needs of them: bit for bit
/// the scalar values, and never above the squared chord the leaf scan computes for a stored vector inside the box
/// (`(Double(component) - q)²` summed `(x + y) + z`), or the search would lose a neighbour: the Euclidean bound for
/// any point of the box, the spherical one (`onSphere`) for the vectors a tree stores (unit vectors rounded to
/// `Float`), far and antipodal queries included.
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
                let (leftBound, rightBound) = KDTree._siblingBoxChordsSquared(base, query, onSphere: false)
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
                KDTree._siblingBoxChordsSquared($0.baseAddress!, query, onSphere: false)
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

    @Test func sphericalBoundsAreTheLargerOfTheScalarBoundsBitForBit() {
        var random = SplitMix64(seed: testSeed(default: 0xB0B7))
        for round in 0..<20_000 {
            let left = Self.box(&random), right = Self.box(&random)
            let query = Self.query(&random, inside: round % 2 == 0 ? left : right)
            (left + right).withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                let (leftBound, rightBound) = KDTree._siblingBoxChordsSquared(base, query, onSphere: true)
                for (bound, box) in [(leftBound, base), (rightBound, base + 6)] {
                    let euclidean = KDTree._boxChordSquared(box, query)
                    let spherical = KDTree._sphericalChordSquared(box, query)
                    let want = euclidean > spherical ? euclidean : spherical
                    #expect(bound.bitPattern == want.bitPattern, "round \(round): \(bound) vs \(want)")
                }
            }
        }
    }

    /// Boxes as a tree builds them: around stored vectors (unit vectors of coordinates rounded to `Float`) of a
    /// small region or a whole hemisphere; queries near them, far, at their antipodes and at the poles.
    @Test func sphericalBoundsNeverExceedAStoredVectorsChord() {
        var random = SplitMix64(seed: testSeed(default: 0xB0B8))
        func coordinate(near center: (Double, Double), spread: Double) -> Coordinate {
            let latitude = Swift.min(90, Swift.max(-90, center.0 + spread * (Double(random.next() % 2_001) / 1000 - 1)))
            var longitude = center.1 + spread * (Double(random.next() % 2_001) / 1000 - 1)
            if longitude > 180 { longitude -= 360 }
            if longitude < -180 { longitude += 360 }
            return try! Coordinate(latitude: latitude, longitude: longitude)
        }
        func stored(_ c: Coordinate) -> [Float] {
            let v = UnitVector(c)
            return [Float(v.x), Float(v.y), Float(v.z)]
        }
        for round in 0..<3_000 {
            let center = (Double(random.next() % 180_001) / 1000 - 90, Double(random.next() % 360_001) / 1000 - 180)
            let spread = [0.001, 0.1, 5, 40, 90][Int(random.next() % 5)]
            let vectors = (0..<16).map { _ in stored(coordinate(near: center, spread: spread)) }
            var box = [Float](repeating: .infinity, count: 3) + [Float](repeating: -.infinity, count: 3)
            for v in vectors {
                for axis in 0..<3 {
                    box[axis] = Swift.min(box[axis], v[axis])
                    box[axis + 3] = Swift.max(box[axis + 3], v[axis])
                }
            }
            let antipode = try! Coordinate(latitude: -center.0, longitude: center.1 > 0 ? center.1 - 180 : center.1 + 180)
            let queries = [
                UnitVector(coordinate(near: center, spread: spread)), UnitVector(antipode),
                UnitVector(coordinate(near: (antipode.latitude, antipode.longitude), spread: 30)),
                UnitVector(coordinate(near: (0, 0), spread: 180)), UnitVector(try! Coordinate(latitude: 90, longitude: 0)),
            ]
            for query in queries {
                let (bound, _) = (box + box).withUnsafeBufferPointer {
                    KDTree._siblingBoxChordsSquared($0.baseAddress!, query, onSphere: true)
                }
                for v in vectors {
                    #expect(bound <= Self.chordSquared(v, query), "round \(round), spread \(spread)")
                }
            }
        }
    }
}
