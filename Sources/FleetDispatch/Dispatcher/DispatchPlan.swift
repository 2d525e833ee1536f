import Geo

/// The answer of ``Dispatcher/plan(_:)`` (crow flies) or ``CandidateListDispatcher/plan(_:candidates:)`` (by
/// road): which vehicles go where, what could not be served and why, and what nearest-first greedy would have done
/// instead.
public struct DispatchPlan: Hashable, Sendable {
    /// What the plan minimises.
    public enum Objective: String, Hashable, Sendable {
        /// Crow-flies distance (haversine, R = 6 371 008.8 m), over the whole eligible fleet.
        case crowFliesDistance
        /// Road distance, over each incident's candidate list (Ocean PAR_ROUTE).
        case roadDistance
        /// Travel time by road, over each incident's candidate list (Ocean PAR_ROUTE).
        case roadDuration
    }

    /// A vehicle sent to an incident.
    public struct AssignedVehicle: Hashable, Sendable {
        public let id: String
        public let coordinate: Coordinate
        /// Distance to the incident, metres: crow-flies (haversine, R = 6 371 008.8 m), or by road for a road plan.
        public let distanceMeters: Double
        /// Travel time to the incident, seconds (road plans, when the remote gave it); nil as the crow flies.
        public let durationSeconds: Double?

        public init(id: String, coordinate: Coordinate, distanceMeters: Double, durationSeconds: Double? = nil) {
            self.id = id
            self.coordinate = coordinate
            self.distanceMeters = distanceMeters
            self.durationSeconds = durationSeconds
        }
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
        /// Vehicles its filter admits in the whole fleet (by road: in its candidate list), and how many of those
        /// were free when its priority was served (the others went to more urgent incidents).
        public let eligible: Int
        public let freeAtItsPriority: Int
        /// By road only: its candidate list is not every eligible vehicle (the remote returned all it was asked
        /// for), so vehicles beyond the list may be free; none was assigned blindly. Each of them costs at least
        /// ``othersCostAtLeast`` (metres or seconds, the plan's objective) when that is known.
        public let incomplete: Bool
        public let othersCostAtLeast: Double?
        let objective: Objective

        public var description: String {
            if incomplete {
                let bound = othersCostAtLeast.map { bound in
                    objective == .roadDuration ? String(format: " (each at least %.0f s away)", bound)
                        : String(format: " (each at least %.0f m away by road)", bound)
                } ?? ""
                return "\(incidentId): \(missing) vehicle\(missing == 1 ? "" : "s") short, incomplete: \(eligible) "
                    + "candidate\(eligible == 1 ? "" : "s") by road, \(freeAtItsPriority) free at priority "
                    + "\(priority), too few for every incident; vehicles beyond its candidates may be free\(bound), "
                    + "none assigned blindly"
            }
            if eligible == 0 {
                return objective == .crowFliesDistance ? "\(incidentId): no vehicle of the fleet passes its filter"
                    : "\(incidentId): no eligible vehicle by road"
            }
            return "\(incidentId): \(missing) vehicle\(missing == 1 ? "" : "s") short; \(freeAtItsPriority) of the "
                + "\(eligible) eligible were free at priority \(priority), and serving as many incidents of that "
                + "priority as possible at least total \(objective == .roadDuration ? "travel time" : "distance") "
                + "left it short"
        }
    }

    /// What nearest-first greedy (incidents in input order, each taking its nearest free vehicles) would have done.
    public struct Greedy: Hashable, Sendable {
        public let totalDistanceMeters: Double
        public let worstDistanceMeters: Double
        /// Road plans minimising travel time: greedy's total and worst travel time, seconds.
        public let totalDurationSeconds: Double?
        public let worstDurationSeconds: Double?
        /// Vehicles greedy left unassigned although needed.
        public let missing: Int
    }

    public let objective: Objective
    /// One per incident, in input order.
    public let assignments: [Assignment]
    /// The incidents served short, in input order.
    public let unserved: [Unserved]
    /// The sum of every assigned vehicle's distance, metres: the least possible for this input (see
    /// ``Dispatcher``) as the crow flies or for ``Objective/roadDistance``.
    public let totalDistanceMeters: Double
    /// The longest single distance assigned, metres (0 with no assignment).
    public var worstDistanceMeters: Double {
        assignments.lazy.flatMap(\.vehicles).map(\.distanceMeters).max() ?? 0
    }
    /// The sum of the assigned vehicles' travel times, seconds (road plans whose every vehicle has one); the least
    /// possible for ``Objective/roadDuration``.
    public var totalDurationSeconds: Double? {
        let vehicles = assignments.flatMap(\.vehicles)
        guard objective != .crowFliesDistance, vehicles.allSatisfy({ $0.durationSeconds != nil }) else { return nil }
        return vehicles.reduce(0) { $0 + $1.durationSeconds! }
    }
    public let greedy: Greedy
    /// Whether the plan is proven optimal for the whole eligible fleet. Always true as the crow flies; by road,
    /// true when no vehicle beyond the candidate lists could lower the total (see ``CandidateListDispatcher``).
    public var isProvenOptimal: Bool { unproven.isEmpty }
    /// By road: incidents a vehicle beyond their candidate list might serve better (the relaxed problem gave them
    /// one): the plan is optimal over the lists, not proven for the whole fleet. Input order.
    public let unproven: [String]
    /// Solver rounds (candidate lists grown and the assignment solved again until the certificate held), and the
    /// candidate vehicles it looked at in the last round: diagnostics.
    public let rounds: Int
    public let candidates: Int
    /// Priority levels solved by the dense solver (tight fleets: see ``Dispatcher``): diagnostics.
    public let denseLevels: Int
}
