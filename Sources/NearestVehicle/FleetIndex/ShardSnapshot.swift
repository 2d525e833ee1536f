import Foundation
import Geo
import SpatialIndex

/// What a query reads: one customer's base and the log prefix `0 ..< count`. Immutable once taken.
struct ShardSnapshot: Sendable {
    /// The customer whose vehicles these are (every base vehicle's `customerId`).
    let customerId: String
    let base: ShardBase
    let chunks: [LogChunk]
    let count: Int
    /// k-d trees over consecutive log ranges `[0, segmentedCount)`; the rest of the prefix is scanned.
    let segments: [LogSegment]
    let segmentedCount: Int

    /// Whether log position `position` holds a current entry for this snapshot.
    @inline(__always)
    func isAlive(logPosition position: Int) -> Bool {
        let (chunk, offset) = LogChunk.locate(position)
        return chunks[chunk].marks.isAlive(offset, before: count)
    }

    /// The attribute word of the entry at log position `position` (``LogAttributeWord``).
    @inline(__always)
    func attributeWord(_ position: Int) -> UInt64 {
        let (chunk, offset) = LogChunk.locate(position)
        return chunks[chunk].words[offset]
    }

    /// The entry at log position `position`.
    @inline(__always)
    func entry(_ position: Int) -> UnsafePointer<LogEntry> {
        let (chunk, offset) = LogChunk.locate(position)
        return UnsafePointer(chunks[chunk].entries + offset)
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
            let (index, offset) = LogChunk.locate(position)
            let chunk = chunks[index]
            let chunkStart = position - offset
            let end = Swift.min(count, chunkStart + LogChunk.capacity(ofChunk: index))
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
        for index in 0..<base.count where base.marks.isAlive(index, before: count) {
            body(base.vehicle(index, customerId: customerId), base.slots[index])
        }
        forEachLiveEntry { _, entry in body(entry.pointee.vehicle!, entry.pointee.slot) }
    }

    /// Appends the row of every vehicle current in this snapshot (base vehicles, then log upserts, the order of
    /// ``forEachCurrentVehicle(_:)``) to `rows`, for a rebuild: a base vehicle's row is its columns as they are (the
    /// tree's prepared point, its timestamp, its attribute code translated once per distinct code), a log upsert's
    /// its chunk's prepared point and its position's fields. No trigonometry, no `VehiclePosition` made.
    func appendCurrentRows(to rows: inout ShardRows) {
        rows.reserveCapacity(base.count + count)
        rows.prepared.reserveCapacity(base.count + count)
        var memo = [UInt32](repeating: .max, count: base.columns.tupleCount)
        for index in 0..<base.count where base.marks.isAlive(index, before: count) {
            rows.slots.append(base.slots[index])
            rows.prepared.append(base.tree.preparedPoint(atSlot: index))
            rows.timestamps.append(base.columns.timestamp(index))
            rows.codes.append(rows.attributes.code(base.columns.code(index), of: base, memo: &memo))
        }
        forEachLiveEntry { position, entry in
            let (chunk, offset) = LogChunk.locate(position)
            let vehicle = entry.pointee.vehicle.unsafelyUnwrapped
            rows.slots.append(entry.pointee.slot)
            rows.prepared.append(chunks[chunk].preparedPoint(offset))
            rows.timestamps.append(vehicle.timestamp.timeIntervalSinceReferenceDate)
            rows.codes.append(rows.attributes.code(entityId: vehicle.entityId, groupId: vehicle.groupId,
                                                   state: vehicle.state, privacy: vehicle.isPrivacyMode))
        }
    }

    /// Calls `body(entry, vector)` for every log entry of positions `lower ..< upper`, in order (`vector`: the
    /// entry's unit vector, NaN for a removal).
    func forEachEntry(from lower: Int, to upper: Int, _ body: (LogEntry, UnitVector) -> Void) {
        for position in lower..<upper {
            let (index, offset) = LogChunk.locate(position)
            let chunk = chunks[index]
            let vector = UnitVector(x: chunk.vectors[3 * offset], y: chunk.vectors[3 * offset + 1],
                                    z: chunk.vectors[3 * offset + 2])
            body(chunk.entries[offset], vector)
        }
    }

    /// The vehicle of a ``Hit`` source: base index (>= 0) or log position `-(source + 1)`.
    @inline(__always)
    func vehicle(_ source: Int) -> VehiclePosition {
        if source >= 0 { return base.vehicle(source, customerId: customerId) }
        let position = -(source + 1)
        let (chunk, offset) = LogChunk.locate(position)
        return chunks[chunk].entries[offset].vehicle!
    }

    /// The fields of a ``Hit`` source's vehicle, one at a time (no `VehiclePosition` for a base vehicle): what a
    /// caller that writes an answer field by field reads (``NearbyVehicleList/timestamp(at:)`` and its siblings).
    @inline(__always)
    func timestamp(_ source: Int) -> Double {
        if source >= 0 { return base.columns.timestamp(source) }
        return logEntry(source).pointee.vehicle!.timestamp.timeIntervalSinceReferenceDate
    }

    @inline(__always)
    func state(_ source: Int) -> VehicleState {
        if source >= 0 { return base.states[Int(base.columns.states[base.columns.code(source)])] }
        return logEntry(source).pointee.vehicle!.state
    }

    @inline(__always)
    func groupId(_ source: Int) -> String? {
        if source >= 0 {
            let code = base.columns.groups[base.columns.code(source)]
            return code >= 0 ? base.groupNames[Int(code)] : nil
        }
        return logEntry(source).pointee.vehicle!.groupId
    }

    @inline(__always)
    func isPrivacyMode(_ source: Int) -> Bool {
        if source >= 0 { return base.columns.privacy[base.columns.code(source)] }
        return logEntry(source).pointee.vehicle!.isPrivacyMode
    }

    /// The log entry of a negative ``Hit`` source (log position `-(source + 1)`): an upsert (removals are never
    /// hits), so its `vehicle` is set.
    @inline(__always)
    private func logEntry(_ source: Int) -> UnsafeMutablePointer<LogEntry> {
        let (chunk, offset) = LogChunk.locate(-(source + 1))
        return chunks[chunk].entries + offset
    }

    /// The coordinate of a ``Hit`` source.
    @inline(__always)
    func coordinate(_ source: Int) -> Coordinate {
        if source >= 0 { return base.coordinate(source) }
        let position = -(source + 1)
        let (chunk, offset) = LogChunk.locate(position)
        return chunks[chunk].coordinates[offset]
    }

    /// The id of a ``Hit`` source.
    @inline(__always)
    func id(_ source: Int) -> String {
        if source >= 0 { return base.id(source) }
        return id(logPosition: -(source + 1))
    }

    /// The id of the vehicle of log position `position`.
    @inline(__always)
    func id(logPosition position: Int) -> String { base.arena[slot(logPosition: position)] }

    /// The id-table slot of the vehicle of log position `position`.
    @inline(__always)
    func slot(logPosition position: Int) -> Int32 { Self.slot(logPosition: position, chunks: chunks) }

    /// The id-table slot of a ``Hit`` source's vehicle.
    @inline(__always)
    func slot(_ source: Int) -> Int32 { Self.slot(source, base: base, chunks: chunks) }

    /// ``slot(_:)`` from the two parts of a snapshot it reads: for closures called many times (a sort's
    /// comparisons), which would otherwise copy the whole snapshot (six references retained and released) per call.
    @inline(__always)
    static func slot(_ source: Int, base: ShardBase, chunks: [LogChunk]) -> Int32 {
        source >= 0 ? base.slots[source] : slot(logPosition: -(source + 1), chunks: chunks)
    }

    /// ``slot(logPosition:)`` from the log's chunks alone.
    @inline(__always)
    static func slot(logPosition position: Int, chunks: [LogChunk]) -> Int32 {
        let (chunk, offset) = LogChunk.locate(position)
        return chunks[chunk].entries[offset].slot
    }

    /// ``slot(logPosition:chunks:)`` from the chunks' buffer (a caller that must not retain the array).
    @inline(__always)
    static func slot(logPosition position: Int, chunks: UnsafeBufferPointer<LogChunk>) -> Int32 {
        let (chunk, offset) = LogChunk.locate(position)
        return chunks[chunk].entries[offset].slot
    }
}

