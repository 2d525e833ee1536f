/// Why ``Dispatcher/plan(_:)`` or ``CandidateListDispatcher/plan(_:candidates:)`` refused its input (nothing is assigned).
public struct DispatchError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case invalidVehiclesNeeded, otherCustomer, duplicateIncident, invalidFilter, invalidCandidates
    }

    private let kind: Kind
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// An incident needs fewer than 1 or more than ``Dispatcher/maximumVehiclesPerIncident`` vehicles.
    public static let invalidVehiclesNeeded = Self(.invalidVehiclesNeeded, "")
    /// An incident's filter names another customer than the dispatcher's.
    public static let otherCustomer = Self(.otherCustomer, "")
    /// Two incidents have the same id.
    public static let duplicateIncident = Self(.duplicateIncident, "")
    /// The index refused a filter (an empty customer, an invalid maximum age).
    public static let invalidFilter = Self(.invalidFilter, "")
    /// Candidate lists that do not fit the incidents (``CandidateListDispatcher``): another count, a cost that is
    /// not finite and >= 0, a travel time missing where the objective needs one.
    public static let invalidCandidates = Self(.invalidCandidates, "")

    static func invalidVehiclesNeeded(_ incident: String, _ count: Int) -> Self {
        Self(.invalidVehiclesNeeded, "incident \(incident.prefix(40)) needs \(count) vehicles: 1 to "
            + "\(Dispatcher.maximumVehiclesPerIncident) allowed")
    }
    static func otherCustomer(_ incident: String) -> Self {
        Self(.otherCustomer, "incident \(incident.prefix(40)): its filter names another customer than the dispatch's")
    }
    static func duplicateIncident(_ incident: String) -> Self {
        Self(.duplicateIncident, "incident id \(incident.prefix(40)) appears twice")
    }
    static func invalidFilter(_ detail: String) -> Self { Self(.invalidFilter, detail) }
    static func invalidCandidates(_ detail: String) -> Self { Self(.invalidCandidates, "candidate lists: " + detail) }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}
