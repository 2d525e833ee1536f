/// How many of the customer's vehicles a query's filter excluded, by reason (each vehicle counted once, under
/// the first criterion it failed, in the order of ``Reason``).
///
/// Which vehicles are counted: for ``FleetIndex/within(_:of:filter:options:)``, those inside the radius; for
/// ``FleetIndex/nearest(_:to:within:filter:options:)``, those at most as far as the last result (all within the
/// optional radius when fewer than k vehicles qualified), i.e. the vehicles that would otherwise have
/// competed for a place.
///
/// The `unknown…` counts are for answers judged on data the index does not hold (a by-road answer from Ocean
/// naming a vehicle neither Ocean nor the index describes fully): a filter on a field nobody knows cannot pass the
/// vehicle, but "we could not check" is not "it fails", so those are counted apart. The index's own queries never
/// count them (every vehicle it holds has a state, an entity or none, a group or none, and a fix time).
public struct ExclusionCounts: Hashable, Sendable, CustomStringConvertible {
    /// In privacy mode (and the filter does not include them).
    public var privacyMode = 0
    /// State not among the filter's states.
    public var state = 0
    /// Entity not among the filter's entities.
    public var entity = 0
    /// Group not among the filter's groups.
    public var group = 0
    /// Position older than the filter's maximum age.
    public var positionAge = 0
    /// A state filter is set and nobody knows the vehicle's state.
    public var unknownState = 0
    /// An entity filter is set and nobody knows the vehicle's entity (the index does not hold the vehicle).
    public var unknownEntity = 0
    /// A group filter is set and nobody knows the vehicle's group.
    public var unknownGroup = 0
    /// A maximum age is set and nobody knows when the vehicle's position was fixed.
    public var unknownPositionTime = 0

    public init() {}

    public var total: Int {
        privacyMode + state + entity + group + positionAge + unknownState + unknownEntity + unknownGroup
            + unknownPositionTime
    }

    /// A filter criterion, in evaluation order; each `unknown…` reason stands in for its criterion
    /// (``state`` → ``unknownState``, …) when the value it would test is unknown.
    public enum Reason: Int, Hashable, Sendable, CaseIterable {
        case privacyMode, state, entity, group, positionAge
        case unknownState, unknownEntity, unknownGroup, unknownPositionTime
    }

    public subscript(reason: Reason) -> Int {
        get {
            switch reason {
            case .privacyMode: privacyMode
            case .state: state
            case .entity: entity
            case .group: group
            case .positionAge: positionAge
            case .unknownState: unknownState
            case .unknownEntity: unknownEntity
            case .unknownGroup: unknownGroup
            case .unknownPositionTime: unknownPositionTime
            }
        }
        set {
            switch reason {
            case .privacyMode: privacyMode = newValue
            case .state: state = newValue
            case .entity: entity = newValue
            case .group: group = newValue
            case .positionAge: positionAge = newValue
            case .unknownState: unknownState = newValue
            case .unknownEntity: unknownEntity = newValue
            case .unknownGroup: unknownGroup = newValue
            case .unknownPositionTime: unknownPositionTime = newValue
            }
        }
    }

    public var description: String {
        let unknown = unknownState + unknownEntity + unknownGroup + unknownPositionTime
        return "privacy \(privacyMode), state \(state), entity \(entity), group \(group), age \(positionAge)"
            + (unknown == 0 ? "" : ", unknown state \(unknownState), unknown entity \(unknownEntity), "
                + "unknown group \(unknownGroup), unknown fix time \(unknownPositionTime)")
    }
}
