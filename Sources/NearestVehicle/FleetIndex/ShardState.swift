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
    /// The end of the segment claim in flight (while ``isSegmenting``).
    var segmentingEnd = 0
    /// No new segment absorbs a segment starting below this log position: set by a rebuild's claim to where its
    /// snapshot ends, so that the segments writers build meanwhile index only entries the rebuild replays, and its
    /// fresh log can take them over (``adoptSegments(_:offset:)``) instead of indexing them again.
    var segmentFloor = 0
    /// On a rebuild's fresh shard that took over the old log's segments at its install: the old log position of
    /// its position 0, and its `segmentedCount` then. A segment claimed on the old log and built after the install
    /// is installed here, rebased, while nothing changed since (``FleetIndex/buildSegment(_:)``).
    var adoption: (offset: Int, segmentedCount: Int)? = nil
    /// Whether a quiet-compaction check is pending (see ``FleetIndex/Configuration/quietCompactionDelay``).
    var quietCheckScheduled = false
    /// Incremented each time a rebuild installs a new base and log (a segment built for an older log is dropped).
    var generation = 0
    /// When a writer last claimed a segment (`DispatchTime` nanoseconds; 0: never): how fast the log grew since
    /// decides how eagerly the next segment merges (``FleetIndex/claimSegment(of:in:)``).
    var lastSegmentClaim: UInt64 = 0
    /// The attribute words of the appended entries (``LogAttributeWord``).
    var attributeWords = LogAttributeWord.Cache()

    init(customerId: String, base: ShardBase) {
        self.customerId = customerId
        self.base = base
    }

    var snapshot: ShardSnapshot {
        ShardSnapshot(customerId: customerId, base: base, chunks: chunks, count: logCount, segments: segments, segmentedCount: segmentedCount)
    }

    /// The shard as it was when its log held `count` entries (`count <= logCount`): what a rebuild that cuts its
    /// snapshot at a segment boundary reads (marks are by sequence, so the prefix is exactly that state). Its
    /// segments are not needed (a rebuild reads the base and the log's entries).
    func snapshot(upTo count: Int) -> ShardSnapshot {
        precondition(count <= logCount)
        return ShardSnapshot(customerId: customerId, base: base, chunks: chunks, count: count, segments: [],
                             segmentedCount: 0)
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

    /// Asks the CPU to load what an upsert replacing the entry at `place` reads and writes first, when it is a base
    /// vehicle (its timestamp and superseded mark: random reads in a large base); a hint, nothing for other places.
    @inline(__always)
    func prefetch(place: Int32) {
        guard place >= 0, Int(place) < base.count else { return }
        base.columns.timestamps.prefetch(Int(place))
        base.marks.prefetch(Int(place))
    }

    /// Appends an upsert of `vehicle` (id-table slot `slot`), superseding the entry at `previous` (a place in this
    /// shard, or ``Place/none``). `vector` is `vehicle.coordinate`'s unit vector, computed by the caller before
    /// it took the lock (its trigonometry).
    /// - Returns: The new place of the slot.
    mutating func upsert(_ vehicle: VehiclePosition, slot: Int32, replacing previous: Int32,
                         vector: UnitVector) -> Int32 {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(vehicle: vehicle, slot: slot), vector: vector, coordinate: vehicle.coordinate,
               word: attributeWords.word(of: vehicle))
        return Place.log(sequence)
    }

    /// Appends a removal of the vehicle of slot `slot`, superseding the entry at `previous`. The slot's place
    /// becomes ``Place/none``.
    mutating func remove(slot: Int32, replacing previous: Int32) {
        let sequence = logCount
        supersede(previous, at: sequence)
        append(LogEntry(vehicle: nil, slot: slot), vector: UnitVector(x: .nan, y: .nan, z: .nan),
               coordinate: LogSegment.placeholder, word: 0)
    }

    /// The log range to index next, if at least `size` entries are unsegmented: from `start` (the unsegmented
    /// entries and the last `replacing` segments) to ``logCount``.
    ///
    /// LSM-style merging, as a binary counter: the new segment absorbs the previous segments as long as each is
    /// no larger than what it has absorbed so far, so segment sizes at least double from the newest to the oldest
    /// and a log of n entries has at most log2(n / size) + 1 segments for a query to search (each entry is
    /// re-indexed O(log n) times over the log's life). `eager`: as long as each is at most
    /// ``LogSegment/eagerMergeFactor`` times what it has absorbed: sizes grow at least fourfold, about a third fewer
    /// segments on average (3.43 → 2.36 over a 62 500-entry log of 512-entry steps) for 70 % more indexing
    /// (3.6 → 6.1 per entry). `largest`: no merge makes a segment of more entries than this (see
    /// ``FleetIndex/largestLogSegment(baseCount:)``); past it, segments of about that size accumulate.
    func nextSegment(size: Int, eager: Bool = false, largest: Int = .max) -> (start: Int, replacing: Int)? {
        guard size > 0, logCount - segmentedCount >= size else { return nil }
        let factor = eager ? LogSegment.eagerMergeFactor : 1
        var start = segmentedCount, replacing = 0
        while replacing < segments.count {
            let previous = segments[segments.count - 1 - replacing]
            guard previous.count <= factor * (logCount - start), previous.start >= segmentFloor,
                  logCount - previous.start <= largest else { break }
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
        assert(segmentsTile, "segments must cover the log from 0 without gaps or overlaps")
    }

    /// Whether the segments cover `[0, segmentedCount)` exactly, in order (debug checks).
    var segmentsTile: Bool {
        var end = 0
        for segment in segments {
            guard segment.start == end else { return false }
            end += segment.count
        }
        return end == segmentedCount && segmentedCount <= logCount
    }

    /// A rebuild's fresh shard, whose log position p holds what the old log holds at p + `offset` (the replay
    /// appends one entry per old entry, in order): takes over the old log's segments from `offset` on, rebased
    /// (the same trees: same points in the same order), when one starts exactly at `offset` and they cover no more
    /// than this log holds. Replaces this shard's own segments.
    /// - Returns: Whether it did.
    @discardableResult
    mutating func adoptSegments(_ old: [LogSegment], offset: Int) -> Bool {
        guard let first = old.firstIndex(where: { $0.start == offset }), let last = old.last else { return false }
        let end = last.start + last.count - offset
        guard end <= logCount else { return false }
        segments = old[first...].map { LogSegment(rebasing: $0, by: offset) }
        segmentedCount = end
        assert(segmentsTile, "adopted segments must cover the log from 0 without gaps or overlaps")
        return true
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

    private mutating func append(_ entry: LogEntry, vector: UnitVector, coordinate: Coordinate, word: UInt64) {
        precondition(logCount < Int(Int32.max - 1), "log overflow; rebuild thresholds keep it far smaller")
        let (index, slot) = LogChunk.locate(logCount)
        if index == chunks.count { chunks.append(LogChunk(capacity: LogChunk.capacity(ofChunk: index))) }
        let chunk = chunks[index]
        (chunk.entries + slot).initialize(to: entry)
        (chunk.coordinates + slot).initialize(to: coordinate)
        chunk.words[slot] = word
        chunk.vectors[3 * slot] = vector.x
        chunk.vectors[3 * slot + 1] = vector.y
        chunk.vectors[3 * slot + 2] = vector.z
        chunk.initialized += 1
        logCount += 1
    }
}

