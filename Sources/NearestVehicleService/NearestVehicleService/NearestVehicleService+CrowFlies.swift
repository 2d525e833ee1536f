import Foundation
import NearestVehicle

extension NearestVehicleService {
    /// The local answer: the request's limit (the by-road limit when standing in for by-road), radius, filters and
    /// distance model.
    func crowFlies(
        _ request: NearestVehiclesRequest, degradation: NearestVehiclesResponse.Degradation?
    ) throws(NearestVehicleServiceError) -> NearestVehiclesResponse {
        let now = self.now()
        let filter = request.filter(now: now)
        let options = QueryOptions(model: request.exactWGS84 ? .wgs84 : .sphere)
        // Units stay at this boundary: the index takes and gives metres.
        let radiusMeters = request.radius?.meters
        let limit = request.mode == .byRoad ? request.byRoadResultsLimit : request.resultsLimit
        let found: NearbyVehicles
        do {
            if let limit {
                found = try index.nearest(limit, to: request.point, within: radiusMeters, filter: filter, options: options)
            } else if let radiusMeters {
                found = try index.within(radiusMeters, of: request.point, filter: filter, options: options)
            } else {
                // Neither limit nor radius: every eligible vehicle of the customer, nearest first.
                found = try index.nearest(
                    Swift.max(1, index.count), to: request.point, within: nil, filter: filter, options: options)
            }
        } catch {
            throw .invalidQuery(error.description)
        }
        return NearestVehiclesResponse(
            vehicles: found.vehicles.map { localResult($0, request: request) }, requestedMode: request.mode,
            mode: .crowFlies, degradation: degradation, unit: request.unit, excluded: found.excluded,
            completeness: .exact)
    }

    /// One vehicle of the index as a crow-flies result (a fill row carries its by-road lower bounds).
    func localResult(
        _ nearby: NearbyVehicle, request: NearestVehiclesRequest, roadDistanceAtLeastMeters: Double? = nil,
        travelTimeAtLeast: Duration? = nil
    ) -> NearestVehicleResult {
        let vehicle = nearby.vehicle
        return NearestVehicleResult(
            vehicleId: vehicle.id, details: details?(vehicle.id) ?? VehicleDetails(),
            coordinate: vehicle.coordinate, distanceMeters: nearby.distanceMeters,
            distance: request.unit.value(fromMeters: nearby.distanceMeters),
            duration: nil, eta: nil, positionTime: vehicle.timestamp, positionAge: nearby.positionAge,
            state: vehicle.state, groupId: vehicle.groupId, entityId: vehicle.entityId, mode: .crowFlies,
            distanceSource: request.exactWGS84 ? .localWGS84Geodesic : .localHaversine, durationSource: nil,
            positionSource: .localIndex, roadDistanceAtLeastMeters: roadDistanceAtLeastMeters,
            travelTimeAtLeast: travelTimeAtLeast)
    }
}
