import Foundation
import NearestVehicle

extension NearestVehicleService {
    /// The remote answer, or the fallback.
    func byRoad(_ request: NearestVehiclesRequest) async throws(NearestVehicleServiceError) -> NearestVehiclesResponse {
        let query = RoadNearestQuery(
            customerId: request.customerId, point: request.point, radiusMeters: request.radius?.meters,
            resultsLimit: request.byRoadResultsLimit)
        let found: [RoadNearestVehicle]
        do throws(RoadProviderError) {
            guard let roadProvider else { throw RoadProviderError.notConfigured }
            found = try await roadProvider.nearestByRoad(query)
        } catch {
            if error.isRemoteUnavailable, request.fallback == .crowFlies {
                return try crowFlies(request, degradation: .init(reason: error))
            }
            throw .remote(error)
        }
        let now = self.now()
        let filter = request.filter(now: now)
        let radiusMeters = request.radius?.meters ?? .infinity
        var excluded = ExclusionCounts()
        var vehicles: [NearestVehicleResult] = []
        for remote in found.prefix(query.resultsLimit) where remote.distanceMeters <= radiusMeters {
            let local = index.position(forID: remote.vehicleId).flatMap { $0.customerId == request.customerId ? $0 : nil }
            if let reason = filter.exclusionReason(for: Self.filterView(of: remote, local: local, request: request)) {
                excluded[reason] += 1
                continue
            }
            vehicles.append(NearestVehicleResult(
                vehicleId: remote.vehicleId, details: remote.details.filling(from: details?(remote.vehicleId)),
                coordinate: remote.coordinate, distanceMeters: remote.distanceMeters,
                distance: request.unit.value(fromMeters: remote.distanceMeters), duration: remote.duration,
                eta: remote.eta, positionTime: remote.positionTime,
                positionAge: remote.positionTime.map { now.timeIntervalSince($0) }, state: remote.state,
                groupId: remote.groupId ?? local?.groupId, entityId: local?.entityId, mode: .byRoad,
                distanceSource: .remoteRoad, durationSource: remote.duration == nil && remote.eta == nil ? nil : .remoteRoad,
                positionSource: .remote))
        }
        return NearestVehiclesResponse(
            vehicles: vehicles, requestedMode: .byRoad, mode: .byRoad, degradation: nil, unit: request.unit,
            excluded: excluded)
    }

    /// What the request's filter judges a remote result by: the remote's fields, else the local index's (entity
    /// only ever comes from the index). A field neither knows fails a filter on it (unknown state, group or
    /// entity; unknown fix time counts as infinitely old), so a filter never lets through what it cannot check.
    static func filterView(
        of remote: RoadNearestVehicle, local: VehiclePosition?, request: NearestVehiclesRequest
    ) -> VehiclePosition {
        let state = remote.state ?? local?.state ?? Self.unknownState
        // Ocean reports a position in privacy mode with the PRIVACY state, whatever its privacy flag says (as
        // FleetSync reads it): either makes the vehicle private.
        return VehiclePosition(
            id: remote.vehicleId, coordinate: remote.coordinate ?? local?.coordinate ?? request.point,
            timestamp: remote.positionTime ?? local?.timestamp ?? .distantPast, customerId: request.customerId,
            entityId: local?.entityId, groupId: remote.groupId ?? local?.groupId, state: state,
            isPrivacyMode: (remote.isPrivacyMode ?? local?.isPrivacyMode ?? false) || state == .privacy)
    }

    /// A state no filter lists (Ocean's codes are upper-case words), for "state unknown".
    static let unknownState = VehicleState("")
}
