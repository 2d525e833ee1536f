/// How many of the customer's vehicles a query's filter excluded, by reason (each vehicle counted once, under
/// the first criterion it failed, in the order of ``Reason``).
///
/// Which vehicles are counted: for ``FleetIndex/within(_:of:filter:options:)``, those inside the radius; for
/// ``FleetIndex/nearest(_:to:within:filter:options:)``, those at most as far as the last result (all within the
/// optional radius when fewer than k vehicles qualified), i.e. the vehicles that would otherwise have
/// competed for a place.
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

    public init() {}

    public var total: Int { privacyMode + state + entity + group + positionAge }

    /// A filter criterion, in evaluation order.
    public enum Reason: Int, Hashable, Sendable, CaseIterable {
        case privacyMode, state, entity, group, positionAge
    }

    public subscript(reason: Reason) -> Int {
        get {
            switch reason {
            case .privacyMode: privacyMode
            case .state: state
            case .entity: entity
            case .group: group
            case .positionAge: positionAge
            }
        }
        set {
            switch reason {
            case .privacyMode: privacyMode = newValue
            case .state: state = newValue
            case .entity: entity = newValue
            case .group: group = newValue
            case .positionAge: positionAge = newValue
            }
        }
    }

    public var description: String {
        "privacy \(privacyMode), state \(state), entity \(entity), group \(group), age \(positionAge)"
    }
}
