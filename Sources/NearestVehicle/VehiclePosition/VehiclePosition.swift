import Foundation
import Geo

/// The last known position of one vehicle, with the attributes queries filter on.
///
/// The coordinate is already validated (``Geo/Coordinate``); ids are checked when the position enters a
/// ``FleetIndex`` (empty `id` or `customerId` is rejected there, with its reason).
public struct VehiclePosition: Hashable, Sendable, Codable {
    /// The vehicle id (Ocean's int64 ids as decimal strings). Unique across the whole index: upserting the same
    /// id under another customer moves the vehicle. Ordered by UTF-8 bytes (code point order) to break ties.
    public var id: String
    /// Where the vehicle was, WGS84 degrees.
    public var coordinate: Coordinate
    /// When it was there (the GPS fix time, not the time of ingest).
    public var timestamp: Date
    /// The customer (tenant) that owns the vehicle; queries never cross customers.
    public var customerId: String
    /// The entity (organisation unit) the vehicle belongs to, if any.
    public var entityId: String?
    /// The group the vehicle belongs to, if any.
    public var groupId: String?
    /// The mobile state (`etatMobile`).
    public var state: VehicleState
    /// Whether the driver enabled privacy mode; such vehicles are excluded from queries unless asked for.
    public var isPrivacyMode: Bool

    public init(
        id: String, coordinate: Coordinate, timestamp: Date, customerId: String,
        entityId: String? = nil, groupId: String? = nil, state: VehicleState = .undefined, isPrivacyMode: Bool = false
    ) {
        self.id = id
        self.coordinate = coordinate
        self.timestamp = timestamp
        self.customerId = customerId
        self.entityId = entityId
        self.groupId = groupId
        self.state = state
        self.isPrivacyMode = isPrivacyMode
    }

    /// Whether `a` and `b` are the same id: the same UTF-8 bytes. Not `String ==`, which is Unicode canonical
    /// equivalence (`"caf\u{E9}" == "cafe\u{301}"`): two such ids are two vehicles, as in the tie order.
    @inlinable
    public static func sameID(_ a: String, _ b: String) -> Bool {
        // Identical representations hold identical bytes (a small string's bits are its bytes; a large one's name
        // one immutable buffer and a length): the common case of a writer's batch, whose records share their
        // customer's string and whose short ids are small strings, without copying either to a buffer.
        if MemoryLayout<String>.size == 16,
           unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self) {
            return true
        }
        var a = a, b = b
        return a.withUTF8 { left in b.withUTF8 { right in utf8Equal(left, right) } }
    }

    /// Whether two UTF-8 buffers hold the same bytes (``sameID(_:_:)`` on the ids' bytes).
    @inlinable @inline(__always)
    static func utf8Equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        left.count == right.count && (left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
    }

    /// The id order used to break distance ties: UTF-8 bytes, lexicographically (Unicode code point order, the
    /// same as Python's string order used by the peer oracle).
    ///
    /// Compares the contiguous UTF-8 buffers with `memcmp` (native strings are contiguous; a bridged one is made
    /// so on a local copy): ~10x fewer instructions than the generic `utf8.lexicographicallyPrecedes`.
    @inlinable
    public static func idPrecedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { left in b.withUTF8 { right in utf8Precedes(left, right) } }
    }

    /// Whether one UTF-8 buffer precedes another bytewise, shorter first on a common prefix (``idPrecedes(_:_:)``
    /// on the ids' bytes).
    @inlinable @inline(__always)
    static func utf8Precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = Swift.min(left.count, right.count)
        if common > 0 {
            let order = memcmp(left.baseAddress!, right.baseAddress!, common)
            if order != 0 { return order < 0 }
        }
        return left.count < right.count
    }
}
