import Foundation

/// Every vehicle id the index has seen, stored once, by id-table slot (see ``WriterState``): append-only, in
/// fixed chunks that never move, so queries read ids of the slots a published snapshot refers to without a lock.
///
/// A slot never changes meaning (a removed vehicle keeps its slot, so an answer still being read can never see
/// another id there); the price is that ids of removed vehicles stay until the index is dropped. Appended only by
/// writers holding the index's lock; a slot is appended before any snapshot that refers to it is published, so
/// the publication (release / acquire) orders the id's bytes before a reader's access.
///
/// Ids are `String`s (16 bytes, inline up to 15 UTF-8 bytes: Ocean's numeric ids and the peer fleet's `V0000001`
/// never allocate); the chunk directory is reserved at once (4 MiB of address space, touched only as chunks are
/// added).
final class IDArena: @unchecked Sendable {
    static let chunkShift = 12
    static let chunkCapacity = 1 << chunkShift
    /// 2^19 chunks of 4096 ids: 2^31 slots, the most an `Int32` slot numbers.
    static let maximumChunks = 1 << 19

    private let directory: UnsafeMutablePointer<UnsafeMutablePointer<String>?>
    /// Ids appended; written by writers under the lock (and read by deinit).
    private(set) var count = 0

    init() {
        // calloc: zeroed (nil) pointers, pages untouched until a chunk is added.
        directory = calloc(Self.maximumChunks, MemoryLayout<UnsafeMutablePointer<String>?>.stride)!
            .bindMemory(to: UnsafeMutablePointer<String>?.self, capacity: Self.maximumChunks)
    }

    deinit {
        var remaining = count
        var chunk = 0
        while remaining > 0 {
            let filled = Swift.min(remaining, Self.chunkCapacity)
            directory[chunk]!.deinitialize(count: filled)
            directory[chunk]!.deallocate()
            remaining -= filled
            chunk += 1
        }
        free(directory)
    }

    /// Appends `id`; returns its slot. Writers only, under the index's lock.
    func append(_ id: String) -> Int32 {
        let slot = count
        precondition(slot < Int(Int32.max), "more than 2^31 - 1 distinct vehicle ids")
        let chunk = slot >> Self.chunkShift
        if slot & (Self.chunkCapacity - 1) == 0 {
            directory[chunk] = .allocate(capacity: Self.chunkCapacity)
        }
        (directory[chunk]! + (slot & (Self.chunkCapacity - 1))).initialize(to: id)
        count = slot + 1
        return Int32(slot)
    }

    /// The id of `slot` (a slot this arena returned, published to the caller).
    @inline(__always)
    subscript(slot: Int32) -> String {
        let slot = Int(slot)
        return directory[slot >> Self.chunkShift].unsafelyUnwrapped[slot & (Self.chunkCapacity - 1)]
    }
}
