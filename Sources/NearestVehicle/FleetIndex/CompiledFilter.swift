import Foundation
import SpatialIndex

/// A ``VehicleFilter`` translated to the codes of one ``ShardBase``: pointer reads and array look-ups only, no
/// hashing or reference counting, in the search's hot loop. Valid while the base is alive.
struct CompiledFilter {
    let includesPrivacyMode: Bool
    let stateMask: [Bool]?
    /// Indexed by code + 1 (slot 0: no entity).
    let entityMask: [Bool]?
    let groupMask: [Bool]?
    let now: Double
    let maxAge: Double?
    /// The base's timestamps (owned by its ``AttributeColumns``).
    let timestamps: TimestampColumn
    /// Each vehicle's attribute code (one of the two, see ``AttributeColumns``), then by code: privacy, entity,
    /// group and state codes.
    let narrowCodes: UnsafePointer<UInt16>?
    let wideCodes: UnsafePointer<UInt32>?
    let privacy: UnsafePointer<Bool>
    let entityCodes: UnsafePointer<Int32>
    let groupCodes: UnsafePointer<Int32>
    let stateCodes: UnsafePointer<Int32>
    /// Whether every vehicle of the base passes (no criterion but privacy mode, and privacy mode included or no
    /// vehicle in it: a plain customer query): ``reason(_:)`` is then nil without reading a column. The search asks
    /// it of every candidate (~19 a kNN query on the peer fleets, ~40 instructions each).
    let passesAll: Bool
    /// What an accepted log entry's attribute word has (``LogAttributeWord``): one whose word misses one is
    /// rejected unread; nil when the filter constrains no group, entity, state or privacy.
    let requirements: (UInt64, UInt64, UInt64, UInt64)?
    /// The subtrees of the base's tree a k-nearest search may skip; nil without requirements or base summaries.
    let subtrees: KDTree.SubtreeFilter?

    init(_ filter: borrowing VehicleFilter, for base: borrowing ShardBase) {
        includesPrivacyMode = filter.includesPrivacyMode
        stateMask = filter.states.map { states in
            var mask = [Bool](repeating: false, count: base.stateTable.count)
            for state in states { if let code = base.stateTable[state] { mask[Int(code)] = true } }
            return mask
        }
        func mask(_ wanted: Set<String>?, _ table: [ExactID: Int32]) -> [Bool]? {
            wanted.map { wanted in
                var mask = [Bool](repeating: false, count: table.count + 1)
                for key in wanted { if let code = table[ExactID(key)] { mask[Int(code) + 1] = true } }
                return mask
            }
        }
        entityMask = mask(filter.entityIds, base.entityTable)
        groupMask = mask(filter.groupIds, base.groupTable)
        now = filter.now.timeIntervalSinceReferenceDate
        maxAge = filter.maxPositionAge
        let columns = base.columns
        narrowCodes = columns.narrowCodes.map { UnsafePointer($0) }
        wideCodes = columns.wideCodes.map { UnsafePointer($0) }
        timestamps = columns.timestamps
        privacy = UnsafePointer(columns.privacy)
        entityCodes = UnsafePointer(columns.entities)
        groupCodes = UnsafePointer(columns.groups)
        stateCodes = UnsafePointer(columns.states)
        passesAll = (includesPrivacyMode || !columns.hasPrivacyMode) && stateMask == nil && entityMask == nil
            && groupMask == nil && maxAge == nil
        requirements = passesAll ? nil : LogAttributeWord.requirements(of: filter)
        subtrees = passesAll ? nil : base.subtreeAttributes?.requirements(of: filter, in: base)
    }

    /// Whether a log entry of attribute word `word` may pass (false: it does not; true: ask the filter).
    @inline(__always)
    func mayPass(word: UInt64) -> Bool {
        guard let requirements else { return true }
        return KDTree.SubtreeFilter.admits(word, requirements)
    }

    /// The first criterion base vehicle `index` fails, as ``VehicleFilter/exclusionReason(for:)`` (the same
    /// order: ``ExclusionCriteria``).
    @inline(__always)
    func reason(_ index: Int) -> ExclusionCounts.Reason? {
        passesAll ? nil : firstExclusion(index)
    }

    /// The attribute code of base vehicle `index`.
    @inline(__always)
    func code(_ index: Int) -> Int {
        if let narrowCodes { return Int(narrowCodes[index]) }
        return Int(wideCodes.unsafelyUnwrapped[index])
    }
}

/// The criteria on a base's columns (the vehicle's attribute tuple, its codes looked up in masks), by vehicle index.
extension CompiledFilter: ExclusionCriteria {
    @inline(__always) func failsPrivacy(_ index: Int) -> Bool {
        !includesPrivacyMode && privacy[code(index)]
    }
    @inline(__always) func failsState(_ index: Int) -> Bool {
        if let stateMask { return !stateMask[Int(stateCodes[code(index)])] }
        return false
    }
    @inline(__always) func failsEntity(_ index: Int) -> Bool {
        if let entityMask { return !entityMask[Int(entityCodes[code(index)]) + 1] }
        return false
    }
    @inline(__always) func failsGroup(_ index: Int) -> Bool {
        if let groupMask { return !groupMask[Int(groupCodes[code(index)]) + 1] }
        return false
    }
    @inline(__always) func failsAge(_ index: Int) -> Bool {
        if let maxAge {
            return now - timestamps[index] > maxAge
        }
        return false
    }
}
