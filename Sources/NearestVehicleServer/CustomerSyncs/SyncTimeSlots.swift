import Synchronization

/// A lock-free front of ``CustomerSyncs``' last-good-sync times: customer → seconds since the reference date, in an
/// insert-only open-addressing table the hot path (``CustomerSyncs/isFresh(_:)``) reads without a lock.
///
/// Written only under the owner's lock, together with its dictionary (which stays the authority: a customer the
/// table could not take, when it is full, is found there). A customer's slot never changes once taken: its
/// `taken` word is set (release) after its id, so a reader that sees it taken (acquire) sees the id; the time is
/// one atomic word, replaced by each good sync, so a reader gets a time the dictionary held at some instant. Never
/// emptied (customers are never forgotten). Checked by `SyncTimeSlotsTests`.
final class SyncTimeSlots: @unchecked Sendable {
    // @unchecked Sendable: the only state is `words`, atomics allocated in init and freed in deinit; every access
    // goes through `Atomic` operations.
    let capacity: Int
    /// Words per slot: taken, customer, time.
    private static let stride = 4
    private let words: UnsafeMutablePointer<Atomic<Int>>

    /// - Parameter customers: how many customers it should hold (the table takes twice that, a power of two, at
    ///   most 65 536 slots; beyond, the owner's dictionary answers).
    init(customers: Int) {
        var capacity = 16
        while capacity < 2 * customers, capacity < 1 << 16 { capacity <<= 1 }
        self.capacity = capacity
        words = .allocate(capacity: capacity * Self.stride)
        for index in 0..<(capacity * Self.stride) { (words + index).initialize(to: Atomic(0)) }
    }

    deinit {
        words.deinitialize(count: capacity * Self.stride)
        words.deallocate()
    }

    @inline(__always)
    private func start(_ customerId: Int64) -> Int {
        let mixed = UInt(bitPattern: Int(truncatingIfNeeded: customerId)) &* 0x9E37_79B9_7F4A_7C15
        return Int(mixed >> 32) & (capacity - 1)
    }

    /// The last good sync time of `customerId`, or nil when the table does not hold it (ask the dictionary).
    @inline(__always)
    func time(of customerId: Int64) -> Double? {
        let key = Int(truncatingIfNeeded: customerId)
        var index = start(customerId)
        for _ in 0..<capacity {
            let slot = words + index * Self.stride
            guard slot[0].load(ordering: .acquiring) != 0 else { return nil }
            if slot[1].load(ordering: .relaxed) == key {
                return Double(bitPattern: UInt64(UInt(bitPattern: slot[2].load(ordering: .relaxed))))
            }
            index = (index + 1) & (capacity - 1)
        }
        return nil
    }

    /// Records `time` as the customer's last good sync. Call under the owner's lock.
    /// - Returns: false when the table is full and does not hold the customer (the dictionary must answer).
    @discardableResult
    func record(_ customerId: Int64, time: Double) -> Bool {
        let key = Int(truncatingIfNeeded: customerId), bits = Int(bitPattern: UInt(time.bitPattern))
        var index = start(customerId)
        for _ in 0..<capacity {
            let slot = words + index * Self.stride
            if slot[0].load(ordering: .relaxed) == 0 {
                slot[1].store(key, ordering: .relaxed)
                slot[2].store(bits, ordering: .relaxed)
                slot[0].store(1, ordering: .releasing)
                return true
            }
            if slot[1].load(ordering: .relaxed) == key {
                slot[2].store(bits, ordering: .relaxed)
                return true
            }
            index = (index + 1) & (capacity - 1)
        }
        return false
    }
}
