import FleetDispatch
import Geo

/// `dispatch --format geojson`: a FeatureCollection (RFC 7946, positions [longitude, latitude]) with a Point per
/// incident, a Point per assigned vehicle and a line from each incident to each of its vehicles. Every feature's
/// `kind` property says which (`incident`, `vehicle`, `assignment`); ids, `priority` and `distanceMeters` are
/// properties. An incident served short has `"unserved": true` and its `missing` count. A line that crosses the
/// antimeridian is a MultiLineString cut there (RFC 7946 §3.1.9). The plan's totals are foreign members.
struct DispatchGeoJSON: Encodable {
    /// Point, LineString or MultiLineString.
    enum Geometry: Encodable {
        case point(Coordinate)
        case line(Coordinate, Coordinate)

        private enum Keys: String, CodingKey { case type, coordinates }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .point(let point):
                try container.encode("Point", forKey: .type)
                try container.encode(Self.position(point), forKey: .coordinates)
            case .line(let from, let to):
                let segments = Self.cutAtAntimeridian(from, to)
                if segments.count == 1 {
                    try container.encode("LineString", forKey: .type)
                    try container.encode(segments[0], forKey: .coordinates)
                } else {
                    try container.encode("MultiLineString", forKey: .type)
                    try container.encode(segments, forKey: .coordinates)
                }
            }
        }

        static func position(_ point: Coordinate) -> [Double] { [point.longitude, point.latitude] }

        /// The straight line in (longitude, latitude) the short way round: one segment, or two meeting at ±180
        /// (latitude interpolated linearly) when the short way crosses the antimeridian.
        static func cutAtAntimeridian(_ from: Coordinate, _ to: Coordinate) -> [[[Double]]] {
            let delta = to.longitude - from.longitude
            guard abs(delta) > 180 else { return [[position(from), position(to)]] }
            // 179 -> -179: delta -358, the short way is east across +180; -179 -> 179 is west across -180.
            let east = delta < 0
            let unwrapped = to.longitude + (east ? 360 : -360)
            let edge = east ? 180.0 : -180.0
            let fraction = (edge - from.longitude) / (unwrapped - from.longitude)
            let latitude = from.latitude + fraction * (to.latitude - from.latitude)
            return [[position(from), [edge, latitude]], [[-edge, latitude], position(to)]]
        }
    }

    struct Properties: Encodable {
        var kind: String
        var incident: String
        var vehicle: String?
        var priority: Int
        var distanceMeters: Double?
        var durationSeconds: Double?
        var needed: Int?
        var assigned: Int?
        var missing: Int?
        var unserved: Bool?
        /// By road: served short because its candidates ran out (Ocean may know more vehicles).
        var incomplete: Bool?
        var reason: String?
    }

    struct Feature: Encodable {
        var type = "Feature"
        var geometry: Geometry
        var properties: Properties
    }

    var type = "FeatureCollection"
    var customer: String
    var mode: String
    var objective: String
    var provenOptimal: Bool
    var totalDistanceMeters: Double
    var worstDistanceMeters: Double
    var unserved: [String]
    var greedy: DispatchPlanJSON.Greedy
    var features: [Feature]

    init(_ rendering: DispatchRendering) {
        let plan = rendering.plan
        let json = DispatchJSON(rendering)
        customer = json.customer
        mode = json.mode
        objective = json.objective
        provenOptimal = json.provenOptimal
        totalDistanceMeters = plan.totalDistanceMeters
        worstDistanceMeters = plan.worstDistanceMeters
        unserved = plan.unserved.map(\.incidentId)
        greedy = json.greedy
        let reasons = Dictionary(plan.unserved.map { ($0.incidentId, $0) }, uniquingKeysWith: { a, _ in a })
        var features: [Feature] = []
        for (assignment, incident) in zip(plan.assignments, rendering.incidents) {
            let short = assignment.missing > 0
            features.append(Feature(geometry: .point(incident.point), properties: Properties(
                kind: "incident", incident: incident.id, priority: assignment.priority,
                distanceMeters: assignment.totalDistanceMeters, needed: incident.vehiclesNeeded,
                assigned: assignment.vehicles.count, missing: assignment.missing, unserved: short,
                incomplete: short ? reasons[incident.id]?.incomplete : nil,
                reason: short ? reasons[incident.id]?.description : nil)))
            for vehicle in assignment.vehicles {
                features.append(Feature(geometry: .point(vehicle.coordinate), properties: Properties(
                    kind: "vehicle", incident: incident.id, vehicle: vehicle.id, priority: assignment.priority,
                    distanceMeters: vehicle.distanceMeters, durationSeconds: vehicle.durationSeconds)))
                features.append(Feature(geometry: .line(incident.point, vehicle.coordinate), properties: Properties(
                    kind: "assignment", incident: incident.id, vehicle: vehicle.id, priority: assignment.priority,
                    distanceMeters: vehicle.distanceMeters, durationSeconds: vehicle.durationSeconds)))
            }
        }
        self.features = features
    }
}
