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

    /// Nil unless the request is VOL_OISEAU, names its customer and every value is one the index answers exactly.
    init?(_ query: Operations.nearestVehicles.Input.Query, body: Components.Schemas.NearestVehiclesRequest) {
        guard body.computeMode == .VOL_OISEAU, let customerId = query.customerId,
              let point = try? Coordinate(latitude: query.latitude, longitude: query.longitude)
        else { return nil }
        let unit = (body.radiusUnit.flatMap { $0.isEmpty ? nil : $0 } ?? "km").lowercased()
        guard let metersPerUnit = OceanRadiusUnit.metersPerUnit[unit] else { return nil }
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
