import Foundation
import Geo
import NearestVehicle
import OceanAPIGenerated

/// The only place `serve` reads the ``NearestVehicle/FleetIndex``: a VOL_OISEAU query of Ocean's
/// `nearestVehicles` answered from the index, in the spec's wire type.
///
/// Semantics are the emulator's and Ocean's: haversine on R = 6 371 008.8 m, radius inclusive, sorted by
/// (distance, id), privacy-mode vehicles never returned, no `resultsLimit` means every vehicle in the radius.
/// ``LocalQuery/init(_:body:)`` refuses (returns nil) anything it is not sure to answer exactly as upstream
/// would (an unknown `radiusUnit`, a point out of range, `resultsLimit` < 1, a negative radius): those requests
/// go upstream, which answers them with its own status.
struct LocalNearest: Sendable {
    let index: FleetIndex

    /// Ocean's nearest vehicles for `query`, from the index. Each vehicle carries what the index knows: id,
    /// distance (metres), position (`address.latitude/longitude`), `etatMobile`, `gmtPos` (fix time) and group id.
    func answer(_ query: LocalQuery) -> [Components.Schemas.NearestVehicle] {
        let customer = String(query.customerId)
        let filter = VehicleFilter(customerId: customer)
        let options = QueryOptions(model: .sphere, unit: nil, countsExclusions: false)
        let radius = query.radiusMeters.flatMap { try? Distance.meters($0) }
        let result: NearbyVehicles?
        if let limit = query.resultsLimit {
            result = try? index.nearest(limit, to: query.point, within: radius, filter: filter, options: options)
        } else if let radius {
            result = try? index.within(radius, of: query.point, filter: filter, options: options)
        } else {
            let all = index.positions(customerId: customer).count
            result = all == 0 ? nil : try? index.nearest(all, to: query.point, filter: filter, options: options)
        }
        return (result?.vehicles ?? []).map(Self.wire)
    }

    /// Vehicles the index holds for a customer (metrics).
    func vehicleCount(customerId: Int64) -> Int {
        index.positions(customerId: String(customerId)).count
    }

    private static func wire(_ hit: NearbyVehicle) -> Components.Schemas.NearestVehicle {
        let position = hit.vehicle
        return Components.Schemas.NearestVehicle(
            address: .init(latitude: position.coordinate.latitude, longitude: position.coordinate.longitude),
            distance: hit.distanceMeters,
            etatMobile: position.state.rawValue,
            gmtPos: position.timestamp,
            group: position.groupId.flatMap(Int64.init).map { .init(id: $0) },
            vehicle: .init(id: Int64(position.id), privacyEnabled: position.isPrivacyMode)
        )
    }
}

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
