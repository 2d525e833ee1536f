import Foundation

/// Everything writers change, behind the index's lock.
///
/// One id table for the whole index: each id ever seen has a *slot* (assigned on first sight, kept after a
/// removal, so a slot never changes meaning), its text stored once in ``arena``, and per-slot columns say who
/// holds it (customer code, -1 when removed) and where it is in that customer's shard (whose columns hold its
/// timestamp, for the newest-timestamp rule: 8 bytes per vehicle less than a per-slot copy). An upsert hashes its
/// id once.
struct WriterState {
    var shards = ExactIDMap<ShardState>()
    /// Each id ever upserted, by slot (read by queries too, see ``IDArena``).
    let arena = IDArena()
    /// Slot of each id ever upserted.
    var ids = IDTable()
    /// By slot: the holding customer's code, or -1 (removed).
    var slotCustomer = SlotCustomers()
    /// By slot: the place of the current position in its customer's shard (see ``Place``).
    var slotPlace: [Int32] = []
    /// Vehicles held (slots with a customer).
    var liveCount = 0
    /// Customer ids by code, and codes by id. Codes are never reused (a customer that loses all its vehicles
    /// keeps its code): a handful of strings per customer ever seen.
    var customerNames: [String] = []
    var customerCodes = ExactIDMap<Int32>()
    /// By customer code: the vehicles the customer holds (slots with that code), so that
    /// ``FleetIndex/count(customerId:)`` is O(1).
    var customerCounts: [Int] = []
    /// Snapshots and directories unpublished since the last ``FleetIndex/reclaimRetired(force:)`` that freed them.
    var retired: [AnyObject] = []

    /// The code of `customerId`, assigned on first use.
    mutating func customerCode(_ customerId: String) -> Int32 {
        if let code = customerCodes[customerId] { return code }
        let code = Int32(customerNames.count)
        customerNames.append(customerId)
        customerCodes[customerId] = code
        customerCounts.append(0)
        return code
    }

    /// The slot of `id`, assigned (with no customer) on first sight: one hash look-up either way.
    mutating func intern(_ id: String) -> Int32 {
        let key = IDArena.Key(id)
        return intern(key, hash: IDTable.hash(key))
    }

    /// ``intern(_:)`` with the id's key and table hash computed beforehand.
    mutating func intern(_ key: IDArena.Key, hash: UInt32) -> Int32 {
        let (slot, isNew) = ids.intern(key, hash: hash, in: arena)
        if isNew {
            slotCustomer.append(-1)
            slotPlace.append(Place.none)
        }
        return slot
    }

    /// The slot of `id`, or nil if it was never upserted.
    func slot(of id: String) -> Int32? { ids.slot(of: id, in: arena) }
}


/// The holding customer's code of each slot (-1: none), 2 bytes per slot while every code is below 65 535 (the
/// common case: a fleet file or an Ocean sync has a handful of customers), widened once to 4 bytes by the first code
/// that is not.
struct SlotCustomers: RandomAccessCollection, MutableCollection {
    /// The codes while every one is narrow (``none``: -1); emptied when the column widens.
    private var narrow: [UInt16] = []
    /// The codes once one was not narrow (empty until then).
    private var wide: [Int32] = []
    private var isWide = false
    private static let none = UInt16.max

    var startIndex: Int { 0 }
    var endIndex: Int { isWide ? wide.count : narrow.count }

    subscript(slot: Int) -> Int32 {
        get {
            if isWide { return wide[slot] }
            let code = narrow[slot]
            return code == Self.none ? -1 : Int32(code)
        }
        set {
            if !isWide, let code = Self.narrowCode(newValue) {
                narrow[slot] = code
                return
            }
            if !isWide { widen() }
            wide[slot] = newValue
        }
    }

    mutating func append(_ code: Int32) {
        if !isWide, let narrowCode = Self.narrowCode(code) {
            narrow.append(narrowCode)
            return
        }
        if !isWide { widen() }
        wide.append(code)
    }

    mutating func reserveCapacity(_ capacity: Int) {
        if isWide { wide.reserveCapacity(capacity) } else { narrow.reserveCapacity(capacity) }
    }

    /// The 16-bit form of `code` (-1 or 0 ..< 65 535), or nil.
    @inline(__always)
    private static func narrowCode(_ code: Int32) -> UInt16? {
        if code < 0 { return none }
        return code < Int32(none) ? UInt16(code) : nil
    }

    private mutating func widen() {
        wide = narrow.map { $0 == Self.none ? -1 : Int32($0) }
        narrow = []
        isWide = true
    }
}
