import CPrefetch
import Synchronization  // Atomic

/// Per-entry "superseded at" sequence numbers: `UInt32.max` while the entry is current, else the log sequence
/// number of the entry (upsert or tombstone) that replaced it. Written only by writers holding the index's lock,
/// read by queries without it (relaxed atomics; the lock that published a snapshot's count orders every mark
/// below that count before the query's reads).
final class SequenceMarks: @unchecked Sendable {
    private let pointer: UnsafeMutablePointer<Atomic<UInt32>>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: Swift.max(1, capacity))
        for index in 0..<capacity { (pointer + index).initialize(to: Atomic(UInt32.max)) }
    }

    deinit {
        pointer.deinitialize(count: capacity)
        pointer.deallocate()
    }

    /// Whether entry `index` is current for a snapshot holding log entries `0 ..< count`.
    ///
    /// A snapshot with an empty log (a base just loaded or rebuilt, no update since) has every entry current, and
    /// the mark is not read: a far query's candidates lie in leaves no query touched lately, and their marks' cache
    /// lines were a miss each, on top of the leaves' own (the same answer: every mark is >= 0).
    @inline(__always)
    func isAlive(_ index: Int, before count: Int) -> Bool { reader.isAlive(index, before: count) }

    /// The marks as a query reads them: a plain pointer, valid while this object lives (a snapshot's base holds
    /// it). A search's predicate captures this instead of the object, which it retained and released around the
    /// search: two atomic writes a query to an object that every thread asking for the customer shares.
    @inline(__always)
    var reader: Reader { Reader(pointer: pointer) }

    /// See ``reader``.
    struct Reader {
        let pointer: UnsafeMutablePointer<Atomic<UInt32>>

        /// ``SequenceMarks/isAlive(_:before:)``.
        @inline(__always)
        func isAlive(_ index: Int, before count: Int) -> Bool {
            count == 0 || pointer[index].load(ordering: .relaxed) >= UInt32(truncatingIfNeeded: count)
        }
    }

    /// Whether entry `index` is current now (writers, under the lock).
    func isAliveNow(_ index: Int) -> Bool { pointer[index].load(ordering: .relaxed) == .max }

    /// Asks the CPU to load the mark of entry `index` (a hint for a writer about to supersede it).
    @inline(__always)
    func prefetch(_ index: Int) { nv_prefetch(pointer + index) }

    /// Marks entry `index` superseded at `sequence` unless it already is (writers, under the lock).
    func supersede(_ index: Int, at sequence: Int) {
        if pointer[index].load(ordering: .relaxed) == .max {
            pointer[index].store(UInt32(sequence), ordering: .relaxed)
        }
    }
}

