/// Every vehicle id the index has seen, stored once, by id-table slot (see ``WriterState``): append-only, in
/// fixed chunks that never move, so queries read ids of the slots a published snapshot refers to without a lock.
///
/// A slot never changes meaning (a removed vehicle keeps its slot, so an answer still being read can never see
/// another id there); the price is that ids of removed vehicles stay until the index is dropped. Appended only by
/// writers holding the index's lock; a slot is appended before any snapshot that refers to it is published, so
/// the publication (release / acquire) orders the id's bytes before a reader's access.
///
/// Ids are `String`s (16 bytes, inline up to 15 UTF-8 bytes: Ocean's numeric ids and the peer fleet's `V0000001`
/// never allocate), in chunks of 4096; chunks are found through a two-level directory (a 4 KiB top level of 512
/// pages, each page 1024 chunk pointers, allocated when first needed), so a small index pays ~76 KiB, not the whole
/// 2^31-slot directory.
final class IDArena: @unchecked Sendable {
    static let chunkShift = 12
    static let chunkCapacity = 1 << chunkShift
    static let pageShift = 10
    static let pageCapacity = 1 << pageShift
    /// 512 pages × 1024 chunks × 4096 ids: 2^31 slots, the most an `Int32` slot numbers.
    static let maximumPages = 1 << 9

    private typealias Chunk = UnsafeMutablePointer<String>
    private typealias Page = UnsafeMutablePointer<Chunk?>
    private let pages: UnsafeMutablePointer<Page?>
    /// Ids appended; written by writers under the lock (and read by deinit).
    private(set) var count = 0

    init() {
        pages = .allocate(capacity: Self.maximumPages)
        pages.initialize(repeating: nil, count: Self.maximumPages)
    }

    deinit {
        var remaining = count
        var chunkNumber = 0
        while remaining > 0 {
            let filled = Swift.min(remaining, Self.chunkCapacity)
            let chunk = pages[chunkNumber >> Self.pageShift]![chunkNumber & (Self.pageCapacity - 1)]!
            chunk.deinitialize(count: filled)
            chunk.deallocate()
            remaining -= filled
            chunkNumber += 1
        }
        for page in 0..<Self.maximumPages {
            guard let page = pages[page] else { continue }
            page.deinitialize(count: Self.pageCapacity)
            page.deallocate()
        }
        pages.deallocate()
    }

    /// Appends `id`; returns its slot. Writers only, under the index's lock.
    func append(_ id: String) -> Int32 {
        let slot = count
        precondition(slot < Int(Int32.max), "more than 2^31 - 1 distinct vehicle ids")
        let chunkNumber = slot >> Self.chunkShift
        if slot & (Self.chunkCapacity - 1) == 0 {
            if chunkNumber & (Self.pageCapacity - 1) == 0 {
                let page = Page.allocate(capacity: Self.pageCapacity)
                page.initialize(repeating: nil, count: Self.pageCapacity)
                pages[chunkNumber >> Self.pageShift] = page
            }
            pages[chunkNumber >> Self.pageShift]![chunkNumber & (Self.pageCapacity - 1)] =
                .allocate(capacity: Self.chunkCapacity)
        }
        let chunk = pages[chunkNumber >> Self.pageShift]![chunkNumber & (Self.pageCapacity - 1)]!
        (chunk + (slot & (Self.chunkCapacity - 1))).initialize(to: id)
        count = slot + 1
        return Int32(slot)
    }

    /// The id of `slot` (a slot this arena returned, published to the caller).
    @inline(__always)
    subscript(slot: Int32) -> String {
        let slot = Int(slot)
        let chunkNumber = slot >> Self.chunkShift
        let page = pages[chunkNumber >> Self.pageShift].unsafelyUnwrapped
        return page[chunkNumber & (Self.pageCapacity - 1)].unsafelyUnwrapped[slot & (Self.chunkCapacity - 1)]
    }
}
