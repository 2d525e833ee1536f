import Geo

/// The answer of ``Dispatcher/plan(_:)``: which vehicles go where, what could not be served and why, and what
/// nearest-first greedy would have done instead.
public struct DispatchPlan: Hashable, Sendable {
    /// A vehicle sent to an incident.
    public struct AssignedVehicle: Hashable, Sendable {
        public let id: String
        public let coordinate: Coordinate
        /// Crow-flies (haversine, R = 6 371 008.8 m) distance to the incident, metres.
        public let distanceMeters: Double
    }

    /// One incident's vehicles, nearest first (ties by id), and how many it still lacks.
    public struct Assignment: Hashable, Sendable {
        public let incidentId: String
        public let priority: Int
        public let vehicles: [AssignedVehicle]
        /// Vehicles needed but not assigned (0 when served in full); see ``DispatchPlan/unserved``.
        public let missing: Int
        public var totalDistanceMeters: Double { vehicles.reduce(0) { $0 + $1.distanceMeters } }
    }

    /// An incident that got fewer vehicles than it needs.
    public struct Unserved: Hashable, Sendable, CustomStringConvertible {
        public let incidentId: String
        public let priority: Int
        /// Vehicles it lacks.
        public let missing: Int
        /// Vehicles its filter admits in the whole fleet, and how many of those were free when its priority was
        /// served (the others went to more urgent incidents).
        public let eligible: Int
        public let freeAtItsPriority: Int

        public var description: String {
            if eligible == 0 { return "\(incidentId): no vehicle of the fleet passes its filter" }
            return "\(incidentId): \(missing) vehicle\(missing == 1 ? "" : "s") short; \(freeAtItsPriority) of the "
                + "\(eligible) eligible were free at priority \(priority), and serving as many incidents of that "
                + "priority as possible at least total distance left it short"
        }
    }

    /// What nearest-first greedy (incidents in input order, each taking its nearest free vehicles) would have done.
    public struct Greedy: Hashable, Sendable {
        public let totalDistanceMeters: Double
        public let worstDistanceMeters: Double
        /// Vehicles greedy left unassigned although needed.
        public let missing: Int
    }

    /// One per incident, in input order.
    public let assignments: [Assignment]
    /// The incidents served short, in input order.
    public let unserved: [Unserved]
    /// The sum of every assigned vehicle's distance, metres: the least possible for this input (see
    /// ``Dispatcher``).
    public let totalDistanceMeters: Double
    /// The longest single distance assigned, metres (0 with no assignment).
    public var worstDistanceMeters: Double {
        assignments.lazy.flatMap(\.vehicles).map(\.distanceMeters).max() ?? 0
    }
    public let greedy: Greedy
    /// Solver rounds (candidate lists grown and the assignment solved again until the certificate held), and the
    /// candidate vehicles it looked at in the last round: diagnostics.
    public let rounds: Int
    public let candidates: Int
}
