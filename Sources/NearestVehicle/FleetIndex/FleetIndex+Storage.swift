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

/// One log entry: an upsert (`vehicle` set) or a removal (`vehicle` nil) of `id`.
struct LogEntry {
    let id: String
    let vehicle: VehiclePosition?
    /// Unit vector of the position (zero for a removal), for a cheap chord test before the haversine.
    let vector: UnitVector
}

/// A fixed-capacity block of the append-only log. Slots are initialised once by a writer (under the lock)
/// before the snapshot count that covers them is published, and never changed afterwards.
final class LogChunk: @unchecked Sendable {
    static let capacity = 1024
    let entries: UnsafeMutablePointer<LogEntry>
    let marks = SequenceMarks(capacity: LogChunk.capacity)
    /// Initialised slots; touched only by writers under the lock, and by deinit.
    var initialized = 0

    init() { entries = .allocate(capacity: LogChunk.capacity) }

    deinit {
        entries.deinitialize(count: initialized)
        entries.deallocate()
    }
}

/// An immutable k-d tree over one customer's vehicles as of the last rebuild, with per-vehicle filter columns.
final class ShardBase: Sendable {
    let tree: KDTree
    let vehicles: [VehiclePosition]
    let indexByID: [String: Int32]
    /// Superseded marks of the vehicles (by index), in the numbering of the log that started with this base.
    let marks: SequenceMarks
    let timestamps: [Double]
    let privacy: [Bool]
    /// Codes into the tables below; -1 for no entity / group.
    let entityCodes: [Int32]
    let groupCodes: [Int32]
    let stateCodes: [Int32]
    let entityTable: [String: Int32]
    let groupTable: [String: Int32]
    let stateTable: [VehicleState: Int32]

    /// - Parameter vehicles: distinct ids (the caller deduplicates).
    init(vehicles: [VehiclePosition]) {
        self.vehicles = vehicles
        tree = KDTree(vehicles.lazy.map(\.coordinate))
        var indexByID: [String: Int32] = [:]
        indexByID.reserveCapacity(vehicles.count)
        var entityTable: [String: Int32] = [:], groupTable: [String: Int32] = [:]
        var stateTable: [VehicleState: Int32] = [:]
        var entityCodes = [Int32](), groupCodes = [Int32](), stateCodes = [Int32]()
        var timestamps = [Double](), privacy = [Bool]()
        entityCodes.reserveCapacity(vehicles.count)
        groupCodes.reserveCapacity(vehicles.count)
        stateCodes.reserveCapacity(vehicles.count)
        timestamps.reserveCapacity(vehicles.count)
        privacy.reserveCapacity(vehicles.count)
        func code<Key: Hashable>(_ key: Key?, _ table: inout [Key: Int32]) -> Int32 {
            guard let key else { return -1 }
            if let code = table[key] { return code }
            let code = Int32(table.count)
            table[key] = code
            return code
        }
        for (index, vehicle) in vehicles.enumerated() {
            indexByID[vehicle.id] = Int32(index)
            entityCodes.append(code(vehicle.entityId, &entityTable))
            groupCodes.append(code(vehicle.groupId, &groupTable))
            stateCodes.append(code(vehicle.state, &stateTable))
            timestamps.append(vehicle.timestamp.timeIntervalSinceReferenceDate)
            privacy.append(vehicle.isPrivacyMode)
        }
        self.indexByID = indexByID
        self.entityTable = entityTable
        self.groupTable = groupTable
        self.stateTable = stateTable
        self.entityCodes = entityCodes
        self.groupCodes = groupCodes
        self.stateCodes = stateCodes
        self.timestamps = timestamps
        self.privacy = privacy
        marks = SequenceMarks(capacity: vehicles.count)
    }

    static let empty = ShardBase(vehicles: [])
}

/// A ``VehicleFilter`` translated to the codes of one ``ShardBase``: array look-ups only, no hashing, in the
/// search's hot loop.
struct CompiledFilter {
    let includesPrivacyMode: Bool
    let stateMask: [Bool]?
    /// Indexed by code + 1 (slot 0: no entity).
    let entityMask: [Bool]?
    let groupMask: [Bool]?
    let now: Double
    let maxAge: Double?

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
    }

    /// The first criterion vehicle `index` of `base` fails, as ``VehicleFilter/exclusionReason(for:)``.
    @inline(__always)
    func reason(_ index: Int, in base: ShardBase) -> ExclusionCounts.Reason? {
        if !includesPrivacyMode && base.privacy[index] { return .privacyMode }
        if let stateMask, !stateMask[Int(base.stateCodes[index])] { return .state }
        if let entityMask, !entityMask[Int(base.entityCodes[index]) + 1] { return .entity }
        if let groupMask, !groupMask[Int(base.groupCodes[index]) + 1] { return .group }
        if let maxAge, now - base.timestamps[index] > maxAge { return .positionAge }
        return nil
    }
}

/// What a query reads: one customer's base and the log prefix `0 ..< count`. Immutable once taken.
struct ShardSnapshot: Sendable {
    let base: ShardBase
    let chunks: [LogChunk]
    let count: Int

    /// Calls `body` for every current upsert of the log prefix.
    @inline(__always)
    func forEachLiveEntry(_ body: (LogEntry) -> Void) {
        var remaining = count
        for chunk in chunks where remaining > 0 {
            let inChunk = Swift.min(remaining, LogChunk.capacity)
            for slot in 0..<inChunk where chunk.marks.isAlive(slot, before: count) {
                let entry = chunk.entries[slot]
                if entry.vehicle != nil { body(entry) }
            }
            remaining -= inChunk
        }
    }

    /// Calls `body` for every log entry of positions `lower ..< upper`, in order.
    func forEachEntry(from lower: Int, to upper: Int, _ body: (LogEntry) -> Void) {
        for position in lower..<upper {
            body(chunks[position / LogChunk.capacity].entries[position % LogChunk.capacity])
        }
    }
}

/// One customer's mutable state (inside the index's lock).
struct ShardState {
    var base: ShardBase
    var chunks: [LogChunk] = []
    var logCount = 0
    /// Log position of each id whose current position is in the log.
    var logPlace: [String: Int32] = [:]
    var isRebuilding = false

    init(base: ShardBase) { self.base = base }

    var snapshot: ShardSnapshot { ShardSnapshot(base: base, chunks: chunks, count: logCount) }

    /// The current position of `id`, if this shard holds it.
    func position(of id: String) -> VehiclePosition? {
        if let place = logPlace[id] {
            return chunks[Int(place) / LogChunk.capacity].entries[Int(place) % LogChunk.capacity].vehicle
        }
        if let index = base.indexByID[id], base.marks.isAliveNow(Int(index)) { return base.vehicles[Int(index)] }
        return nil
    }

    mutating func upsert(_ vehicle: VehiclePosition) {
        let sequence = logCount
        supersedeCurrent(of: vehicle.id, at: sequence)
        append(LogEntry(id: vehicle.id, vehicle: vehicle, vector: UnitVector(vehicle.coordinate)))
        logPlace[vehicle.id] = Int32(sequence)
    }

    mutating func remove(_ id: String) {
        let sequence = logCount
        supersedeCurrent(of: id, at: sequence)
        append(LogEntry(id: id, vehicle: nil, vector: UnitVector(x: 0, y: 0, z: 0)))
        logPlace[id] = nil
    }

    private func supersedeCurrent(of id: String, at sequence: Int) {
        if let place = logPlace[id] {
            chunks[Int(place) / LogChunk.capacity].marks.supersede(Int(place) % LogChunk.capacity, at: sequence)
        } else if let index = base.indexByID[id] {
            base.marks.supersede(Int(index), at: sequence)
        }
    }

    private mutating func append(_ entry: LogEntry) {
        precondition(logCount < Int(UInt32.max - 1), "log overflow; rebuild thresholds keep it far smaller")
        if logCount % LogChunk.capacity == 0 { chunks.append(LogChunk()) }
        let chunk = chunks[logCount / LogChunk.capacity]
        (chunk.entries + logCount % LogChunk.capacity).initialize(to: entry)
        chunk.initialized += 1
        logCount += 1
    }
}

/// Who holds each id, and how new its position is: the newest-timestamp rule and customer moves.
struct Owner {
    var customerId: String
    var timestamp: Date
}

/// Everything writers change, behind the index's lock.
struct WriterState {
    var shards: [String: ShardState] = [:]
    var owners: [String: Owner] = [:]
}
