import Geo
import OceanAPIGenerated

/// A `nearestVehicles` VOL_OISEAU request the index can answer exactly as upstream would.
struct LocalQuery: Sendable, Equatable {
    let customerId: Int64
    let point: Coordinate
    /// Radius in metres; nil: no radius.
    let radiusMeters: Double?
    /// Most vehicles returned; nil: all within the radius.
    let resultsLimit: Int?

    /// Metres per `radiusUnit`, lower-cased (the spec's list: m, km, mi, ft, nmi and common spellings). Absent or
    /// empty means km. A unit not listed here is left to upstream.
    static let metersPerRadiusUnit: [String: Double] = [
        "m": 1, "meter": 1, "meters": 1, "metre": 1, "metres": 1,
        "km": 1_000, "kilometer": 1_000, "kilometers": 1_000, "kilometre": 1_000, "kilometres": 1_000,
        "mi": 1_609.344, "mile": 1_609.344, "miles": 1_609.344,
        "ft": 0.3048, "foot": 0.3048, "feet": 0.3048,
        "nmi": 1_852, "nm": 1_852, "kmi": 1_852,
    ]

    /// Nil unless the request is VOL_OISEAU, names its customer and every value is one the index answers exactly.
    init?(_ query: Operations.nearestVehicles.Input.Query, body: Components.Schemas.NearestVehiclesRequest) {
        guard body.computeMode == .VOL_OISEAU, let customerId = query.customerId,
              let point = try? Coordinate(latitude: query.latitude, longitude: query.longitude)
        else { return nil }
        let unit = (body.radiusUnit.flatMap { $0.isEmpty ? nil : $0 } ?? "km").lowercased()
        guard let metersPerUnit = Self.metersPerRadiusUnit[unit] else { return nil }
        if let radius = query.radius {
            guard radius >= 0 else { return nil }
            self.radiusMeters = Double(radius) * metersPerUnit
        } else {
            self.radiusMeters = nil
        }
        if let limit = query.resultsLimit {
            guard limit >= 1 else { return nil }
            self.resultsLimit = Int(limit)
        } else {
            self.resultsLimit = nil
        }
        self.customerId = customerId
        self.point = point
    }
}
