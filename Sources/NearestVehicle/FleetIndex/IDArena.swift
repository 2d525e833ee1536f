import Foundation

/// Every vehicle id the index has seen, stored once, by id-table slot (see ``WriterState``): append-only, in
/// fixed chunks that never move, so queries read ids of the slots a published snapshot refers to without a lock.
///
/// A slot never changes meaning (a removed vehicle keeps its slot, so an answer still being read can never see
/// another id there); the price is that ids of removed vehicles stay until the index is dropped. Appended only by
/// writers holding the index's lock; a slot is appended before any snapshot that refers to it is published, so
/// the publication (release / acquire) orders the id's bytes before a reader's access.
///
/// Each slot is one 64-bit *word*, its id's UTF-8 bytes packed when they fit, so the common ids cost 8 bytes (a
/// `String` took 16, and an allocation beyond 15 bytes):
/// - **inline**: ids of 1-8 bytes with no NUL byte (the peer fleet's `V0000001`, Ocean's ids below 10^8): byte i
///   in bits 8i ..< 8i + 8, zero above. Compared as integers: the big-endian value orders them bytewise.
/// - **numeric**: canonical decimal ids of 9-16 digits (no leading zero; Ocean's numeric ids): low byte 0xFE, the
///   value above it.
/// - **long**: any other id: low byte 0xFF, then a page and an offset into append-only byte pages (1 MiB each,
///   an id that does not fit gets a page of its own) holding its length (32 bits) and bytes: 12 bytes plus the id.
///
/// No valid UTF-8 first byte is 0xFE or 0xFF, and each id has exactly one form (inline before numeric), so two
/// slots hold the same id exactly when their words are equal, or both are long with equal bytes.
///
/// Words are in chunks of 4096, found through a two-level directory (a 4 KiB top level of 512 pages, each page
/// 1024 chunk pointers, allocated when first needed), so a small index pays ~40 KiB, not the whole 2^31-slot
/// directory.
final class IDArena: @unchecked Sendable {
    static let chunkShift = 12
    static let chunkCapacity = 1 << chunkShift
    static let pageShift = 10
    static let pageCapacity = 1 << pageShift
    /// 512 pages × 1024 chunks × 4096 ids: 2^31 slots, the most an `Int32` slot numbers.
    static let maximumPages = 1 << 9
    /// Long ids: byte pages of 1 MiB, at most 2^14 of them (16 GiB of long ids; the directory, 128 KiB, is allocated
    /// with the first long id).
    static let bytePageSize = 1 << 20
    static let maximumBytePages = 1 << 14

    static let numericTag: UInt64 = 0xFE
    static let longTag: UInt64 = 0xFF

    private typealias Chunk = UnsafeMutablePointer<UInt64>
    private typealias Page = UnsafeMutablePointer<Chunk?>
    private let pages: UnsafeMutablePointer<Page?>
    /// Ids appended; written by writers under the lock (and read by deinit).
    private(set) var count = 0
    /// Byte pages of the long ids (allocated with the first one); writers only append.
    private var bytePages: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
    private var bytePageCount = 0
    private var bytePageUsed = 0

    init() {
        pages = .allocate(capacity: Self.maximumPages)
        pages.initialize(repeating: nil, count: Self.maximumPages)
    }

    deinit {
        var remaining = count
        var chunkNumber = 0
        while remaining > 0 {
            pages[chunkNumber >> Self.pageShift]![chunkNumber & (Self.pageCapacity - 1)]!.deallocate()
            remaining -= Swift.min(remaining, Self.chunkCapacity)
            chunkNumber += 1
        }
        for page in 0..<Self.maximumPages {
            guard let page = pages[page] else { continue }
            page.deinitialize(count: Self.pageCapacity)
            page.deallocate()
        }
        pages.deallocate()
        if let bytePages {
            for page in 0..<bytePageCount { bytePages[page]?.deallocate() }
            bytePages.deallocate()
        }
    }

    // MARK: Words

    /// An id as the table looks it up: its word when it is inline or numeric (nil for a long id) and its text.
    struct Key {
        let word: UInt64?
        let id: String

        init(_ id: String) {
            var id = id
            word = id.withUTF8 { IDArena.packedWord($0) }
            self.id = id
        }
    }

    /// The inline or numeric word of an id's bytes, or nil when it is long (or empty, never stored).
    static func packedWord(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let count = bytes.count
        guard count > 0 else { return nil }
        if count <= 8 {
            var word: UInt64 = 0
            var hasNul = false
            for index in 0..<count {
                hasNul = hasNul || bytes[index] == 0
                word |= UInt64(bytes[index]) << (8 * UInt64(index))
            }
            if !hasNul { return word }
        }
        guard count <= 16, bytes[0] != UInt8(ascii: "0") || count == 1 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        return numericTag | value << 8
    }

    /// Appends `key`'s id (its word already packed, see ``Key``); returns its slot. Writers only, under the
    /// index's lock.
    func append(_ key: Key) -> Int32 {
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
        var id = key.id
        let word = key.word ?? id.withUTF8 { appendLong($0) }
        pages[chunkNumber >> Self.pageShift]![chunkNumber & (Self.pageCapacity - 1)]![slot & (Self.chunkCapacity - 1)] = word
        count = slot + 1
        return Int32(slot)
    }

    /// Stores a long id's length and bytes; returns its word.
    private func appendLong(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let needed = 4 + bytes.count
        precondition(bytes.count <= Int(UInt32.max), "a vehicle id of 4 GiB or more")
        if bytePages == nil {
            let directory = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: Self.maximumBytePages)
            directory.initialize(repeating: nil, count: Self.maximumBytePages)
            bytePages = directory
        }
        let directory = bytePages!
        if bytePageCount == 0 || bytePageUsed + needed > Self.bytePageSize {
            precondition(bytePageCount < Self.maximumBytePages, "more than 16 GiB of long vehicle ids")
            directory[bytePageCount] = .allocate(capacity: Swift.max(Self.bytePageSize, needed))
            bytePageCount += 1
            bytePageUsed = 0
        }
        let page = bytePageCount - 1, offset = bytePageUsed
        let start = directory[page]! + offset
        UnsafeMutableRawPointer(start).storeBytes(of: UInt32(bytes.count).littleEndian, as: UInt32.self)
        if let base = bytes.baseAddress { (start + 4).update(from: base, count: bytes.count) }
        // A page of its own for an id longer than a page: the next id starts a new page.
        bytePageUsed = needed > Self.bytePageSize ? Self.bytePageSize : offset + needed
        return Self.longTag | UInt64(page) << 8 | UInt64(offset) << 32
    }

    /// The word of `slot` (a slot this arena returned, published to the caller).
    @inline(__always)
    func word(_ slot: Int32) -> UInt64 {
        let slot = Int(slot)
        let chunkNumber = slot >> Self.chunkShift
        let page = pages[chunkNumber >> Self.pageShift].unsafelyUnwrapped
        return page[chunkNumber & (Self.pageCapacity - 1)].unsafelyUnwrapped[slot & (Self.chunkCapacity - 1)]
    }

    /// Calls `body` with the UTF-8 bytes of the id whose word is `word`.
    @inline(__always)
    func withBytes<R>(ofWord word: UInt64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch word & 0xFF {
        case Self.longTag:
            let start = bytePages.unsafelyUnwrapped[Int(word >> 8 & 0xFF_FFFF)].unsafelyUnwrapped + Int(word >> 32)
            let length = UInt32(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt32.self))
            return body(UnsafeBufferPointer(start: start + 4, count: Int(length)))
        case Self.numericTag:
            // At most 16 digits, written from the end of a 16-byte buffer.
            var digits: (UInt64, UInt64) = (0, 0)
            return withUnsafeMutableBytes(of: &digits) { buffer in
                var value = word >> 8, index = 16
                repeat {
                    index -= 1
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                } while value > 0
                let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                return body(UnsafeBufferPointer(start: bytes + index, count: 16 - index))
            }
        default:
            var bytes = word.littleEndian
            let length = 8 - word.leadingZeroBitCount / 8
            return withUnsafeBytes(of: &bytes) { buffer in
                body(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length))
            }
        }
    }

    // MARK: Reads

    /// The id of `slot` (a slot this arena returned, published to the caller).
    @inline(__always)
    subscript(slot: Int32) -> String {
        withBytes(ofWord: word(slot)) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `slot` holds `key`'s id (bytewise).
    @inline(__always)
    func holds(_ slot: Int32, _ key: Key) -> Bool {
        let word = word(slot)
        if let packed = key.word { return word == packed }
        guard word & 0xFF == Self.longTag else { return false }
        var id = key.id
        return withBytes(ofWord: word) { stored in id.withUTF8 { VehiclePosition.utf8Equal(stored, $0) } }
    }

    /// The first 8 bytes of `slot`'s id as a big-endian integer (zero-padded): a smaller rank means a bytewise
    /// smaller id (equal ranks: compare with ``precedes(_:_:)``). A tie rank for sorting many vehicles at one spot
    /// (``KDTree/sort(_:orderedBefore:tieRank:)``); one byte swap for an inline id.
    @inline(__always)
    func rank(_ slot: Int32) -> UInt64 {
        let word = word(slot)
        if word & 0xFF < Self.numericTag { return word.byteSwapped }
        return withBytes(ofWord: word) { bytes in
            var rank: UInt64 = 0
            for index in 0..<8 { rank = rank << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            return rank
        }
    }

    /// The arena as a sort of one query reads it: unretained, valid while the arena lives (a snapshot's base holds
    /// it). A sort's comparison closures capture this instead of the arena, which they retained and released around
    /// the sort: two atomic writes a query to an object every thread asking for the customer shares.
    @inline(__always)
    var reader: Reader { Reader(arena: Unmanaged.passUnretained(self)) }

    /// See ``reader``: the arena's ``rank(_:)`` and ``precedes(_:_:)``, called on a borrowed reference.
    struct Reader {
        fileprivate let arena: Unmanaged<IDArena>

        /// ``IDArena/rank(_:)``.
        @inline(__always)
        func rank(_ slot: Int32) -> UInt64 { arena._withUnsafeGuaranteedRef { $0.rank(slot) } }

        /// ``IDArena/precedes(_:_:)``.
        @inline(__always)
        func precedes(_ a: Int32, _ b: Int32) -> Bool { arena._withUnsafeGuaranteedRef { $0.precedes(a, b) } }
    }

    /// Whether the id of slot `a` precedes that of slot `b` bytewise (``VehiclePosition/idPrecedes(_:_:)``), the
    /// tie order: one integer comparison when both are inline.
    @inline(__always)
    func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let left = word(a), right = word(b)
        if left & 0xFF < Self.numericTag && right & 0xFF < Self.numericTag {
            return left.byteSwapped < right.byteSwapped
        }
        return withBytes(ofWord: left) { left in
            withBytes(ofWord: right) { right in VehiclePosition.utf8Precedes(left, right) }
        }
    }
}
