import FleetDispatch

/// The answer of `POST /nearest/v1/dispatch` (docs/dispatch-openapi.yaml): the keys of `nearest dispatch
/// --format json`, crow flies.
struct DispatchResponseBody: Encodable {
    struct Vehicle: Encodable {
        var id: String
        var distanceMeters: Double
        var latitude: Double
        var longitude: Double
    }
    struct Assignment: Encodable {
        var incident: String
        var priority: Int
        var needed: Int
        var vehicles: [Vehicle]
        var missing: Int
    }
    struct Unserved: Encodable {
        var incident: String
        var priority: Int
        var missing: Int
        var eligible: Int
        var reason: String
    }
    struct Greedy: Encodable {
        var totalDistanceMeters: Double
        var worstDistanceMeters: Double
        var missing: Int
    }

    var customerId: Int64
    var assignments: [Assignment]
    var totalDistanceMeters: Double
    var worstDistanceMeters: Double
    var unserved: [Unserved]
    var greedy: Greedy

    init(customerId: Int64, plan: DispatchPlan, incidents: [Incident]) {
        self.customerId = customerId
        assignments = zip(plan.assignments, incidents).map { assignment, incident in
            Assignment(incident: assignment.incidentId, priority: assignment.priority, needed: incident.vehiclesNeeded,
                       vehicles: assignment.vehicles.map {
                           Vehicle(id: $0.id, distanceMeters: $0.distanceMeters, latitude: $0.coordinate.latitude,
                                   longitude: $0.coordinate.longitude)
                       }, missing: assignment.missing)
        }
        totalDistanceMeters = plan.totalDistanceMeters
        worstDistanceMeters = plan.worstDistanceMeters
        unserved = plan.unserved.map {
            Unserved(incident: $0.incidentId, priority: $0.priority, missing: $0.missing, eligible: $0.eligible,
                     reason: $0.description)
        }
        greedy = Greedy(totalDistanceMeters: plan.greedy.totalDistanceMeters,
                        worstDistanceMeters: plan.greedy.worstDistanceMeters, missing: plan.greedy.missing)
    }
}
