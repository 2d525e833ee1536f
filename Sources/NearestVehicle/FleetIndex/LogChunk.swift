import Geo

/// One log entry: an upsert (`vehicle` set) or a removal (`vehicle` nil) of the vehicle whose id-table slot is
/// `slot` (its id: ``IDArena``).
struct LogEntry {
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

