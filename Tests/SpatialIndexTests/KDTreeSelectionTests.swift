import Foundation
@testable import SpatialIndex
import Testing
import TestSupport

/// The build's selection (`_select`: Floyd-Rivest with its branchless partition) against a library sort: after
/// selecting slot `nth` of a range along one axis, that slot holds the value the sorted range holds there, every slot
/// before it a value no larger and every slot after it one no smaller, the slots outside the range are untouched, and
/// the blocks are a permutation of the input. Its answers cannot show a wrong selection (the boxes bound whatever the
/// slots hold, so a badly split tree is still exact, only slower): this is the check that it selects.
@Suite struct KDTreeSelectionTests {
    /// Ranges of every size class the selection treats differently (a few slots, ranges at and around the
    /// median-of-three pivot's bounds, the Floyd-Rivest sample), over values with few or many repeats, sorted, reversed
    /// and all equal.
    @Test func selectsTheSortedValueAndPartitionsAroundIt() {
        var random = SplitMix64(seed: testSeed(default: 0x5E1E))
        let sizes = [1, 2, 3, 17, 33, 34, 63, 64, 127, 128, 129, 200, 600, 601, 1000, 5000, 20_000]
        for size in sizes {
            for shape in 0..<5 {
                let count = size + 6
                var blocks = (0..<count).map { index -> _Block in
                    let draw = Float(random.next() % 1_000_000) / 1000
                    let value: Float = switch shape {
                    case 0: draw                               // distinct, mostly
                    case 1: Float(random.next() % 7)           // a few values, many repeats
                    case 2: Float(index)                       // sorted
                    case 3: Float(count - index)               // reversed
                    default: 1.5                               // one value
                    }
                    return _Block(x: draw, y: value, z: -value, index: UInt32(index))
                }
                let original = blocks
                let lower = 3, upper = 3 + size
                let nth = lower + Int(random.next() % UInt64(size))
                let dimension = 1 + Int(random.next() % 2)
                blocks.withUnsafeMutableBufferPointer { _select(nth, in: $0, lower, upper, dimension: dimension) }
                func value(_ block: _Block) -> Float { dimension == 1 ? block.y : block.z }
                let sorted = original[lower..<upper].map(value).sorted()
                let selected = value(blocks[nth])
                let context = "size \(size) shape \(shape) nth \(nth - lower) axis \(dimension)"
                #expect(selected == sorted[nth - lower], "\(context): not the sorted value")
                #expect(blocks[lower..<nth].allSatisfy { value($0) <= selected }, "\(context): a larger value before")
                #expect(blocks[(nth + 1)..<upper].allSatisfy { value($0) >= selected }, "\(context): a smaller value after")
                #expect(blocks[..<lower].map(\.index) == original[..<lower].map(\.index), "\(context): slots before moved")
                #expect(blocks[upper...].map(\.index) == original[upper...].map(\.index), "\(context): slots after moved")
                #expect(blocks[lower..<upper].map(\.index).sorted() == original[lower..<upper].map(\.index),
                        "\(context): not a permutation")
                #expect(blocks.allSatisfy { block in
                    let source = original[Int(block.index)]
                    return source.x == block.x && source.y == block.y && source.z == block.z
                }, "\(context): a block's fields separated")
            }
        }
    }
}
