/// The pending subtrees of a best-first search, smallest ``_PendingNode/lowerBound`` first, in a caller's (stack)
/// buffer that moves to the heap memory of its own only if it fills (thousands of pending subtrees: k comparable to
/// the tree's size). Call ``release()`` when done.
///
/// Up to ``sortedLimit`` entries it is an array sorted in descending order: a pop takes the last entry, a push
/// shifts the smaller ones up by one (one loop, its branch taken until its exit), where a binary heap's pop sifts
/// down through every level choosing a child at each. Past the limit the array is reversed once, which makes it a
/// valid binary min-heap, and the search goes on with the heap. Both pop the same keys in the same (ascending)
/// order, so the search visits the same nodes either way. Far queries, which keep dozens of subtrees pending, gain
/// (`continent` −5 %, `far500` −2 to −4 %), the common case is unchanged (Benchmarks/README section 2).
///
/// Each entry is one 64-bit key: the bound's upper 32 bits, then the node's complement. A non-negative `Double`'s
/// bit pattern orders as an integer, and dropping its low bits rounds it down (``stored(_:)``), so a popped bound is
/// still a lower bound (at most 2^-20 relative below the exact one: a subtree may be entered that the exact bound
/// would have pruned, never the reverse); the heap compares and moves 8 bytes, not 16. Among equal bounds (a depot's
/// subtrees) the deepest node comes first, so the search reaches leaves instead of going level by level.
@usableFromInline
struct _NodeHeap {
    @usableFromInline var storage: UnsafeMutablePointer<UInt64>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    @usableFromInline var ownsStorage = false
    /// Whether the entries are still a descending sorted array (else a binary min-heap).
    @usableFromInline var isSorted = true

    /// The most entries kept as a sorted array (a push shifts up to this many).
    @usableFromInline static let sortedLimit = 64

    @inlinable
    init(_ buffer: UnsafeMutableBufferPointer<UInt64>) {
        storage = buffer.baseAddress!
        capacity = buffer.count
    }

    @usableFromInline static let boundMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// `bound` as the heap stores it (rounded down): compare a bound with ``minimumBound`` in this form.
    @inlinable @inline(__always)
    static func stored(_ bound: Double) -> Double { Double(bitPattern: bound.bitPattern & boundMask) }

    /// The smallest lower bound pending (rounded down as stored), +infinity when none is.
    @inlinable @inline(__always)
    var minimumBound: Double {
        guard count > 0 else { return .infinity }
        return Double(bitPattern: storage[isSorted ? count &- 1 : 0] & Self.boundMask)
    }

    @inlinable @inline(__always)
    mutating func push(_ element: _PendingNode) {
        let key = element.lowerBound.bitPattern & Self.boundMask | UInt64(~UInt32(truncatingIfNeeded: element.node))
        if isSorted {
            if count < Self.sortedLimit && count < capacity {
                var position = count
                count &+= 1
                while position > 0 && storage[position &- 1] < key {
                    storage[position] = storage[position &- 1]
                    position &-= 1
                }
                storage[position] = key
                return
            }
            becomeHeap()
        }
        if count == capacity { grow() }
        var child = count
        count &+= 1
        while child > 0 {
            let parent = (child &- 1) >> 1
            if storage[parent] <= key { break }
            storage[child] = storage[parent]
            child = parent
        }
        storage[child] = key
    }

    /// Removes and returns the pending subtree of smallest lower bound (rounded down); nil when none is left.
    @inlinable @inline(__always)
    mutating func popMinimum() -> _PendingNode? {
        guard count > 0 else { return nil }
        if isSorted {
            count &-= 1
            return Self.pending(storage[count])
        }
        let minimum = storage[0]
        count &-= 1
        let last = storage[count]
        var parent = 0
        while true {
            var child = 2 &* parent &+ 1
            if child >= count { break }
            if child &+ 1 < count && storage[child &+ 1] < storage[child] { child &+= 1 }
            if storage[child] >= last { break }
            storage[parent] = storage[child]
            parent = child
        }
        storage[parent] = last
        return Self.pending(minimum)
    }

    @inlinable @inline(__always)
    static func pending(_ key: UInt64) -> _PendingNode {
        _PendingNode(node: Int(~UInt32(truncatingIfNeeded: key)), lowerBound: Double(bitPattern: key & boundMask))
    }

    /// Reverses the descending array: ascending, it is a binary min-heap (each entry no larger than those after it).
    @inlinable @inline(never)
    mutating func becomeHeap() {
        var entries = UnsafeMutableBufferPointer(start: storage, count: count)
        entries.reverse()
        isSorted = false
    }

    @inlinable @inline(never)
    mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 &* capacity)
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
        isSorted = true
    }
}
