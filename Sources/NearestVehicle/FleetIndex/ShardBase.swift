import Foundation
import Geo
import SpatialIndex

/// An immutable k-d tree over one customer's vehicles as of the last rebuild, with the vehicles stored as
/// columns in tree order (index `i` is tree slot `i`: neighbours in space are neighbours in memory).
///
/// No `VehiclePosition` is kept: a base vehicle is the tree's coordinate of its slot plus one entry of each
/// column (timestamp, privacy, entity / group / state codes, id-table slot, superseded mark; the id is the
/// index's, stored once in the ``IDArena`` by slot), and is
/// materialised (``vehicle(_:customerId:)``) only for what a caller reads from a result. The filter columns are
/// owned buffers (stable addresses for the lifetime of the base), so a query reads them through raw pointers: no
/// reference counting or bounds checks inside the tree search.
///
/// Per vehicle: 36 bytes of tree (Float unit vector, coordinate and cos φ; a renumbered tree keeps no index
/// column), 8 of timestamp, 4 each of id-table slot, mark, entity, group and state code, 1 of privacy: ~65 bytes
/// (and the id, once for the whole index: 16 bytes in the arena, 11-23 in the ``IDTable``).
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
    init(vehicles input: [VehiclePosition], slots inputSlots: [Int32], arena: IDArena, buildThreads: Int = 1) {
        precondition(input.count == inputSlots.count)
        // A loop reading the stored property, not `map(\.coordinate)`: that copies each whole VehiclePosition.
        var coordinates: [Coordinate] = []
        coordinates.reserveCapacity(input.count)
        for index in input.indices { coordinates.append(input[index].coordinate) }
        let (tree, inputIndices) = KDTree(coordinates, threads: buildThreads).renumberedInTreeOrder()
        self.tree = tree
        let count = input.count
        var slots = [Int32](repeating: 0, count: count)
        var entityTable: [ExactID: Int32] = [:], groupTable: [ExactID: Int32] = [:]
        var entityKeys: [ExactID] = [], groupKeys: [ExactID] = []
        var stateTable: [VehicleState: Int32] = [:], states: [VehicleState] = []
        let columns = AttributeColumns(count: count)
        func code<Key: Hashable>(_ key: Key?, _ table: inout [Key: Int32], _ names: inout [Key]) -> Int32 {
            guard let key else { return -1 }
            if let code = table[key] { return code }
            let code = Int32(names.count)
            table[key] = code
            names.append(key)
            return code
        }
        var lastState: VehicleState? = nil, lastStateCode: Int32 = -1
        // The input is read in order and the columns written at tree positions: the columns are ~5x smaller than
        // the input, so scattering into them misses the cache far less than gathering from it (~5 % of a 1M load).
        var treeIndex = [Int32](repeating: 0, count: count)
        for index in 0..<count { treeIndex[inputIndices[index]] = Int32(index) }
        // Fields read in place (`input[source].entityId`), not through a copied element: each VehiclePosition copy
        // retains its strings.
        for source in 0..<count {
            let index = Int(treeIndex[source])
            slots[index] = inputSlots[source]
            columns.entityCodes[index] = code(input[source].entityId.map(ExactID.init), &entityTable, &entityKeys)
            columns.groupCodes[index] = code(input[source].groupId.map(ExactID.init), &groupTable, &groupKeys)
            if input[source].state != lastState {
                lastState = input[source].state
                lastStateCode = code(input[source].state, &stateTable, &states)
            }
            columns.stateCodes[index] = lastStateCode
            columns.timestamps[index] = input[source].timestamp.timeIntervalSinceReferenceDate
            columns.privacy[index] = input[source].isPrivacyMode
        }
        self.arena = arena
        self.slots = slots
        self.entityTable = entityTable
        self.entityNames = entityKeys.map(\.text)
        self.groupTable = groupTable
        self.groupNames = groupKeys.map(\.text)
        self.stateTable = stateTable
        self.states = states
        self.columns = columns
        marks = SequenceMarks(capacity: count)
    }

    /// The coordinate of vehicle `index`, as given.
    @inline(__always)
    func coordinate(_ index: Int) -> Coordinate { tree.coordinate(atSlot: index) }

    /// The id of vehicle `index`.
    @inline(__always)
    func id(_ index: Int) -> String { arena[slots[index]] }

    /// Vehicle `index` as a value (its customer is the shard's).
    func vehicle(_ index: Int, customerId: String) -> VehiclePosition {
        let entity = columns.entityCodes[index], group = columns.groupCodes[index]
        return VehiclePosition(
            id: id(index), coordinate: coordinate(index),
            timestamp: Date(timeIntervalSinceReferenceDate: columns.timestamps[index]), customerId: customerId,
            entityId: entity >= 0 ? entityNames[Int(entity)] : nil,
            groupId: group >= 0 ? groupNames[Int(group)] : nil,
            state: states[Int(columns.stateCodes[index])], isPrivacyMode: columns.privacy[index])
    }
}

/// The attributes of a base's vehicles, by index, in owned buffers.
final class AttributeColumns: @unchecked Sendable {
    /// Seconds since the reference date (`Date.timeIntervalSinceReferenceDate`, exact).
    let timestamps: UnsafeMutablePointer<Double>
    let privacy: UnsafeMutablePointer<Bool>
    /// Codes into the base's tables; -1 for no entity / group.
    let entityCodes: UnsafeMutablePointer<Int32>
    let groupCodes: UnsafeMutablePointer<Int32>
    let stateCodes: UnsafeMutablePointer<Int32>
    let count: Int

    init(count: Int) {
        self.count = count
        let capacity = Swift.max(1, count)
        timestamps = .allocate(capacity: capacity)
        privacy = .allocate(capacity: capacity)
        entityCodes = .allocate(capacity: capacity)
        groupCodes = .allocate(capacity: capacity)
        stateCodes = .allocate(capacity: capacity)
    }

    deinit {
        timestamps.deallocate()
        privacy.deallocate()
        entityCodes.deallocate()
        groupCodes.deallocate()
        stateCodes.deallocate()
    }
}
