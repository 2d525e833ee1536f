import Foundation
import Geo

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
    let customerId: String
    var base: ShardBase
    var chunks: [LogChunk] = []
    var logCount = 0
    var isRebuilding = false
    /// Trees over the log ranges `[0, segmentedCount)` (see ``LogSegment``).
    var segments: [LogSegment] = []
    var segmentedCount = 0
    var isSegmenting = false
    /// Whether a quiet-compaction check is pending (see ``FleetIndex/Configuration/quietCompactionDelay``).
    var quietCheckScheduled = false
    /// Incremented each time a rebuild installs a new base and log (a segment built for an older log is dropped).
    var generation = 0

    init(customerId: String, base: ShardBase) {
        self.customerId = customerId
        self.base = base
    }

    var snapshot: ShardSnapshot {
        ShardSnapshot(customerId: customerId, base: base, chunks: chunks, count: logCount, segments: segments, segmentedCount: segmentedCount)
    }

    /// The position at `place` (a place this shard returned and that is still current), or nil for ``Place/none``.
    func position(at place: Int32) -> VehiclePosition? {
        if place >= 0 { return base.vehicle(Int(place), customerId: customerId) }
        if place == Place.none { return nil }
        let position = -(Int(place) + 1)
        let (chunk, offset) = LogChunk.locate(position)
        return chunks[chunk].entries[offset].vehicle
    }

    /// Appends an upsert of `vehicle` (id-table slot `slot`), superseding the entry at `previous` (a place in this
    /// shard, or ``Place/none``).
    /// - Returns: The new place of the slot.
    mutating func upsert(_ vehicle: VehiclePosition, slot: Int32, replacing previous: Int32) -> Int32 {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(vehicle: vehicle, slot: slot), vector: UnitVector(vehicle.coordinate),
               coordinate: vehicle.coordinate)
        return Place.log(sequence)
    }

    /// Appends a removal of the vehicle of slot `slot`, superseding the entry at `previous`. The slot's place
    /// becomes ``Place/none``.
    mutating func remove(slot: Int32, replacing previous: Int32) {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(vehicle: nil, slot: slot), vector: UnitVector(x: .nan, y: .nan, z: .nan),
               coordinate: LogSegment.placeholder)
    }

    private func supersede(_ place: Int32, at sequence: Int) {
        if place >= 0 {
            base.marks.supersede(Int(place), at: sequence)
        } else if place != Place.none {
            let position = -(Int(place) + 1)
            let (chunk, offset) = LogChunk.locate(position)
            chunks[chunk].marks.supersede(offset, at: sequence)
        }
    }

    /// Calls `body(slot, place)` for every entry current now (base vehicles, then log upserts). Under the lock.
    func forEachCurrentPlace(_ body: (Int32, Int32) -> Void) {
        for index in 0..<base.count where base.marks.isAliveNow(index) {
            body(base.slots[index], Int32(index))
        }
        for position in 0..<logCount {
            let (index, slot) = LogChunk.locate(position)
            let chunk = chunks[index]
            guard chunk.marks.isAliveNow(slot), !chunk.vectors[3 * slot].isNaN else { continue }
            body(chunk.entries[slot].slot, Place.log(position))
        }
    }

    private mutating func append(_ entry: LogEntry, vector: UnitVector, coordinate: Coordinate) {
        precondition(logCount < Int(Int32.max - 1), "log overflow; rebuild thresholds keep it far smaller")
        let (index, slot) = LogChunk.locate(logCount)
        if index == chunks.count { chunks.append(LogChunk(capacity: LogChunk.capacity(ofChunk: index))) }
        let chunk = chunks[index]
        (chunk.entries + slot).initialize(to: entry)
        (chunk.coordinates + slot).initialize(to: coordinate)
        chunk.vectors[3 * slot] = vector.x
        chunk.vectors[3 * slot + 1] = vector.y
        chunk.vectors[3 * slot + 2] = vector.z
        chunk.initialized += 1
        logCount += 1
    }
}

