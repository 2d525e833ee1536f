/// The pending subtrees of a best-first search: a binary min-heap on ``_PendingNode/lowerBound``, in a caller's
/// (stack) buffer that moves to the heap memory of its own only if it fills (thousands of pending subtrees: k
/// comparable to the tree's size). Call ``release()`` when done.
@usableFromInline
struct _NodeHeap {
    @usableFromInline var storage: UnsafeMutablePointer<_PendingNode>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    @usableFromInline var ownsStorage = false

    @inlinable
    init(_ buffer: UnsafeMutableBufferPointer<_PendingNode>) {
        storage = buffer.baseAddress!
        capacity = buffer.count
    }

    /// The smallest lower bound pending, +infinity when none is.
    @inlinable @inline(__always)
    var minimumBound: Double { count > 0 ? storage[0].lowerBound : .infinity }

    @inlinable @inline(__always)
    mutating func push(_ element: _PendingNode) {
        if count == capacity { grow() }
        var child = count
        count &+= 1
        while child > 0 {
            let parent = (child &- 1) >> 1
            if storage[parent].lowerBound <= element.lowerBound { break }
            storage[child] = storage[parent]
            child = parent
        }
        storage[child] = element
    }

    /// Removes and returns the pending subtree of smallest lower bound; nil when none is left.
    @inlinable @inline(__always)
    mutating func popMinimum() -> _PendingNode? {
        guard count > 0 else { return nil }
        let minimum = storage[0]
        count &-= 1
        let last = storage[count]
        var parent = 0
        while true {
            var child = 2 &* parent &+ 1
            if child >= count { break }
            if child &+ 1 < count && storage[child &+ 1].lowerBound < storage[child].lowerBound { child &+= 1 }
            if storage[child].lowerBound >= last.lowerBound { break }
            storage[parent] = storage[child]
            parent = child
        }
        storage[parent] = last
        return minimum
    }

    @inlinable @inline(never)
    mutating func grow() {
        let bigger = UnsafeMutablePointer<_PendingNode>.allocate(capacity: 2 &* capacity)
        bigger.initialize(from: storage, count: count)
        if ownsStorage { storage.deallocate() }
        storage = bigger
        capacity = 2 &* capacity
        ownsStorage = true
    }

    /// Frees the storage the heap allocated when it outgrew the caller's buffer.
    @inlinable
    mutating func release() {
        if ownsStorage { storage.deallocate() }
        ownsStorage = false
        count = 0
    }
}
