#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Epoch-based reclamation for what queries read without a lock: a writer that unpublished an object (a replaced
/// snapshot or customer directory) frees it only after every query that could have loaded it has finished.
///
/// Readers register in one of 64 striped counters (chosen by thread, each on its own 128-byte line, so readers on
/// different cores share no cache line) for the current *generation*'s parity; `synchronize()` advances the
/// generation and waits until the counters of the old parity drain. A reader increments, then re-checks that the
/// generation did not move (else it retries), so it never counts itself in a parity a writer already waited for.
///
/// Why this is safe (all operations sequentially consistent): a writer stores the new pointer (W1), advances the
/// generation g → g + 1 (W2) and reads the counters of parity g (W3); a reader increments the counter of parity g
/// (R1), reads the generation (R2: still g, or it retries) and loads the pointer (R3). If W3 missed R1, then R1
/// follows W3, so R2 follows W2 and reads g + 1: the reader retries, and its retry loads the new pointer. So a
/// reader that loaded the old pointer is counted when the writer looks, and the writer waits for it.
///
/// Cost: a query pays two uncontended atomic read-modify-writes on a line its thread owns; a writer pays one
/// generation flip and a scan of 64 counters per reclamation, plus the wait for queries already running.
final class ReadEpochs: @unchecked Sendable {
    static let stripeCount = 64
    /// Ints per counter: 128 bytes, so neighbouring counters never share a cache line (nor an adjacent-line
    /// prefetch pair).
    private static let spacing = 16

    /// `[parity][stripe]` reader counts.
    private let counters: UnsafeMutablePointer<Atomic<Int>>
    private let generation = Atomic<Int>(0)
    /// Serialises `synchronize()` calls (one generation flip at a time); holds the number of flips. (Not
    /// `LockedState<Void>`: ThreadSanitizer's Swift access checks report the zero-sized state's inout access as
    /// a race with the lock's own fields.)
    private let flip = LockedState<Int>(0)

    init() {
        let total = 2 * Self.stripeCount * Self.spacing
        counters = .allocate(capacity: total)
        for index in 0..<total { (counters + index).initialize(to: Atomic(0)) }
    }

    deinit {
        counters.deinitialize(count: 2 * Self.stripeCount * Self.spacing)
        counters.deallocate()
    }

    /// The counter a reader of this thread uses for `parity`.
    @inline(__always)
    private func counter(parity: Int, stripe: Int) -> UnsafeMutablePointer<Atomic<Int>> {
        counters + (parity &* Self.stripeCount &+ stripe) &* Self.spacing
    }

    /// The stripe of the calling thread, in `0 ..< stripeCount` (a hash of its id: threads that run at once rarely
    /// share one).
    @inline(__always)
    static func currentStripe() -> Int {
        #if canImport(Darwin)
        let thread = UInt(bitPattern: pthread_self())
        #else
        let thread = UInt(pthread_self())
        #endif
        return Int(truncatingIfNeeded: (thread &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// Runs `body` inside a read-side critical section: nothing unpublished before `body` ends is freed before
    /// it ends. `body` must not call `synchronize()` (it would wait for itself).
    @inline(__always)
    func read<Result>(_ body: () throws -> Result) rethrows -> Result {
        let stripe = Self.currentStripe()
        var counter: UnsafeMutablePointer<Atomic<Int>>
        while true {
            let current = generation.load(ordering: .sequentiallyConsistent)
            counter = self.counter(parity: current & 1, stripe: stripe)
            counter.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if generation.load(ordering: .sequentiallyConsistent) == current { break }
            counter.pointee.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        }
        defer { counter.pointee.wrappingSubtract(1, ordering: .sequentiallyConsistent) }
        return try body()
    }

    /// Waits until every read-side critical section that began before this call has ended. Call after
    /// unpublishing an object and before freeing it; never from inside ``read(_:)``.
    func synchronize() {
        flip.withLock { flips in
            flips &+= 1
            let old = generation.load(ordering: .sequentiallyConsistent)
            generation.store(old &+ 1, ordering: .sequentiallyConsistent)
            for stripe in 0..<Self.stripeCount {
                let counter = self.counter(parity: old & 1, stripe: stripe)
                var spins = 0
                while counter.pointee.load(ordering: .sequentiallyConsistent) != 0 {
                    spins += 1
                    if spins > 64 { sched_yield() }
                }
            }
        }
    }
}
