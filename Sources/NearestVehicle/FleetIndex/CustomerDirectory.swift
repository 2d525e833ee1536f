import Synchronization

/// The customers queries can find, and the published snapshot of each: an immutable id → code table plus one
/// atomic snapshot pointer per code, read by queries without a lock (inside ``ReadEpochs/read(_:)``).
///
/// Replaced, not changed, when a customer is first published: the writer (holding the index's lock) builds a new
/// directory with the new customer, moves the current snapshot pointers into it, publishes it and retires the old
/// one (a query still holding the old one reads snapshots that were current when it started; they are freed only
/// after it ends). The pointers of the *current* directory own one retain of their ``PublishedShard``; a retired
/// directory owns none.
///
/// The table is open addressing over raw buffers (no `Dictionary` or `Array` buffer is retained by a query), so
/// a query costs one hash of the customer id's bytes and one byte comparison (ids are exact, as ``ExactID``).
final class CustomerDirectory: @unchecked Sendable {
    /// Customer ids by code (`0 ..< count`).
    private let names: UnsafeMutablePointer<String>
    let count: Int
    /// Power-of-two table of codes (-1: empty), probed linearly from the id's hash.
    private let table: UnsafeMutablePointer<Int32>
    private let mask: Int
    /// The published snapshot of each code (`Unmanaged<PublishedShard>` opaque pointers; nil: none).
    let shards: UnsafeMutablePointer<Atomic<UnsafeMutableRawPointer?>>

    /// A directory of `names` (codes are positions) with no snapshot published.
    init(names: [String]) {
        count = names.count
        self.names = .allocate(capacity: Swift.max(1, count))
        self.names.initialize(from: names, count: count)
        var size = 8
        while size < 2 * count { size *= 2 }
        mask = size - 1
        table = .allocate(capacity: size)
        table.initialize(repeating: -1, count: size)
        shards = .allocate(capacity: Swift.max(1, count))
        for code in 0..<count { (shards + code).initialize(to: Atomic(nil)) }
        for code in 0..<count {
            var probe = Self.hash(names[code]) & mask
            while table[probe] >= 0 { probe = (probe &+ 1) & mask }
            table[probe] = Int32(code)
        }
    }

    deinit {
        names.deinitialize(count: count)
        names.deallocate()
        table.deallocate()
        shards.deinitialize(count: count)
        shards.deallocate()
    }

    /// The table's hash of an id: ``SeededHash`` of its UTF-8 bytes (ids are exact), not `String.hashValue`, which
    /// normalises first. Its keys are the writers' customers, and a probe compares bytes, so a collision costs a
    /// comparison, never a wrong code.
    @inline(__always)
    static func hash(_ id: String) -> Int {
        var id = id
        return id.withUTF8 { Int(truncatingIfNeeded: SeededHash.bytes(UnsafeRawBufferPointer($0))) }
    }

    /// The code of `customerId`, or nil.
    @inline(__always)
    func code(of customerId: String) -> Int? {
        var probe = Self.hash(customerId) & mask
        while true {
            let code = Int(table[probe])
            if code < 0 { return nil }
            if VehiclePosition.sameID(names[code], customerId) { return code }
            probe = (probe &+ 1) & mask
        }
    }
}

/// What a query reads for one customer, as published by a writer: an immutable box around the snapshot, so a
/// query reaches it through one pointer; an answer keeps the snapshot alive through one of the box's leases.
///
/// Every thread asking for one customer reads the same box, and an atomic increment and decrement of one shared
/// object per answer moved its cache line from core to core at each query (a retain and a release: 19 ns alone,
/// 80 ns with two threads at it, `Benchmarks/README.md` run 43). So an answer retains a ``SnapshotLease`` of its
/// thread's stripe (``ReadEpochs/currentStripe()``, 16 stripes), created by the first query of that stripe: threads
/// on different stripes write to different lines.
final class PublishedShard: @unchecked Sendable {
    let snapshot: ShardSnapshot
    /// The lease of each stripe (`Unmanaged<SnapshotLease>`, one retain owned by this box; nil: none yet), installed
    /// by compare-and-exchange: written once, then only read.
    private let leases: UnsafeMutablePointer<Atomic<UnsafeMutableRawPointer?>>

    /// How many leases a box may hold (a power of two).
    static let leaseStripes = 16

    init(_ snapshot: ShardSnapshot) {
        self.snapshot = snapshot
        leases = .allocate(capacity: Self.leaseStripes)
        for stripe in 0..<Self.leaseStripes { (leases + stripe).initialize(to: Atomic(nil)) }
    }

    deinit {
        for stripe in 0..<Self.leaseStripes {
            if let lease = leases[stripe].load(ordering: .acquiring) {
                Unmanaged<SnapshotLease>.fromOpaque(lease).release()
            }
        }
        leases.deinitialize(count: Self.leaseStripes)
        leases.deallocate()
    }

    /// The lease of `stripe`'s threads, with one retain for the caller (an answer takes it over); the first query
    /// of a stripe creates it (two racing creators: one lease is installed, the other freed).
    @inline(__always)
    func retainedLease(stripe: Int) -> SnapshotLease {
        let slot = leases + (stripe & (Self.leaseStripes &- 1))
        if let lease = slot.pointee.load(ordering: .acquiring) {
            return Unmanaged<SnapshotLease>.fromOpaque(lease).retain().takeRetainedValue()
        }
        return installLease(at: slot)
    }

    @inline(never)
    private func installLease(at slot: UnsafeMutablePointer<Atomic<UnsafeMutableRawPointer?>>) -> SnapshotLease {
        let fresh = Unmanaged.passRetained(SnapshotLease(snapshot))  // the box's retain
        let (installed, current) = slot.pointee.compareExchange(
            expected: nil, desired: fresh.toOpaque(), successOrdering: .acquiringAndReleasing,
            failureOrdering: .acquiring)
        if installed { return fresh.retain().takeRetainedValue() }
        fresh.release()
        return Unmanaged<SnapshotLease>.fromOpaque(current!).retain().takeRetainedValue()
    }
}

/// A published snapshot as an answer holds it (see ``PublishedShard``): the snapshot's parts, retained, on a line of
/// their own (padded past 128 bytes, so two leases' reference counts never share a cache line, nor an adjacent-line
/// prefetch pair).
final class SnapshotLease: Sendable {
    let snapshot: ShardSnapshot
    private let padding: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    init(_ snapshot: ShardSnapshot) {
        self.snapshot = snapshot
    }
}
