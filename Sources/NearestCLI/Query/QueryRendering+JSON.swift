import Foundation
import NearestVehicle
import Proj

/// One result in `--format json` and in GeoJSON properties.
struct VehicleJSON: Encodable {
    var rank: Int
    var id: String
    var customer: String
    var distance: Double
    var unit: String
    var distanceMeters: Double
    var latitude: Double
    var longitude: Double
    var timestamp: Date
    var ageSeconds: Double
    var state: String
    var entity: String?
    var group: String?
    var privacyMode: Bool

    init(rank: Int, _ nearby: NearbyVehicle, unit: LengthUnit) {
        let vehicle = nearby.vehicle
        self.rank = rank
        id = vehicle.id
        customer = vehicle.customerId
        distance = unit.value(fromMeters: nearby.distanceMeters)
        self.unit = unit.displaySymbol
        distanceMeters = nearby.distanceMeters
        latitude = vehicle.coordinate.latitude
        longitude = vehicle.coordinate.longitude
        timestamp = vehicle.timestamp
        ageSeconds = nearby.positionAge
        state = vehicle.state.rawValue
        entity = vehicle.entityId
        group = vehicle.groupId
        privacyMode = vehicle.isPrivacyMode
    }

    func encode(to encoder: any Encoder) throws {
        // Explicit nulls for absent entity/group: every object has the same keys.
        enum Key: String, CodingKey {
            case rank, id, customer, distance, unit, distanceMeters, latitude, longitude, timestamp, ageSeconds,
                 state, entity, group, privacyMode
        }
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(id, forKey: .id)
        try container.encode(customer, forKey: .customer)
        try container.encode(distance, forKey: .distance)
        try container.encode(unit, forKey: .unit)
        try container.encode(distanceMeters, forKey: .distanceMeters)
        try container.encode(latitude, forKey: .latitude)
        try container.encode(longitude, forKey: .longitude)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(ageSeconds, forKey: .ageSeconds)
        try container.encode(state, forKey: .state)
        try container.encode(entity, forKey: .entity)
        try container.encode(group, forKey: .group)
        try container.encode(privacyMode, forKey: .privacyMode)
    }
}

/// The query as echoed in JSON and GeoJSON answers.
struct QueryJSON: Encodable {
    var latitude: Double
    var longitude: Double
    var k: Int?
    var radius: Double?
    var unit: String
    var model: String
    var source: String
    var customers: [String]
    var now: Date

    init(_ rendering: QueryRendering) {
        latitude = rendering.command.at.latitude
        longitude = rendering.command.at.longitude
        k = rendering.command.all ? nil : rendering.command.k
        radius = rendering.command.radius
        unit = rendering.unit.displaySymbol
        model = rendering.answer.model == .wgs84 ? "wgs84" : "sphere"
        source = rendering.fleet.name
        customers = rendering.fleet.customers
        now = rendering.fleet.now
    }
}

/// `--format json`: `{"query": {...}, "vehicles": [...], "excluded": {...}}`.
struct JSONAnswer: Encodable {
    var query: QueryJSON
    var vehicles: [VehicleJSON]
    var excluded: [String: Int]

    init(_ rendering: QueryRendering) {
        query = QueryJSON(rendering)
        vehicles = rendering.answer.vehicles.enumerated().map { VehicleJSON(rank: $0 + 1, $1, unit: rendering.unit) }
        let counts = rendering.answer.excluded
        excluded = ["privacyMode": counts.privacyMode, "state": counts.state, "entity": counts.entity,
                    "group": counts.group, "positionAge": counts.positionAge]
    }
}

/// `--format geojson`: a FeatureCollection of Point features (RFC 7946, [longitude, latitude]), the query as a
/// foreign member.
struct GeoJSONAnswer: Encodable {
    struct Geometry: Encodable {
        var type = "Point"
        var coordinates: [Double]
    }

    struct Feature: Encodable {
        var type = "Feature"
        var id: String
        var geometry: Geometry
        var properties: VehicleJSON
    }

    var type = "FeatureCollection"
    var query: QueryJSON
    var features: [Feature]

    init(_ rendering: QueryRendering) {
        query = QueryJSON(rendering)
        features = rendering.answer.vehicles.enumerated().map { offset, nearby in
            let coordinate = nearby.vehicle.coordinate
            return Feature(id: nearby.vehicle.id,
                           geometry: Geometry(coordinates: [coordinate.longitude, coordinate.latitude]),
                           properties: VehicleJSON(rank: offset + 1, nearby, unit: rendering.unit))
        }
    }
}
