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
        vehicles(query).map(Self.wire)
    }

    /// The index's answer to `query`, nearest first, read lazily (what ``answer(_:)`` maps to the wire type and
    /// ``LocalAnswerEncoder`` writes directly).
    func vehicles(_ query: LocalQuery) -> NearbyVehicleList {
        let customer = String(query.customerId)
        let filter = VehicleFilter(customerId: customer)
        let options = QueryOptions(model: .sphere, countsExclusions: false)
        let result: NearbyVehicles?
        if let limit = query.resultsLimit {
            result = try? index.nearest(limit, to: query.point, within: query.radiusMeters, filter: filter,
                                        options: options)
        } else if let radiusMeters = query.radiusMeters {
            result = try? index.within(radiusMeters, of: query.point, filter: filter, options: options)
        } else {
            let all = index.count(customerId: customer)
            result = all == 0 ? nil : try? index.nearest(all, to: query.point, filter: filter, options: options)
        }
        return result?.vehicles ?? NearbyVehicleList()
    }

    /// Vehicles the index holds for a customer (metrics).
    func vehicleCount(customerId: Int64) -> Int {
        index.count(customerId: String(customerId))
    }

    static func wire(_ hit: NearbyVehicle) -> Components.Schemas.NearestVehicle {
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
