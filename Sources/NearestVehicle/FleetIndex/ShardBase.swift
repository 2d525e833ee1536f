import CPrefetch
import Foundation
import Geo
import SpatialIndex

/// An immutable k-d tree over one customer's vehicles as of the last rebuild, with the vehicles stored as
/// columns in tree order (index `i` is tree slot `i`: neighbours in space are neighbours in memory).
///
/// No `VehiclePosition` is kept: a base vehicle is the tree's coordinate of its slot plus one entry of each
/// column (timestamp, attribute code naming its entity / group / state / privacy, id-table slot, superseded mark;
/// the id is the index's, stored once in the ``IDArena`` by slot), and is
/// materialised (``vehicle(_:customerId:)``) only for what a caller reads from a result. The filter columns are
/// owned buffers (stable addresses for the lifetime of the base), so a query reads them through raw pointers: no
/// reference counting or bounds checks inside the tree search.
///
/// Per vehicle: 28 bytes of tree (Float unit vector and coordinate; a renumbered tree keeps no index column) and 3
/// of node boxes, 3 of timestamp (4 beyond 194 days, 8 unless whole seconds), 4 each of id-table slot and mark, 2 of
/// attribute code: ~44 bytes
/// (and the id, once for the whole index: an 8-byte word in the arena, plus its length (4 bytes) and bytes for an id
/// that is neither short nor numeric, and 5.7-11.4 in the ``IDTable``).
final class ShardBase: @unchecked Sendable {
    let tree: KDTree
    /// The index's ids, by slot.
    let arena: IDArena
    /// The id-table slot of each vehicle (by index): its id (``id(_:)``), and a rebuild installs places by slot,
    /// without hashing ids.
    let slots: [Int32]
    /// Superseded marks of the vehicles (by index), in the numbering of the log that started with this base.
    let marks: SequenceMarks
    let columns: AttributeColumns
    /// Code tables of the attribute columns, both ways.
    let entityTable: [ExactID: Int32]
    let entityNames: [String]
    let groupTable: [ExactID: Int32]
    let groupNames: [String]
    let stateTable: [VehicleState: Int32]
    let states: [VehicleState]
    /// Per node of ``tree``, the attributes of its vehicles (``SubtreeAttributes``); nil for a base of fewer than
    /// two attribute tuples.
    let subtreeAttributes: SubtreeAttributes?

    var count: Int { slots.count }

    /// An empty base (a customer's first upserts go to its log).
    convenience init(arena: IDArena) {
        self.init(vehicles: [], slots: [], arena: arena)
    }

    /// - Parameter vehicles: distinct ids (the caller deduplicates), in any order: they are stored in the
    ///   tree's order, and indices everywhere are positions in it.
    /// - Parameter slots: the id-table slot of each vehicle, in the order of `vehicles` (its id in `arena`).
    /// - Parameter buildThreads: threads the tree build may use (``FleetIndex/load(_:configuration:)`` only:
    ///   background rebuilds keep one core for queries).
    convenience init(vehicles input: [VehiclePosition], slots inputSlots: [Int32], arena: IDArena,
                     buildThreads: Int = 1) {
        precondition(input.count == inputSlots.count)
        var rows = ShardRows()
        rows.reserveCapacity(input.count)
        // A loop reading the stored properties in place, not `map(\.coordinate)`: that copies each whole
        // VehiclePosition (retaining its strings).
        var coordinates: [Coordinate] = []
        coordinates.reserveCapacity(input.count)
        for index in input.indices {
            coordinates.append(input[index].coordinate)
            rows.slots.append(inputSlots[index])
            rows.timestamps.append(input[index].timestamp.timeIntervalSinceReferenceDate)
            rows.codes.append(rows.attributes.code(entityId: input[index].entityId, groupId: input[index].groupId,
                                                   state: input[index].state, privacy: input[index].isPrivacyMode))
        }
        let tree = KDTree(coordinates, threads: buildThreads,
                          orderingTiesBy: { [rows] a, b in arena.precedes(rows.slots[a], rows.slots[b]) },
                          tieRank: { [rows] index in arena.rank(rows.slots[index]) })
        self.init(rows: rows, tree: tree, arena: arena)
    }

    /// A base of `rows` (a rebuild's: each row's prepared point already known, so no trigonometry).
    convenience init(rows: ShardRows, arena: IDArena, buildThreads: Int = 1) {
        let tree = KDTree(prepared: rows.prepared, threads: buildThreads,
                          orderingTiesBy: { a, b in arena.precedes(rows.slots[a], rows.slots[b]) },
                          tieRank: { index in arena.rank(rows.slots[index]) })
        self.init(rows: rows, tree: tree, arena: arena)
    }

    /// - Parameter built: the tree over the rows' points, in the rows' order (renumbered here into tree order).
    private init(rows: ShardRows, tree built: KDTree, arena: IDArena) {
        precondition(rows.slots.count == rows.timestamps.count && rows.slots.count == rows.codes.count)
        let (tree, inputIndices) = built.renumberedInTreeOrder()
        self.tree = tree
        let count = rows.slots.count
        precondition(tree.count == count)
        var slots = [Int32](repeating: 0, count: count)
        var timestamps = [Double](repeating: 0, count: count)
        var codes = [UInt32](repeating: 0, count: count)
        // The rows are read in order and the columns written at tree positions (scattering into the small columns
        // misses the cache less than gathering from the rows).
        var treeIndex = [Int32](repeating: 0, count: count)
        for index in 0..<count { treeIndex[inputIndices[index]] = Int32(index) }
        for source in 0..<count {
            let index = Int(treeIndex[source])
            slots[index] = rows.slots[source]
            timestamps[index] = rows.timestamps[source]
            codes[index] = rows.codes[source]
        }
        let attributes = rows.attributes
        let columns = AttributeColumns(count: count, timestamps: timestamps, codes: codes, tuples: attributes.tuples)
        self.columns = columns
        self.arena = arena
        self.slots = slots
        entityTable = attributes.entityTable
        entityNames = attributes.entityKeys.map(\.text)
        groupTable = attributes.groupTable
        groupNames = attributes.groupKeys.map(\.text)
        stateTable = attributes.stateTable
        states = attributes.states
        marks = SequenceMarks(capacity: count)
        subtreeAttributes = SubtreeAttributes(tree: tree, columns: columns)
    }

    /// The coordinate of vehicle `index`, as given.
    @inline(__always)
    func coordinate(_ index: Int) -> Coordinate { tree.coordinate(atSlot: index) }

    /// The id of vehicle `index`.
    @inline(__always)
    func id(_ index: Int) -> String { arena[slots[index]] }

    /// Vehicle `index` as a value (its customer is the shard's).
    func vehicle(_ index: Int, customerId: String) -> VehiclePosition {
        let code = columns.code(index)
        let entity = columns.entities[code], group = columns.groups[code]
        return VehiclePosition(
            id: id(index), coordinate: coordinate(index),
            timestamp: Date(timeIntervalSinceReferenceDate: columns.timestamp(index)), customerId: customerId,
            entityId: entity >= 0 ? entityNames[Int(entity)] : nil,
            groupId: group >= 0 ? groupNames[Int(group)] : nil,
            state: states[Int(columns.states[code])], isPrivacyMode: columns.privacy[code])
    }
}

/// What a base is built from, one row per vehicle in any order: its id-table slot, prepared point (for a rebuild;
/// a load builds its tree from coordinates), timestamp (seconds since the reference date) and attribute code into
/// ``attributes``.
///
/// A rebuild fills the rows from its snapshot's columns (``ShardSnapshot/appendCurrentRows(to:)``): 48 bytes per
/// vehicle and no `VehiclePosition` made for a base vehicle, where whole positions (~100 bytes each, their
/// strings retained and released) made a rebuild's input twice the size and most of its time.
struct ShardRows {
    var slots: [Int32] = []
    var prepared: [KDTree.PreparedPoint] = []
    var timestamps: [Double] = []
    var codes: [UInt32] = []
    var attributes = AttributeInterner()

    mutating func reserveCapacity(_ capacity: Int) {
        slots.reserveCapacity(capacity)
        timestamps.reserveCapacity(capacity)
        codes.reserveCapacity(capacity)
    }
}

/// The code tables of a base being built: entity, group and state codes, and the attribute code of each distinct
/// (entity, group, state, privacy) tuple (see ``AttributeColumns``). Entity and group ids are byte strings
/// (``ExactID``).
struct AttributeInterner {
    private(set) var entityTable: [ExactID: Int32] = [:], entityKeys: [ExactID] = []
    private(set) var groupTable: [ExactID: Int32] = [:], groupKeys: [ExactID] = []
    private(set) var stateTable: [VehicleState: Int32] = [:], states: [VehicleState] = []
    private(set) var tuples: [AttributeColumns.Tuple] = []
    private var tupleTable: [AttributeColumns.Tuple: UInt32] = [:]
    // Consecutive rows mostly repeat their state and tuple: one comparison instead of a hash.
    private var lastState: VehicleState? = nil, lastStateCode: Int32 = -1
    private var lastTuple: AttributeColumns.Tuple? = nil, lastTupleCode: UInt32 = 0

    private static func code<Key: Hashable>(_ key: Key, _ table: inout [Key: Int32], _ names: inout [Key]) -> Int32 {
        if let code = table[key] { return code }
        let code = Int32(names.count)
        table[key] = code
        names.append(key)
        return code
    }

    /// The attribute code of these attributes, assigned on first sight.
    mutating func code(entityId: String?, groupId: String?, state: VehicleState, privacy: Bool) -> UInt32 {
        let entity = entityId.map { Self.code(ExactID($0), &entityTable, &entityKeys) } ?? -1
        let group = groupId.map { Self.code(ExactID($0), &groupTable, &groupKeys) } ?? -1
        if state != lastState {
            lastState = state
            lastStateCode = Self.code(state, &stateTable, &states)
        }
        return code(AttributeColumns.Tuple(entity: entity, group: group, state: lastStateCode, privacy: privacy))
    }

    private mutating func code(_ tuple: AttributeColumns.Tuple) -> UInt32 {
        if tuple == lastTuple { return lastTupleCode }
        lastTuple = tuple
        if let known = tupleTable[tuple] {
            lastTupleCode = known
        } else {
            lastTupleCode = UInt32(tuples.count)
            tupleTable[tuple] = lastTupleCode
            tuples.append(tuple)
        }
        return lastTupleCode
    }

    /// The code here of attribute code `code` of `base`, through `memo` (by `base`'s codes, `UInt32.max` where not
    /// yet translated): its names are interned once per distinct tuple, not once per vehicle.
    mutating func code(_ code: Int, of base: ShardBase, memo: inout [UInt32]) -> UInt32 {
        if memo[code] != .max { return memo[code] }
        let columns = base.columns
        let entity = columns.entities[code], group = columns.groups[code]
        let translated = self.code(
            entityId: entity >= 0 ? base.entityNames[Int(entity)] : nil,
            groupId: group >= 0 ? base.groupNames[Int(group)] : nil,
            state: base.states[Int(columns.states[code])], privacy: columns.privacy[code])
        memo[code] = translated
        return translated
    }
}

/// The attributes of a base's vehicles, by index, in owned buffers: the timestamp, and one *attribute code* per
/// vehicle naming its (entity, group, state, privacy) tuple in small per-code tables (a fleet has few distinct
/// tuples: 2 bytes per vehicle instead of 13 for four columns; 4 when a base has more than 65 536 tuples).
///
/// The timestamps: ``TimestampColumn``.
final class AttributeColumns: @unchecked Sendable {
    /// The timestamps (owned here: freed by deinit).
    let timestamps: TimestampColumn
    /// The attribute code of each vehicle: 16 bits wide when the base has at most 65 536 tuples (`wideCodes` nil),
    /// else 32 (`narrowCodes` nil).
    let narrowCodes: UnsafeMutablePointer<UInt16>?
    let wideCodes: UnsafeMutablePointer<UInt32>?
    /// By attribute code: codes into the base's tables (-1 for no entity / group), and the privacy flag.
    let entities: UnsafeMutablePointer<Int32>
    let groups: UnsafeMutablePointer<Int32>
    let states: UnsafeMutablePointer<Int32>
    let privacy: UnsafeMutablePointer<Bool>
    let count: Int
    let tupleCount: Int
    /// Whether some tuple is in privacy mode (false: no vehicle of the base is, and a filter that excludes them
    /// excludes none here).
    let hasPrivacyMode: Bool

    /// One attribute tuple (table codes).
    struct Tuple: Hashable {
        var entity: Int32
        var group: Int32
        var state: Int32
        var privacy: Bool
    }

    /// Stores `timestamps` and `codes` (by vehicle index) at their narrowest exact width.
    init(count: Int, timestamps: [Double], codes: [UInt32], tuples: [Tuple]) {
        self.count = count
        tupleCount = tuples.count
        let capacity = Swift.max(1, count)
        self.timestamps = TimestampColumn(timestamps, capacity: capacity)
        if tuples.count <= 1 << 16 {
            let narrow = UnsafeMutablePointer<UInt16>.allocate(capacity: capacity)
            for index in 0..<count { narrow[index] = UInt16(truncatingIfNeeded: codes[index]) }
            narrowCodes = narrow
            wideCodes = nil
        } else {
            let wide = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
            wide.initialize(from: codes, count: count)
            narrowCodes = nil
            wideCodes = wide
        }
        let tupleCapacity = Swift.max(1, tuples.count)
        entities = .allocate(capacity: tupleCapacity)
        groups = .allocate(capacity: tupleCapacity)
        states = .allocate(capacity: tupleCapacity)
        privacy = .allocate(capacity: tupleCapacity)
        for (code, tuple) in tuples.enumerated() {
            entities[code] = tuple.entity
            groups[code] = tuple.group
            states[code] = tuple.state
            privacy[code] = tuple.privacy
        }
        hasPrivacyMode = tuples.contains { $0.privacy }
    }

    /// The timestamp of vehicle `index` (seconds since the reference date), exactly as given.
    @inline(__always)
    func timestamp(_ index: Int) -> Double { timestamps[index] }

    /// The attribute code of vehicle `index`.
    @inline(__always)
    func code(_ index: Int) -> Int {
        if let narrowCodes { return Int(narrowCodes[index]) }
        return Int(wideCodes.unsafelyUnwrapped[index])
    }

    deinit {
        timestamps.deallocate()
        narrowCodes?.deallocate()
        wideCodes?.deallocate()
        entities.deallocate()
        groups.deallocate()
        states.deallocate()
        privacy.deallocate()
    }
}

/// A base's timestamps (seconds since the reference date, `Date.timeIntervalSinceReferenceDate`), kept exactly: as
/// whole seconds after the earliest (``origin``) when every one is a whole number of seconds within 2^31 s of it
/// (feeds that report whole seconds), in 3 bytes each when they all lie within 2^24 s (194 days) of it (a live
/// fleet's positions), else 4; otherwise as the `Double`s themselves.
///
/// Raw pointers only, so a ``CompiledFilter`` copies it and reads it inside the tree search without reference
/// counting; ``AttributeColumns`` owns the memory and calls ``deallocate()``.
struct TimestampColumn {
    /// Whole seconds after ``origin``, ``width`` bytes each, little-endian, padded so that every one reads as a
    /// 4-byte load (nil: ``values`` holds the timestamps).
    let seconds: UnsafeMutableRawPointer?
    /// 3 or 4 with ``seconds``, else 0.
    let width: Int
    let values: UnsafeMutablePointer<Double>?
    let origin: Double

    /// Stores `timestamps` (`count` of them, room for `capacity` ≥ 1) at their narrowest exact width.
    init(_ timestamps: [Double], capacity: Int) {
        let origin = timestamps.min() ?? 0
        // Exact: whole seconds, not -0, within Int32 of the origin, and each read back bit for bit.
        let compact = origin.isFinite && timestamps.allSatisfy { time in
            guard time.rounded() == time, !(time == 0 && time.sign == .minus),
                  time - origin <= Double(Int32.max) else { return false }
            return (origin + Double(Int32(time - origin))).bitPattern == time.bitPattern
        }
        if compact {
            let width = timestamps.allSatisfy { $0 - origin < Double(1 << 24) } ? 3 : 4
            let seconds = UnsafeMutableRawPointer.allocate(byteCount: width * capacity + 1, alignment: 4)
            for index in timestamps.indices {
                // Little-endian bytes; the next entry's store overwrites the fourth of a 3-byte one.
                seconds.storeBytes(of: UInt32(timestamps[index] - origin).littleEndian,
                                   toByteOffset: width * index, as: UInt32.self)
            }
            self.seconds = seconds
            self.width = width
            values = nil
            self.origin = origin
        } else {
            let values = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
            values.initialize(from: timestamps, count: timestamps.count)
            seconds = nil
            width = 0
            self.values = values
            self.origin = 0
        }
    }

    /// The timestamp of vehicle `index`, exactly as given.
    @inline(__always)
    subscript(index: Int) -> Double {
        guard let seconds else { return values.unsafelyUnwrapped[index] }
        let word = UInt32(littleEndian: seconds.loadUnaligned(fromByteOffset: index &* width, as: UInt32.self))
        return origin + Double(width == 3 ? word & 0xFF_FFFF : word)
    }

    /// Asks the CPU to load the timestamp of `index` (a hint for a writer about to read it).
    @inline(__always)
    func prefetch(_ index: Int) {
        if let seconds { nv_prefetch(seconds + index &* width) } else if let values { nv_prefetch(values + index) }
    }

    func deallocate() {
        seconds?.deallocate()
        values?.deallocate()
    }
}
