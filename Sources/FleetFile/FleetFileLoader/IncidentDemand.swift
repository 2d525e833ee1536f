/// What an incident of a dispatch file asks for: how many vehicles, and how urgently (lower first).
public struct IncidentDemand: Hashable, Sendable {
    /// The most vehicles one incident may ask for.
    public static let maximumVehicles = 1_000

    /// Vehicles needed, 1...``maximumVehicles`` (column `vehicles`, default 1).
    public var vehicles: Int
    /// Priority, lower served first (column `priority`, default 1).
    public var priority: Int

    public init(vehicles: Int = 1, priority: Int = 1) {
        self.vehicles = vehicles
        self.priority = priority
    }
}
