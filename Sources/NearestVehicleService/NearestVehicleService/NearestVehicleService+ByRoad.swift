import Foundation
import NearestVehicle
import Proj

extension NearestVehicleService {
    /// The remote answer filtered to the first k eligible vehicles, with how complete it is (or the fallback).
    ///
    /// The remote knows none of the request's filters, so with a filter set it is asked for its maximum
    /// (``NearestVehiclesRequest/maximumByRoadResults``); without one, for k, and once more for its maximum when
    /// the privacy exclusion or the exact radius made the first answer short.
    func byRoad(_ request: NearestVehiclesRequest) async throws(NearestVehicleServiceError) -> NearestVehiclesResponse {
        let limit = request.byRoadResultsLimit
        let maximum = NearestVehiclesRequest.maximumByRoadResults
        var asked = request.filtersRemoteAnswers ? maximum : limit
        while true {
            let found: [RoadNearestVehicle]
            do throws(RoadProviderError) {
                guard let roadProvider else { throw RoadProviderError.notConfigured }
                found = Array(try await roadProvider.nearestByRoad(RoadNearestQuery(
                    customerId: request.customerId, point: request.point, radiusMeters: request.radius?.meters,
                    resultsLimit: asked)).prefix(asked))
            } catch {
                if error.isRemoteUnavailable, request.fallback == .crowFlies {
                    return try crowFlies(request, degradation: .init(reason: error))
                }
                throw .remote(error)
            }
            let now = self.now()
            let (vehicles, excluded) = eligible(found, request: request, now: now)
            if vehicles.count < limit, found.count == asked, asked < maximum {
                asked = maximum
                continue
            }
            let completeness: NearestVehiclesResponse.Completeness
            if vehicles.count >= limit {
                completeness = .limitReached
            } else if found.count < asked {
                completeness = .remoteExhausted(asked: asked, returned: found.count)
            } else {
                let ranking = roadProvider?.ranking ?? .unspecified
                let last = found.last
                completeness = .incomplete(.init(
                    asked: asked, returned: found.count, ranking: ranking,
                    travelTimeAtLeast: ranking == .travelTime ? last?.duration : nil,
                    roadDistanceAtLeastMeters: ranking == .roadDistance ? last?.distanceMeters : nil))
            }
            var fill: [NearestVehicleResult] = []
            if case .incomplete(let missing) = completeness, request.fill == .crowFlies {
                fill = try crowFliesFill(
                    request, count: limit - vehicles.count, skipping: Set(found.map(\.vehicleId)), missing: missing,
                    now: now)
            }
            return NearestVehiclesResponse(
                vehicles: vehicles, requestedMode: .byRoad, mode: .byRoad, degradation: nil, unit: request.unit,
                excluded: excluded, completeness: completeness, fill: fill)
        }
    }

    /// The eligible vehicles of the remote's answer, in its order, at most the request's limit, and the others'
    /// exclusion reasons. Results beyond the exact radius (a remote may round it up) are dropped, not counted.
    private func eligible(
        _ found: [RoadNearestVehicle], request: NearestVehiclesRequest, now: Date
    ) -> (vehicles: [NearestVehicleResult], excluded: ExclusionCounts) {
        let filter = request.filter(now: now)
        let radiusMeters = request.radius?.meters ?? .infinity
        let limit = request.byRoadResultsLimit
        var excluded = ExclusionCounts()
        var vehicles: [NearestVehicleResult] = []
        for remote in found where remote.distanceMeters <= radiusMeters && vehicles.count < limit {
            let local = index.position(forID: remote.vehicleId).flatMap { $0.customerId == request.customerId ? $0 : nil }
            if let reason = Self.exclusionReason(of: remote, local: local, filter: filter, request: request) {
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
        return (vehicles, excluded)
    }

    /// Up to `count` eligible vehicles of the index, nearest as the crow flies, none of them in the remote's
    /// answer (`skipping`: shown, excluded on the remote's fresher data, or beyond the radius), each with the
    /// by-road lower bound `missing` and its own crow-flies distance prove.
    private func crowFliesFill(
        _ request: NearestVehiclesRequest, count: Int, skipping: Set<String>,
        missing: NearestVehiclesResponse.MissingBound, now: Date
    ) throws(NearestVehicleServiceError) -> [NearestVehicleResult] {
        guard count > 0 else { return [] }
        let options = QueryOptions(model: request.exactWGS84 ? .wgs84 : .sphere, countsExclusions: false)
        let found: NearbyVehicles
        do {
            // A road is never shorter than the great circle, so the crow-flies radius loses no candidate.
            found = try index.nearest(
                count + skipping.count, to: request.point, within: request.radius?.meters,
                filter: request.filter(now: now), options: options)
        } catch {
            throw .invalidQuery(error.description)
        }
        return found.vehicles.lazy.filter { !skipping.contains($0.vehicle.id) }.prefix(count).map { nearby in
            // No road on the Earth is shorter than the WGS84 geodesic between its ends; the haversine on the
            // sphere can exceed it by up to 0.56 %, so the bound is the geodesic, whatever model ranked the fill.
            let geodesic = Geodesic.wgs84.inverse(from: request.point, to: nearby.vehicle.coordinate).distanceMeters
            return localResult(
                nearby, request: request,
                roadDistanceAtLeastMeters: Swift.max(geodesic, missing.roadDistanceAtLeastMeters ?? 0),
                travelTimeAtLeast: missing.travelTimeAtLeast)
        }
    }

    /// Why the request's filter excludes a remote result, judged on the remote's fields, else the local index's
    /// (entity only ever comes from the index). A field neither knows cannot pass a filter on it; the vehicle is
    /// counted under that criterion's `unknown…` reason, not as failing it. Unknown privacy counts as not
    /// private (the remote never returns vehicles in privacy mode).
    static func exclusionReason(
        of remote: RoadNearestVehicle, local: VehiclePosition?, filter: VehicleFilter, request: NearestVehiclesRequest
    ) -> ExclusionCounts.Reason? {
        let stateKnown = remote.state != nil || local != nil
        let state = remote.state ?? local?.state ?? Self.unknownState
        // Ocean reports a position in privacy mode with the PRIVACY state, whatever its privacy flag says (as
        // FleetSync reads it): either makes the vehicle private.
        let view = VehiclePosition(
            id: remote.vehicleId, coordinate: remote.coordinate ?? local?.coordinate ?? request.point,
            timestamp: remote.positionTime ?? local?.timestamp ?? .distantPast, customerId: request.customerId,
            entityId: local?.entityId, groupId: remote.groupId ?? local?.groupId, state: state,
            isPrivacyMode: (remote.isPrivacyMode ?? local?.isPrivacyMode ?? false) || state == .privacy)
        // An unknown value fails its criterion (the placeholders above match no filter), so the first failing
        // criterion is the right one to report; it is only renamed when its value was unknown.
        switch filter.exclusionReason(for: view) {
        case .state? where !stateKnown: return .unknownState
        // The index holds a vehicle's entity or its lack of one; without the vehicle, nobody knows.
        case .entity? where local == nil: return .unknownEntity
        case .group? where remote.groupId == nil && local == nil: return .unknownGroup
        case .positionAge? where remote.positionTime == nil && local == nil: return .unknownPositionTime
        case let reason: return reason
        }
    }

    /// A state no filter lists (Ocean's codes are upper-case words), for "state unknown".
    static let unknownState = VehicleState("")
}
