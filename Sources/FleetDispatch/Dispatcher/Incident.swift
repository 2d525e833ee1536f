import Geo
import NearestVehicle

/// Something that needs vehicles: a place, how many vehicles, how urgent, and which vehicles may go.
public struct Incident: Hashable, Sendable {
    /// The incident's id, as given (reported back with its assignment).
    public var id: String
    /// Where the vehicles must go, WGS84 degrees.
    public var point: Coordinate
    /// How many distinct vehicles it needs, >= 1.
    public var vehiclesNeeded: Int
    /// Lower is more urgent: every incident of priority 1 is served before any of priority 2 (default 1).
    public var priority: Int
    /// Which vehicles may serve it; nil: the dispatcher's filter. Its customer must be the dispatcher's.
    public var filter: VehicleFilter?

    public init(id: String, point: Coordinate, vehiclesNeeded: Int = 1, priority: Int = 1, filter: VehicleFilter? = nil) {
        self.id = id
        self.point = point
        self.vehiclesNeeded = vehiclesNeeded
        self.priority = priority
        self.filter = filter
    }
}
