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

    /// The timestamp (seconds since the reference date) of the position at `place`, a current place of this shard
    /// (not ``Place/none``).
    @inline(__always)
    func timestamp(at place: Int32) -> Double {
        if place >= 0 { return base.columns.timestamp(Int(place)) }
        let (chunk, offset) = LogChunk.locate(-(Int(place) + 1))
        return chunks[chunk].entries[offset].vehicle!.timestamp.timeIntervalSinceReferenceDate
    }

    /// Appends an upsert of `vehicle` (id-table slot `slot`), superseding the entry at `previous` (a place in this
    /// shard, or ``Place/none``). `vector` and `cosPhi` are `vehicle.coordinate`'s unit vector and cos(latitude),
    /// computed by the caller before it took the lock (``Prepared``).
    /// - Returns: The new place of the slot.
    mutating func upsert(_ vehicle: VehiclePosition, slot: Int32, replacing previous: Int32,
                         prepared: Prepared) -> Int32 {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(vehicle: vehicle, slot: slot), vector: prepared.vector, cosPhi: prepared.cosPhi,
               coordinate: vehicle.coordinate)
        return Place.log(sequence)
    }

    /// A coordinate's unit vector and cos(latitude), computed outside the lock.
    struct Prepared {
        var vector: UnitVector
        var cosPhi: Double

        init(vector: UnitVector, cosPhi: Double) {
            self.vector = vector
            self.cosPhi = cosPhi
        }

        init(_ coordinate: Coordinate) {
            cosPhi = coordinate.cosineOfLatitude
            vector = UnitVector(coordinate, cosineOfLatitude: cosPhi)
        }
    }

    /// Appends a removal of the vehicle of slot `slot`, superseding the entry at `previous`. The slot's place
    /// becomes ``Place/none``.
    mutating func remove(slot: Int32, replacing previous: Int32) {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(vehicle: nil, slot: slot), vector: UnitVector(x: .nan, y: .nan, z: .nan), cosPhi: .nan,
               coordinate: LogSegment.placeholder)
    }

    /// The log range to index next, if at least `size` entries are unsegmented: from `start` (the unsegmented
    /// entries and the last `replacing` segments) to ``logCount``.
    ///
    /// LSM-style merging, as a binary counter: the new segment absorbs the previous segments as long as each is
    /// no larger than what it has absorbed so far, so segment sizes at least double from the newest to the oldest
    /// and a log of n entries has at most log2(n / size) + 1 segments for a query to search (each entry is
    /// re-indexed O(log n) times over the log's life).
    func nextSegment(size: Int) -> (start: Int, replacing: Int)? {
        guard size > 0, logCount - segmentedCount >= size else { return nil }
        var start = segmentedCount, replacing = 0
        while replacing < segments.count {
            let previous = segments[segments.count - 1 - replacing]
            guard previous.count <= logCount - start else { break }
            start = previous.start
            replacing += 1
        }
        return (start, replacing)
    }

    /// Installs `segment`, which covers the last `replacing` segments and every entry after them up to its end.
    mutating func install(_ segment: LogSegment, replacing: Int) {
        segments.removeLast(replacing)
        segments.append(segment)
        segmentedCount = segment.start + segment.count
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

    private mutating func append(_ entry: LogEntry, vector: UnitVector, cosPhi: Double, coordinate: Coordinate) {
        precondition(logCount < Int(Int32.max - 1), "log overflow; rebuild thresholds keep it far smaller")
        let (index, slot) = LogChunk.locate(logCount)
        if index == chunks.count { chunks.append(LogChunk(capacity: LogChunk.capacity(ofChunk: index))) }
        let chunk = chunks[index]
        (chunk.entries + slot).initialize(to: entry)
        (chunk.coordinates + slot).initialize(to: coordinate)
        chunk.cosines[slot] = cosPhi
        chunk.vectors[3 * slot] = vector.x
        chunk.vectors[3 * slot + 1] = vector.y
        chunk.vectors[3 * slot + 2] = vector.z
        chunk.initialized += 1
        logCount += 1
    }
}

