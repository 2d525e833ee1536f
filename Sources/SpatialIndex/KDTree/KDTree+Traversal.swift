import Geo

/// A pending subtree: node, lower bound of its squared chord to the query, and the per-axis offsets that bound
/// was computed from (nanoflann's incremental distance).
@usableFromInline
struct _PendingNode {
    @usableFromInline var node: Int
    @usableFromInline var lowerBound: Double
    @usableFromInline var offsetX: Double
    @usableFromInline var offsetY: Double
    @usableFromInline var offsetZ: Double

    @inlinable
    init(node: Int, lowerBound: Double, offsetX: Double, offsetY: Double, offsetZ: Double) {
        self.node = node
        self.lowerBound = lowerBound
        self.offsetX = offsetX
        self.offsetY = offsetY
        self.offsetZ = offsetZ
    }
}

extension KDTree {
    /// Depth-first traversal, nearer child first, pruning every subtree whose squared-chord lower bound exceeds
    /// `bound()` (re-read before each subtree: k-nearest shrinks it). `leaf(lower, upper)` is called for the
    /// slot range of every leaf that is not pruned.
    ///
    /// The stack lives in a stack-allocated buffer (at most `depth + 1` entries are pending): no allocation.
    @inlinable @inline(__always)
    func _traverse(
        query: UnitVector,
        bound: () -> Double,
        leaf: (_ lower: Int, _ upper: Int) -> Void
    ) {
        let count = self.count
        guard count > 0 else { return }
        let depth = self.depth
        _splitValues.withUnsafeBufferPointer { splitValues in
            _splitDimensions.withUnsafeBufferPointer { splitDimensions in
                withUnsafeTemporaryAllocation(of: _PendingNode.self, capacity: 64) { stack in
                    var top = 0
                    stack.initializeElement(
                        at: 0, to: _PendingNode(node: 0, lowerBound: 0, offsetX: 0, offsetY: 0, offsetZ: 0))
                    top = 1
                    while top > 0 {
                        top -= 1
                        var pending = stack[top]
                        if pending.lowerBound > bound() { continue }
                        var level = KDTree._level(ofNode: pending.node)
                        while level < depth {
                            let node = pending.node
                            let dimension = splitDimensions[node]
                            let split = Double(splitValues[node])
                            let difference: Double
                            let oldOffset: Double
                            switch dimension {
                            case 0: difference = query.x - split; oldOffset = pending.offsetX
                            case 1: difference = query.y - split; oldOffset = pending.offsetY
                            default: difference = query.z - split; oldOffset = pending.offsetZ
                            }
                            let near = difference < 0 ? 2 &* node &+ 1 : 2 &* node &+ 2
                            let far = difference < 0 ? 2 &* node &+ 2 : 2 &* node &+ 1
                            let farBound = pending.lowerBound - oldOffset * oldOffset + difference * difference
                            if farBound <= bound() {
                                var farPending = pending
                                farPending.node = far
                                farPending.lowerBound = farBound
                                switch dimension {
                                case 0: farPending.offsetX = difference
                                case 1: farPending.offsetY = difference
                                default: farPending.offsetZ = difference
                                }
                                stack[top] = farPending
                                top += 1
                            }
                            pending.node = near
                            level += 1
                        }
                        let (lower, upper) = KDTree._range(node: pending.node, level: depth, count: count)
                        leaf(lower, upper)
                    }
                }
            }
        }
    }
}
