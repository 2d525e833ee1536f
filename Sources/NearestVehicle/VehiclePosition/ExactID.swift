/// An id (vehicle, customer, entity or group) as a key compared and hashed by its UTF-8 bytes, never by Unicode
/// canonical equivalence as `String` is: `"caf\u{E9}"` and `"cafe\u{301}"` are two keys, so two customers whose ids
/// differ only in normalisation stay two tenants, and two entities or groups stay two (`ExactIDTests`). The same
/// equality as ``VehiclePosition/sameID(_:_:)``. Use it to key sets and dictionaries of ids outside the index too
/// (batch dispatch's vehicles taken).
public struct ExactID: Hashable, Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func == (lhs: ExactID, rhs: ExactID) -> Bool { VehiclePosition.sameID(lhs.text, rhs.text) }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// A dictionary keyed by ids compared byte for byte (``ExactID``), used with plain `String`s.
struct ExactIDMap<Value> {
    private var storage: [ExactID: Value] = [:]

    init() {}

    subscript(key: String) -> Value? {
        get { storage[ExactID(key)] }
        _modify { yield &storage[ExactID(key)] }
    }

    @discardableResult
    mutating func removeValue(forKey key: String) -> Value? { storage.removeValue(forKey: ExactID(key)) }

    var keys: [String] { storage.keys.map(\.text) }
    var count: Int { storage.count }
}

extension ExactIDMap: Sendable where Value: Sendable {}

/// A set of ids compared byte for byte (``ExactID``), used with plain `String`s (in no particular order, as `Set`).
struct ExactIDSet: Sequence {
    private var members: Set<ExactID> = []

    init() {}

    init(_ ids: some Sequence<String>) {
        members = Set(ids.lazy.map(ExactID.init))
    }

    @discardableResult
    mutating func insert(_ id: String) -> Bool { members.insert(ExactID(id)).inserted }

    mutating func remove(_ id: String) { members.remove(ExactID(id)) }

    var isEmpty: Bool { members.isEmpty }

    func makeIterator() -> LazyMapSequence<Set<ExactID>, String>.Iterator { members.lazy.map(\.text).makeIterator() }
}
