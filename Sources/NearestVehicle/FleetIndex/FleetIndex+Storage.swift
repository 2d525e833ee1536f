import Foundation
import Geo
import SpatialIndex
import Synchronization  // Atomic (the supersede marks)

// Internal storage of FleetIndex: see the type's documentation ("Design") for how the pieces fit.

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
    @inline(__always)
    func isAlive(_ index: Int, before count: Int) -> Bool {
        pointer[index].load(ordering: .relaxed) >= UInt32(truncatingIfNeeded: count)
    }

    /// Whether entry `index` is current now (writers, under the lock).
    func isAliveNow(_ index: Int) -> Bool { pointer[index].load(ordering: .relaxed) == .max }

    /// Marks entry `index` superseded at `sequence` unless it already is (writers, under the lock).
    func supersede(_ index: Int, at sequence: Int) {
        if pointer[index].load(ordering: .relaxed) == .max {
            pointer[index].store(UInt32(sequence), ordering: .relaxed)
        }
    }
}

/// One log entry: an upsert (`vehicle` set) or a removal (`vehicle` nil) of `id`, whose slot in the index's id
/// table (``WriterState/slotByID``) is `slot`.
struct LogEntry {
    let id: String
    let vehicle: VehiclePosition?
    let slot: Int32
}

/// A fixed-capacity block of the append-only log. Slots are initialised once by a writer (under the lock)
/// before the snapshot count that covers them is published, and never changed afterwards.
final class LogChunk: @unchecked Sendable {
    static let capacity = 1024
    let entries: UnsafeMutablePointer<LogEntry>
    /// Unit vector of each entry (x, y, z; NaN for a removal, so it never passes a distance test): scanned
    /// before any entry is touched.
    let vectors: UnsafeMutablePointer<Double>
    /// Coordinate of each entry (latitude 0, longitude 0 for a removal), so a segment is built without copying
    /// the entries.
    let coordinates: UnsafeMutablePointer<Coordinate>
    let marks = SequenceMarks(capacity: LogChunk.capacity)
    /// Initialised slots; touched only by writers under the lock, and by deinit.
    var initialized = 0

    init() {
        entries = .allocate(capacity: LogChunk.capacity)
        vectors = .allocate(capacity: 3 * LogChunk.capacity)
        coordinates = .allocate(capacity: LogChunk.capacity)
    }

    deinit {
        entries.deinitialize(count: initialized)
        entries.deallocate()
        vectors.deallocate()
        coordinates.deinitialize(count: initialized)
        coordinates.deallocate()
    }
}

/// An immutable k-d tree over one customer's vehicles as of the last rebuild, with per-vehicle filter columns.
///
/// The columns are owned buffers (stable addresses for the lifetime of the base), so a query reads them through
/// raw pointers: no reference counting or bounds checks inside the tree search.
final class ShardBase: @unchecked Sendable {
    let tree: KDTree
    let vehicles: [VehiclePosition]
    /// The id-table slot of each vehicle (by index): a rebuild installs places by slot, without hashing ids.
    let slots: [Int32]
    /// Superseded marks of the vehicles (by index), in the numbering of the log that started with this base.
    let marks: SequenceMarks
    let columns: FilterColumns
    let entityTable: [String: Int32]
    let groupTable: [String: Int32]
    let stateTable: [VehicleState: Int32]

    /// - Parameter vehicles: distinct ids (the caller deduplicates), in any order: they are stored in the
    ///   tree's order (neighbours in space are neighbours in memory), and indices everywhere are positions in it.
    /// - Parameter slots: the id-table slot of each vehicle, in the order of `vehicles`.
    init(vehicles input: [VehiclePosition], slots inputSlots: [Int32]) {
        precondition(input.count == inputSlots.count)
        // An Array, not `lazy.map`: the lazy collection goes through the unspecialised generic initialiser, with a
        // value-witness copy of every VehiclePosition (a quarter of a load's instructions at 100k).
        // (A loop reading the stored property, not `map(\.coordinate)`: that copies each whole VehiclePosition.)
        var coordinates: [Coordinate] = []
        coordinates.reserveCapacity(input.count)
        for index in input.indices { coordinates.append(input[index].coordinate) }
        let (tree, inputIndices) = KDTree(coordinates).renumberedInTreeOrder()
        self.tree = tree
        let vehicles = inputIndices.map { input[$0] }
        self.vehicles = vehicles
        slots = inputIndices.map { inputSlots[$0] }
        var entityTable: [String: Int32] = [:], groupTable: [String: Int32] = [:]
        var stateTable: [VehicleState: Int32] = [:]
        let columns = FilterColumns(count: vehicles.count)
        func code<Key: Hashable>(_ key: Key?, _ table: inout [Key: Int32]) -> Int32 {
            guard let key else { return -1 }
            if let code = table[key] { return code }
            let code = Int32(table.count)
            table[key] = code
            return code
        }
        var lastState: VehicleState? = nil, lastStateCode: Int32 = -1
        // Fields read in place (`vehicles[index].id`), not through a copied element: each VehiclePosition copy
        // retains its strings.
        for index in vehicles.indices {
            columns.entityCodes[index] = code(vehicles[index].entityId, &entityTable)
            columns.groupCodes[index] = code(vehicles[index].groupId, &groupTable)
            if vehicles[index].state != lastState {
                lastState = vehicles[index].state
                lastStateCode = code(vehicles[index].state, &stateTable)
            }
            columns.stateCodes[index] = lastStateCode
            columns.timestamps[index] = vehicles[index].timestamp.timeIntervalSinceReferenceDate
            columns.privacy[index] = vehicles[index].isPrivacyMode
        }
        self.entityTable = entityTable
        self.groupTable = groupTable
        self.stateTable = stateTable
        self.columns = columns
        marks = SequenceMarks(capacity: vehicles.count)
    }

    static let empty = ShardBase(vehicles: [], slots: [])
}

/// The filter attributes of a base's vehicles, by index, in owned buffers.
final class FilterColumns: @unchecked Sendable {
    let timestamps: UnsafeMutablePointer<Double>
    let privacy: UnsafeMutablePointer<Bool>
    /// Codes into the base's tables; -1 for no entity / group.
    let entityCodes: UnsafeMutablePointer<Int32>
    let groupCodes: UnsafeMutablePointer<Int32>
    let stateCodes: UnsafeMutablePointer<Int32>
    let count: Int

    init(count: Int) {
        self.count = count
        let capacity = Swift.max(1, count)
        timestamps = .allocate(capacity: capacity)
        privacy = .allocate(capacity: capacity)
        entityCodes = .allocate(capacity: capacity)
        groupCodes = .allocate(capacity: capacity)
        stateCodes = .allocate(capacity: capacity)
    }

    deinit {
        timestamps.deallocate()
        privacy.deallocate()
        entityCodes.deallocate()
        groupCodes.deallocate()
        stateCodes.deallocate()
    }
}

/// A ``VehicleFilter`` translated to the codes of one ``ShardBase``: pointer reads and array look-ups only, no
/// hashing or reference counting, in the search's hot loop. Valid while the base is alive.
struct CompiledFilter {
    let includesPrivacyMode: Bool
    let stateMask: [Bool]?
    /// Indexed by code + 1 (slot 0: no entity).
    let entityMask: [Bool]?
    let groupMask: [Bool]?
    let now: Double
    let maxAge: Double?
    let timestamps: UnsafePointer<Double>
    let privacy: UnsafePointer<Bool>
    let entityCodes: UnsafePointer<Int32>
    let groupCodes: UnsafePointer<Int32>
    let stateCodes: UnsafePointer<Int32>

    init(_ filter: VehicleFilter, for base: ShardBase) {
        includesPrivacyMode = filter.includesPrivacyMode
        stateMask = filter.states.map { states in
            var mask = [Bool](repeating: false, count: base.stateTable.count)
            for state in states { if let code = base.stateTable[state] { mask[Int(code)] = true } }
            return mask
        }
        func mask(_ wanted: Set<String>?, _ table: [String: Int32]) -> [Bool]? {
            wanted.map { wanted in
                var mask = [Bool](repeating: false, count: table.count + 1)
                for key in wanted { if let code = table[key] { mask[Int(code) + 1] = true } }
                return mask
            }
        }
        entityMask = mask(filter.entityIds, base.entityTable)
        groupMask = mask(filter.groupIds, base.groupTable)
        now = filter.now.timeIntervalSinceReferenceDate
        maxAge = filter.maxPositionAge
        let columns = base.columns
        timestamps = UnsafePointer(columns.timestamps)
        privacy = UnsafePointer(columns.privacy)
        entityCodes = UnsafePointer(columns.entityCodes)
        groupCodes = UnsafePointer(columns.groupCodes)
        stateCodes = UnsafePointer(columns.stateCodes)
    }

    /// The first criterion base vehicle `index` fails, as ``VehicleFilter/exclusionReason(for:)``.
    @inline(__always)
    func reason(_ index: Int) -> ExclusionCounts.Reason? {
        if !includesPrivacyMode && privacy[index] { return .privacyMode }
        if let stateMask, !stateMask[Int(stateCodes[index])] { return .state }
        if let entityMask, !entityMask[Int(entityCodes[index]) + 1] { return .entity }
        if let groupMask, !groupMask[Int(groupCodes[index]) + 1] { return .group }
        if let maxAge, now - timestamps[index] > maxAge { return .positionAge }
        return nil
    }
}

/// What a query reads: one customer's base and the log prefix `0 ..< count`. Immutable once taken.
struct ShardSnapshot: Sendable {
    let base: ShardBase
    let chunks: [LogChunk]
    let count: Int
    /// k-d trees over consecutive log ranges `[0, segmentedCount)`; the rest of the prefix is scanned.
    let segments: [LogSegment]
    let segmentedCount: Int

    /// Whether log position `position` holds a current entry for this snapshot.
    @inline(__always)
    func isAlive(logPosition position: Int) -> Bool {
        chunks[position / LogChunk.capacity].marks.isAlive(position % LogChunk.capacity, before: count)
    }

    /// The entry at log position `position`.
    @inline(__always)
    func entry(_ position: Int) -> UnsafePointer<LogEntry> {
        UnsafePointer(chunks[position / LogChunk.capacity].entries + position % LogChunk.capacity)
    }

    /// Calls `body(position, entry)` for every current upsert of log positions `start ..< count` whose unit vector
    /// lies within `chordSquaredBound` of `vector` (pass `.infinity` for all). Only the vectors and marks are read
    /// for the others.
    @inline(__always)
    func forEachLiveEntry(
        from start: Int = 0,
        near vector: UnitVector = UnitVector(x: 0, y: 0, z: 0), chordSquaredBound: Double = .infinity,
        _ body: (Int, UnsafePointer<LogEntry>) -> Void
    ) {
        let all = chordSquaredBound == .infinity
        var position = start
        while position < count {
            let chunk = chunks[position / LogChunk.capacity]
            let chunkStart = position - position % LogChunk.capacity
            let end = Swift.min(count, chunkStart + LogChunk.capacity)
            let vectors = chunk.vectors
            for slot in (position - chunkStart)..<(end - chunkStart) {
                let dx = vectors[3 &* slot] - vector.x
                let dy = vectors[3 &* slot &+ 1] - vector.y
                let dz = vectors[3 &* slot &+ 2] - vector.z
                let chordSquared = dx * dx + dy * dy + dz * dz
                // NaN (a removal) fails both tests.
                guard all ? !chordSquared.isNaN : chordSquared <= chordSquaredBound else { continue }
                guard chunk.marks.isAlive(slot, before: count) else { continue }
                body(chunkStart &+ slot, UnsafePointer(chunk.entries + slot))
            }
            position = end
        }
    }

    /// Calls `body(vehicle, slot)` for every vehicle current in this snapshot: base vehicles, then log upserts.
    func forEachCurrentVehicle(_ body: (VehiclePosition, Int32) -> Void) {
        for index in base.vehicles.indices where base.marks.isAlive(index, before: count) {
            body(base.vehicles[index], base.slots[index])
        }
        forEachLiveEntry { body($1.pointee.vehicle!, $1.pointee.slot) }
    }

    /// Calls `body` for every log entry of positions `lower ..< upper`, in order.
    func forEachEntry(from lower: Int, to upper: Int, _ body: (LogEntry) -> Void) {
        for position in lower..<upper {
            body(chunks[position / LogChunk.capacity].entries[position % LogChunk.capacity])
        }
    }

    /// The vehicle of a ``Hit`` source: base index (>= 0) or log position `-(source + 1)`.
    @inline(__always)
    func vehicle(_ source: Int) -> VehiclePosition {
        if source >= 0 { return base.vehicles[source] }
        let position = -(source + 1)
        return chunks[position / LogChunk.capacity].entries[position % LogChunk.capacity].vehicle!
    }

    /// The id of a ``Hit`` source.
    @inline(__always)
    func id(_ source: Int) -> String {
        if source >= 0 { return base.vehicles[source].id }
        let position = -(source + 1)
        return chunks[position / LogChunk.capacity].entries[position % LogChunk.capacity].id
    }
}

/// Where a slot's current position is in its customer's shard: a base index (>= 0), a log position `p` stored as
/// `-(p + 1)`, or ``none``.
enum Place {
    static let none = Int32.min

    @inline(__always) static func log(_ position: Int) -> Int32 { Int32(truncatingIfNeeded: -(position + 1)) }
}

/// One customer's mutable state (inside the index's lock).
///
/// Ids are not hashed here: the caller passes each record's slot and the place it replaces (from
/// ``WriterState/slotPlace``, or a rebuild's own table while it replays) and stores the place returned.
struct ShardState {
    var base: ShardBase
    var chunks: [LogChunk] = []
    var logCount = 0
    var isRebuilding = false
    /// Trees over the log ranges `[0, segmentedCount)` (see ``LogSegment``).
    var segments: [LogSegment] = []
    var segmentedCount = 0
    var isSegmenting = false
    /// Incremented each time a rebuild installs a new base and log (a segment built for an older log is dropped).
    var generation = 0

    init(base: ShardBase) {
        self.base = base
    }

    var snapshot: ShardSnapshot {
        ShardSnapshot(base: base, chunks: chunks, count: logCount, segments: segments, segmentedCount: segmentedCount)
    }

    /// The position at `place` (a place this shard returned and that is still current), or nil for ``Place/none``.
    func position(at place: Int32) -> VehiclePosition? {
        if place >= 0 { return base.vehicles[Int(place)] }
        if place == Place.none { return nil }
        let position = -(Int(place) + 1)
        return chunks[position / LogChunk.capacity].entries[position % LogChunk.capacity].vehicle
    }

    /// Appends an upsert of `vehicle` (id-table slot `slot`), superseding the entry at `previous` (a place in this
    /// shard, or ``Place/none``).
    /// - Returns: The new place of the slot.
    mutating func upsert(_ vehicle: VehiclePosition, slot: Int32, replacing previous: Int32) -> Int32 {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(id: vehicle.id, vehicle: vehicle, slot: slot), vector: UnitVector(vehicle.coordinate),
               coordinate: vehicle.coordinate)
        return Place.log(sequence)
    }

    /// Appends a removal of `id` (slot `slot`), superseding the entry at `previous`. The slot's place becomes
    /// ``Place/none``.
    mutating func remove(_ id: String, slot: Int32, replacing previous: Int32) {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(id: id, vehicle: nil, slot: slot), vector: UnitVector(x: .nan, y: .nan, z: .nan),
               coordinate: LogSegment.placeholder)
    }

    private func supersede(_ place: Int32, at sequence: Int) {
        if place >= 0 {
            base.marks.supersede(Int(place), at: sequence)
        } else if place != Place.none {
            let position = -(Int(place) + 1)
            chunks[position / LogChunk.capacity].marks.supersede(position % LogChunk.capacity, at: sequence)
        }
    }

    /// Calls `body(slot, place)` for every entry current now (base vehicles, then log upserts). Under the lock.
    func forEachCurrentPlace(_ body: (Int32, Int32) -> Void) {
        for index in base.vehicles.indices where base.marks.isAliveNow(index) {
            body(base.slots[index], Int32(index))
        }
        for position in 0..<logCount {
            let chunk = chunks[position / LogChunk.capacity]
            let slot = position % LogChunk.capacity
            guard chunk.marks.isAliveNow(slot), !chunk.vectors[3 * slot].isNaN else { continue }
            body(chunk.entries[slot].slot, Place.log(position))
        }
    }

    private mutating func append(_ entry: LogEntry, vector: UnitVector, coordinate: Coordinate) {
        precondition(logCount < Int(Int32.max - 1), "log overflow; rebuild thresholds keep it far smaller")
        if logCount % LogChunk.capacity == 0 { chunks.append(LogChunk()) }
        let chunk = chunks[logCount / LogChunk.capacity]
        let slot = logCount % LogChunk.capacity
        (chunk.entries + slot).initialize(to: entry)
        (chunk.coordinates + slot).initialize(to: coordinate)
        chunk.vectors[3 * slot] = vector.x
        chunk.vectors[3 * slot + 1] = vector.y
        chunk.vectors[3 * slot + 2] = vector.z
        chunk.initialized += 1
        logCount += 1
    }
}

/// Everything writers change, behind the index's lock.
///
/// One id table for the whole index: each id ever seen has a *slot* (assigned on first sight, kept after a
/// removal, so a slot never changes meaning), and per-slot columns say who holds it (customer code, -1 when
/// removed), how new its position is, and where it is in that customer's shard. An upsert hashes its id once.
struct WriterState {
    var shards: [String: ShardState] = [:]
    /// Slot of each id ever upserted.
    var slotByID: [String: Int32] = [:]
    /// By slot: the holding customer's code, or -1 (removed).
    var slotCustomer: [Int32] = []
    /// By slot: the timestamp of the current position (newest-timestamp rule).
    var slotTimestamp: [Date] = []
    /// By slot: the place of the current position in its customer's shard (see ``Place``).
    var slotPlace: [Int32] = []
    /// Vehicles held (slots with a customer).
    var liveCount = 0
    /// Customer ids by code, and codes by id. Codes are never reused (a customer that loses all its vehicles
    /// keeps its code): a handful of strings per customer ever seen.
    var customerNames: [String] = []
    var customerCodes: [String: Int32] = [:]

    /// The code of `customerId`, assigned on first use.
    mutating func customerCode(_ customerId: String) -> Int32 {
        if let code = customerCodes[customerId] { return code }
        let code = Int32(customerNames.count)
        customerNames.append(customerId)
        customerCodes[customerId] = code
        return code
    }

    /// The slot of `id`, assigned (with no customer) on first sight: one hash look-up either way.
    mutating func intern(_ id: String) -> Int32 {
        let next = Int32(slotCustomer.count)
        // The defaulted subscript's modify accessor inserts `next` when the id is new, in the same look-up.
        let slot = { (value: inout Int32) in value }(&slotByID[id, default: next])
        if slot == next {
            slotCustomer.append(-1)
            slotTimestamp.append(.distantPast)
            slotPlace.append(Place.none)
        }
        return slot
    }
}

/// A k-d tree over the log positions `start ..< start + isUpsert.count` (removals at a dummy coordinate,
/// excluded through `isUpsert`), so that a query searches a long log in O(log) per segment instead of scanning it.
/// Built outside the lock by the writer that filled ``FleetIndex/Configuration/logSegmentSize`` entries.
final class LogSegment: Sendable {
    let start: Int
    let tree: KDTree
    let isUpsert: [Bool]

    /// The coordinate stored for a removal (never reported: `isUpsert` excludes it).
    static let placeholder = try! Coordinate(latitude: 0, longitude: 0)

    /// Indexes log positions `start ..< end` of `snapshot`, reading the chunks' coordinates (no entry is copied).
    init(start: Int, end: Int, of snapshot: ShardSnapshot) {
        self.start = start
        var isUpsert: [Bool] = []
        var coordinates: [Coordinate] = []
        isUpsert.reserveCapacity(end - start)
        coordinates.reserveCapacity(end - start)
        for position in start..<end {
            let chunk = snapshot.chunks[position / LogChunk.capacity]
            let slot = position % LogChunk.capacity
            isUpsert.append(!chunk.vectors[3 * slot].isNaN)
            coordinates.append(chunk.coordinates[slot])
        }
        self.isUpsert = isUpsert
        tree = KDTree(coordinates)
    }
}
