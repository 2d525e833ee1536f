/// The JSON of a plan's assignments and of its greedy comparison, as `nearest dispatch --format json` and serve's
/// `POST /nearest/v1/dispatch` both write them (docs/dispatch-openapi.yaml): one shape, so the two cannot drift.
/// Optional values (travel times, by road only) are left out when absent.
public enum DispatchPlanJSON {
    public struct Vehicle: Encodable, Sendable {
        public var id: String
        public var distanceMeters: Double
        /// By road, when Ocean gave a travel time.
        public var durationSeconds: Double?
        public var latitude: Double
        public var longitude: Double
    }

    public struct Assignment: Encodable, Sendable {
        public var incident: String
        public var priority: Int
        public var needed: Int
        public var vehicles: [Vehicle]
        public var missing: Int
    }

    public struct Greedy: Encodable, Sendable {
        public var totalDistanceMeters: Double
        public var worstDistanceMeters: Double
        public var totalDurationSeconds: Double?
        public var worstDurationSeconds: Double?
        public var missing: Int
    }

    /// `plan`'s assignments, each beside the incident it answers (`incidents` in the plan's order).
    public static func assignments(_ plan: DispatchPlan, incidents: [Incident]) -> [Assignment] {
        zip(plan.assignments, incidents).map { assignment, incident in
            Assignment(incident: assignment.incidentId, priority: assignment.priority, needed: incident.vehiclesNeeded,
                       vehicles: assignment.vehicles.map {
                           Vehicle(id: $0.id, distanceMeters: $0.distanceMeters, durationSeconds: $0.durationSeconds,
                                   latitude: $0.coordinate.latitude, longitude: $0.coordinate.longitude)
                       }, missing: assignment.missing)
        }
    }

    /// What nearest-first greedy would have done (for comparison).
    public static func greedy(_ plan: DispatchPlan) -> Greedy {
        Greedy(totalDistanceMeters: plan.greedy.totalDistanceMeters,
               worstDistanceMeters: plan.greedy.worstDistanceMeters,
               totalDurationSeconds: plan.greedy.totalDurationSeconds,
               worstDurationSeconds: plan.greedy.worstDurationSeconds, missing: plan.greedy.missing)
    }
}
