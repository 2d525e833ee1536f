import FleetDispatch

/// The answer of `POST /nearest/v1/dispatch` (docs/dispatch-openapi.yaml): the keys of `nearest dispatch
/// --format json`, crow flies.
struct DispatchResponseBody: Encodable {
    struct Unserved: Encodable {
        var incident: String
        var priority: Int
        var missing: Int
        var eligible: Int
        var reason: String
    }

    var customerId: Int64
    var assignments: [DispatchPlanJSON.Assignment]
    var totalDistanceMeters: Double
    var worstDistanceMeters: Double
    var unserved: [Unserved]
    var greedy: DispatchPlanJSON.Greedy

    init(customerId: Int64, plan: DispatchPlan, incidents: [Incident]) {
        self.customerId = customerId
        assignments = DispatchPlanJSON.assignments(plan, incidents: incidents)
        totalDistanceMeters = plan.totalDistanceMeters
        worstDistanceMeters = plan.worstDistanceMeters
        unserved = plan.unserved.map {
            Unserved(incident: $0.incidentId, priority: $0.priority, missing: $0.missing, eligible: $0.eligible,
                     reason: $0.description)
        }
        greedy = DispatchPlanJSON.greedy(plan)
    }
}
