@testable import SpatialIndex
import Testing
import TestSupport

/// The best-first search's pending subtrees (`_NodeHeap`: a descending sorted array up to `sortedLimit` entries, a
/// binary min-heap past it, its own memory past the caller's buffer) against a library sort of the same keys: every
/// pop returns the smallest pending (bound rounded down as stored, then the deepest node), whatever mix of pushes and
/// pops brought it there, and `minimumBound` is that entry's bound. Answers cannot show a wrong order (the search
/// still prunes by the bounds it pops, so it stays exact, only slower): this is the check of the order.
@Suite struct KDTreeNodeHeapTests {
    /// The order the heap promises: stored bound ascending, then node descending (deeper first among equal bounds).
    static func precedes(_ a: _PendingNode, _ b: _PendingNode) -> Bool {
        let boundA = _NodeHeap.stored(a.lowerBound), boundB = _NodeHeap.stored(b.lowerBound)
        return boundA != boundB ? boundA < boundB : a.node > b.node
    }

    /// Runs of pushes and pops around and past the sorted limit and the buffer's capacity, over bounds that are
    /// distinct, repeated (a depot's subtrees share one), zero, or equal once rounded down.
    @Test(arguments: [0, 1, 2, 3])
    func popsTheSmallestPendingFirst(shape: Int) {
        var random = SplitMix64(seed: testSeed(default: 0x4EA9 &+ UInt64(shape)))
        for bufferSize in [4, 64] {
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: bufferSize) { buffer in
                var heap = _NodeHeap(buffer)
                var reference: [_PendingNode] = []
                var nextNode = 0
                for step in 0..<3_000 {
                    // Mostly pushes early (the heap grows past the limit and the buffer), mostly pops late.
                    let pushes = step < 1_500 ? random.next() % 4 != 0 : random.next() % 3 == 0
                    if pushes {
                        let draw = Double(random.next() % 1_000_000) / 1e6
                        let bound: Double = switch shape {
                        case 0: draw
                        case 1: Double(random.next() % 5) / 8       // few values, many ties
                        case 2: random.next() % 3 == 0 ? 0 : draw   // zeros among them
                        default: 0.5 + draw * 1e-9                   // equal once rounded down
                        }
                        let element = _PendingNode(node: nextNode, lowerBound: bound)
                        nextNode += 1
                        heap.push(element)
                        // `reference` stays sorted: inserted before the first entry it precedes.
                        let position = reference.firstIndex { Self.precedes(element, $0) } ?? reference.count
                        reference.insert(element, at: position)
                    } else {
                        let popped = heap.popMinimum()
                        guard let want = reference.first else {
                            #expect(popped == nil, "step \(step)")
                            continue
                        }
                        reference.removeFirst()
                        #expect(popped?.node == want.node, "step \(step), shape \(shape), buffer \(bufferSize)")
                        #expect(popped?.lowerBound == _NodeHeap.stored(want.lowerBound), "step \(step)")
                    }
                    let expected = reference.first.map { _NodeHeap.stored($0.lowerBound) } ?? .infinity
                    #expect(heap.minimumBound == expected, "step \(step), shape \(shape), buffer \(bufferSize)")
                }
                // Drains in order.
                for want in reference {
                    #expect(heap.popMinimum()?.node == want.node)
                }
                #expect(heap.popMinimum() == nil)
                heap.release()
            }
        }
    }
}
