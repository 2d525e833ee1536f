import Foundation

/// Which vehicles a query may return. The customer is mandatory: a query only ever sees that customer's
/// vehicles (each customer has its own tree, so isolation is structural).
///
/// A vehicle is excluded by the first criterion it fails, in this order (the order of
/// ``ExclusionCounts``): privacy mode, state, entity, group, position age.
public struct VehicleFilter: Hashable, Sendable {
    /// The customer whose vehicles are searched (non-empty).
    public var customerId: String
    /// Only vehicles of these entities (nil: any entity, including none). Ids match byte for byte (`"caf\u{E9}"`
    /// is not `"cafe\u{301}"`); a Swift `Set` holds only one of two canonically equivalent strings, so list one form.
    public var entityIds: Set<String>?
    /// Only vehicles of these groups (nil: any group, including none).
    public var groupIds: Set<String>?
    /// Only vehicles in these states (nil: any state).
    public var states: Set<VehicleState>?
    /// Only positions at most this many seconds old at ``now`` (nil: any age). Finite, >= 0. A position with a
    /// timestamp after `now` has a negative age and always passes.
    public var maxPositionAge: TimeInterval?
    /// The reference time for ages (results report `now - timestamp`).
    public var now: Date
    /// Whether vehicles in privacy mode may be returned (default: no).
    public var includesPrivacyMode: Bool

    public init(
        customerId: String, entityIds: Set<String>? = nil, groupIds: Set<String>? = nil,
        states: Set<VehicleState>? = nil, maxPositionAge: TimeInterval? = nil, now: Date = Date(),
        includesPrivacyMode: Bool = false
    ) {
        self.customerId = customerId
        self.entityIds = entityIds
        self.groupIds = groupIds
        self.states = states
        self.maxPositionAge = maxPositionAge
        self.now = now
        self.includesPrivacyMode = includesPrivacyMode
    }

    /// Why `vehicle` is excluded (nil: it passes). Customer scoping is not checked here (the index searches
    /// one customer's tree).
    public func exclusionReason(for vehicle: VehiclePosition) -> ExclusionCounts.Reason? {
        firstExclusion(vehicle)
    }
}

/// The criteria on a vehicle value (sets of ids and states).
extension VehicleFilter: ExclusionCriteria {
    func failsPrivacy(_ vehicle: VehiclePosition) -> Bool { vehicle.isPrivacyMode && !includesPrivacyMode }
    func failsState(_ vehicle: VehiclePosition) -> Bool { states.map { !$0.contains(vehicle.state) } ?? false }
    // Byte for byte, as the compiled filter's tables (``ExactID``): `Set.contains` would match a canonically
    // equivalent id of another entity or group.
    func failsEntity(_ vehicle: VehiclePosition) -> Bool {
        entityIds.map { ids in !(vehicle.entityId.map { id in ids.contains { VehiclePosition.sameID($0, id) } } ?? false) }
            ?? false
    }
    func failsGroup(_ vehicle: VehiclePosition) -> Bool {
        groupIds.map { ids in !(vehicle.groupId.map { id in ids.contains { VehiclePosition.sameID($0, id) } } ?? false) }
            ?? false
    }
    func failsAge(_ vehicle: VehiclePosition) -> Bool {
        maxPositionAge.map { now.timeIntervalSinceReferenceDate - vehicle.timestamp.timeIntervalSinceReferenceDate > $0 }
            ?? false
    }
}
