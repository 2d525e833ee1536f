import Foundation
import Geo
import NearestVehicle
import Proj

/// A query's answer in each output format. Machine formats (json, csv, geojson, ocean-json) hold only data;
/// the table adds a title line and a note on what the filters excluded.
struct QueryRendering {
    let command: QueryCommand
    let fleet: LoadedFleet
    let answer: NearbyVehicles
    let unit: LengthUnit

    func render(_ format: QueryCommand.Format) throws -> String {
        switch format {
        case .table: table()
        case .json: try Formatting.json(JSONAnswer(self))
        case .csv: csv()
        case .geojson: try Formatting.json(GeoJSONAnswer(self))
        case .oceanJSON: try Formatting.json(answer.vehicles.map(OceanNearestVehicleJSON.init))
        }
    }

    var modelName: String { answer.model == .wgs84 ? "WGS84 geodesic" : "crow-flies (haversine)" }

    /// "10 nearest vehicles to 48.8566, 2.3522 within 5 km".
    var title: String {
        let what: String
        if command.all, let radius = command.radius {
            what = "Vehicles within \(Formatting.radius(radius, unit)) of \(Formatting.coordinate(command.at))"
        } else {
            let within = command.radius.map { " within \(Formatting.radius($0, unit))" } ?? ""
            what = "\(command.k) nearest vehicles to \(Formatting.coordinate(command.at))\(within)"
        }
        return "\(what), \(modelName); \(fleet.summary); ages at \(Formatting.timestamp(fleet.now))"
    }

    func table() -> String {
        let text = title + "\n\n"
        guard !answer.vehicles.isEmpty else {
            return text + "No vehicle matches.\n" + exclusionNote()
        }
        let showCustomer = fleet.customers.count > 1
        var table = Table(headers: ["#", "vehicle"] + (showCustomer ? ["customer"] : [])
                          + ["distance", "position age", "state", "entity", "group", "latitude", "longitude"])
        table.numericColumns = showCustomer ? [0, 3, 4, 8, 9] : [0, 2, 3, 7, 8]
        for (rank, nearby) in answer.vehicles.enumerated() {
            let vehicle = nearby.vehicle
            var state = vehicle.state.rawValue
            if vehicle.isPrivacyMode { state += " (private)" }
            table.rows.append(["\(rank + 1)", vehicle.id] + (showCustomer ? [vehicle.customerId] : []) + [
                Formatting.distance(nearby.distanceMeters, unit), Formatting.age(nearby.positionAge), state,
                vehicle.entityId ?? "", vehicle.groupId ?? "",
                String(format: "%.6f", vehicle.coordinate.latitude), String(format: "%.6f", vehicle.coordinate.longitude),
            ])
        }
        return text + table.render() + exclusionNote()
    }

    /// "Not shown, as near or nearer: 2 in privacy mode (--include-private), 1 older than --max-age."
    func exclusionNote() -> String {
        let excluded = answer.excluded
        guard excluded.total > 0 else { return "" }
        var parts: [String] = []
        if excluded.privacyMode > 0 { parts.append("\(excluded.privacyMode) in privacy mode (--include-private)") }
        if excluded.state > 0 { parts.append("\(excluded.state) in another state") }
        if excluded.entity > 0 { parts.append("\(excluded.entity) of another entity") }
        if excluded.group > 0 { parts.append("\(excluded.group) of another group") }
        if excluded.positionAge > 0 { parts.append("\(excluded.positionAge) older than --max-age") }
        let scope = command.all || answer.vehicles.count < command.k ? "within the search" : "as near or nearer"
        return "\nNot shown, \(scope): " + parts.joined(separator: ", ") + ".\n"
    }

    static let csvHeader = ["rank", "id", "customer", "distance", "unit", "distance_m", "latitude", "longitude",
                            "timestamp", "age_s", "state", "entity", "group", "privacy"]

    func csv() -> String {
        var text = Formatting.csvLine(Self.csvHeader)
        for (rank, nearby) in answer.vehicles.enumerated() {
            let vehicle = nearby.vehicle
            text += Formatting.csvLine([
                "\(rank + 1)", vehicle.id, vehicle.customerId, "\(nearby.distance)", unit.symbol,
                "\(nearby.distanceMeters)", "\(vehicle.coordinate.latitude)", "\(vehicle.coordinate.longitude)",
                Formatting.timestamp(vehicle.timestamp), "\(nearby.positionAge)", vehicle.state.rawValue,
                vehicle.entityId ?? "", vehicle.groupId ?? "", "\(vehicle.isPrivacyMode)",
            ])
        }
        return text
    }
}

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
        distance = nearby.distance
        self.unit = unit.symbol
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
        unit = rendering.unit.symbol
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

/// `--format ocean-json`: one element of Ocean's `nearestVehicles` answer (the `NearestVehicle` schema of
/// `Sources/OceanAPIGenerated/openapi.yaml`, the fields a local index knows): `distance` in metres,
/// `etatMobile`, `gmtPos`, `address.latitude/longitude`, `group.id`, `vehicle.id`, `vehicle.privacyEnabled`.
/// Ocean's ids are int64: ids that are decimal integers are written as numbers, others as strings.
struct OceanNearestVehicleJSON: Encodable {
    struct Address: Encodable {
        var latitude: Double
        var longitude: Double
    }

    struct Identified: Encodable {
        var id: OceanID
        var privacyEnabled: Bool?
    }

    /// An int64 id as a JSON number, or the original text when it is not one.
    enum OceanID: Encodable {
        case number(Int64)
        case text(String)

        init(_ text: String) { self = Int64(text).map(OceanID.number) ?? .text(text) }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .text(let value): try container.encode(value)
            }
        }
    }

    var address: Address
    var distance: Double
    var etatMobile: String
    var gmtPos: Date
    var group: Identified?
    var vehicle: Identified

    init(_ nearby: NearbyVehicle) {
        let vehicle = nearby.vehicle
        address = Address(latitude: vehicle.coordinate.latitude, longitude: vehicle.coordinate.longitude)
        distance = nearby.distanceMeters
        etatMobile = vehicle.state.rawValue
        gmtPos = vehicle.timestamp
        group = vehicle.groupId.map { Identified(id: OceanID($0)) }
        self.vehicle = Identified(id: OceanID(vehicle.id), privacyEnabled: vehicle.isPrivacyMode)
    }
}
