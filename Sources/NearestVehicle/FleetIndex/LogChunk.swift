import Geo
import SpatialIndex

/// One log entry: an upsert (`vehicle` set) or a removal (`vehicle` nil) of the vehicle whose id-table slot is
/// `slot` (its id: ``IDArena``).
struct LogEntry {
    let vehicle: VehiclePosition?
    let slot: Int32
}

/// A fixed-capacity block of the append-only log. Slots are initialised once by a writer (under the lock)
/// before the snapshot count that covers them is published, and never changed afterwards.
///
/// Chunks grow geometrically: 32, 64, 128, 256 and 512 entries, then 1024 each (``locate(_:)``), so a customer
/// with a handful of log entries allocates ~5 KiB rather than a whole 1024-entry chunk (~150 KiB), and a long log
/// has the same chunks as with a fixed size.
final class LogChunk: @unchecked Sendable {
    /// The size of every chunk after the first five.
    static let capacity = 1024
    /// Entries of chunk 0; chunk i < 5 holds `firstCapacity << i`.
    static let firstCapacity = 32
    static let geometricChunks = 5
    /// Log positions covered by the five geometric chunks (32 + 64 + 128 + 256 + 512).
    static let geometricEnd = firstCapacity * ((1 << geometricChunks) - 1)

    /// The chunk holding log position `position`, and the position's offset in it.
    @inline(__always)
    static func locate(_ position: Int) -> (chunk: Int, offset: Int) {
        if position < geometricEnd {
            let chunk = Int.bitWidth - 1 - (position / firstCapacity + 1).leadingZeroBitCount
            return (chunk, position - firstCapacity * ((1 << chunk) - 1))
        }
        let beyond = position - geometricEnd
        return (geometricChunks + beyond / capacity, beyond % capacity)
    }

    /// The number of entries chunk `chunk` holds.
    @inline(__always)
    static func capacity(ofChunk chunk: Int) -> Int { chunk < geometricChunks ? firstCapacity << chunk : capacity }

    let entries: UnsafeMutablePointer<LogEntry>
    /// Unit vector of each entry (x, y, z; NaN for a removal, so it never passes a distance test): scanned
    /// before any entry is touched.
    let vectors: UnsafeMutablePointer<Double>
    /// Coordinate of each entry (latitude 0, longitude 0 for a removal), so a segment is built without copying
    /// the entries.
    let coordinates: UnsafeMutablePointer<Coordinate>
    /// Each entry's attribute word (``LogAttributeWord``; 0 for a removal): a filter rejects most of
    /// the entries it excludes by this word, without reading the vehicle.
    let words: UnsafeMutablePointer<UInt64>
    let marks: SequenceMarks
    /// Initialised slots; touched only by writers under the lock, and by deinit.
    var initialized = 0

    init(capacity: Int) {
        entries = .allocate(capacity: capacity)
        vectors = .allocate(capacity: 3 * capacity)
        coordinates = .allocate(capacity: capacity)
        words = .allocate(capacity: capacity)
        marks = SequenceMarks(capacity: capacity)
    }

    deinit {
        entries.deinitialize(count: initialized)
        entries.deallocate()
        vectors.deallocate()
        coordinates.deinitialize(count: initialized)
        coordinates.deallocate()
        words.deallocate()
    }

    /// The prepared point of upsert `offset` (its coordinate and `Float` vector, as a tree stores them).
    @inline(__always)
    func preparedPoint(_ offset: Int) -> KDTree.PreparedPoint {
        KDTree.PreparedPoint(coordinate: coordinates[offset], x: Float(vectors[3 * offset]),
                             y: Float(vectors[3 * offset + 1]), z: Float(vectors[3 * offset + 2]))
    }
}

