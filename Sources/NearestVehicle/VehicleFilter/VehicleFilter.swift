import Foundation

/// Which vehicles a query may return. The customer is mandatory: a query only ever sees that customer's
/// vehicles (each customer has its own tree, so isolation is structural).
///
/// A vehicle is excluded by the first criterion it fails, in this order (the order of
/// ``ExclusionCounts``): privacy mode, state, entity, group, position age.
public struct VehicleFilter: Hashable, Sendable {
    /// The customer whose vehicles are searched (non-empty).
    public var customerId: String
    /// Only vehicles of these entities (nil: any entity, including none).
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
        if vehicle.isPrivacyMode && !includesPrivacyMode { return .privacyMode }
        if let states, !states.contains(vehicle.state) { return .state }
        if let entityIds, !(vehicle.entityId.map(entityIds.contains) ?? false) { return .entity }
        if let groupIds, !(vehicle.groupId.map(groupIds.contains) ?? false) { return .group }
        if let maxPositionAge, now.timeIntervalSinceReferenceDate - vehicle.timestamp.timeIntervalSinceReferenceDate
            > maxPositionAge { return .positionAge }
        return nil
    }
}
