import Foundation
import NearestVehicle
import NearestVehicleService

/// `query --mode road --format json`.
struct RoadJSON: Encodable {
    struct Vehicle: Encodable {
        var rank: Int
        var id: String
        var name: String?
        var distance: Double
        var distanceMeters: Double
        /// "road" (Ocean), or "crow" (a degraded answer, or a row filling an incomplete one: `fill` true).
        var mode: String
        /// A crow-flies row appended to an incomplete by-road answer (`--fill crow`); absent otherwise.
        var fill: Bool?
        var durationSeconds: Double?
        var eta: Date?
        var latitude: Double?
        var longitude: Double?
        var state: String?
        var ageSeconds: Double?
        /// Fill rows: at least this far by road (its WGS84 geodesic distance, or Ocean's bound if larger).
        var roadDistanceAtLeastMeters: Double?
        /// Fill rows: at least this long by road (the travel time of Ocean's last answer).
        var travelTimeAtLeastSeconds: Double?
    }

    var mode: String
    /// Why a by-road request was answered crow-flies; absent when it was not.
    var degraded: String?
    var unit: String
    var customer: String
    /// False when fewer than k vehicles are shown and Ocean may know more eligible ones (`completeness`
    /// "incomplete"); true otherwise.
    var complete: Bool
    /// "limit-reached" (k found), "remote-exhausted" (Ocean returned fewer than asked: no more), "incomplete",
    /// or "exact" (crow-flies from the fleet source: a degraded answer).
    var completeness: String
    /// Vehicles Ocean was asked for and returned; absent for a degraded answer.
    var oceanAsked: Int?
    var oceanReturned: Int?
    /// Vehicles the filters excluded, by reason (only the non-zero ones; `unknown…` when neither Ocean nor the
    /// fleet source knows the filtered field).
    var excluded: [String: Int]
    /// Incomplete answers: every eligible vehicle not shown needs at least this long by road (Ocean ranks by
    /// travel time).
    var missingAtLeastSeconds: Double?
    /// Incomplete answers from a provider ranking by road distance: every eligible vehicle not shown is at least
    /// this far by road. Absent with Ocean (ranked by travel time, a left-out vehicle may be nearer by a slower
    /// road: only its own crow-flies distance bounds it).
    var missingAtLeastMeters: Double?
    var vehicles: [Vehicle]

    init(_ rendering: RoadRendering) {
        let response = rendering.response
        mode = response.mode == .byRoad ? "road" : "crow"
        degraded = response.degradation.map(\.description)
        unit = response.unit.displaySymbol
        customer = rendering.request.customerId
        complete = response.isComplete
        switch response.completeness {
        case .exact: completeness = "exact"
        case .limitReached: completeness = "limit-reached"
        case .remoteExhausted(let asked, let returned):
            completeness = "remote-exhausted"
            (oceanAsked, oceanReturned) = (asked, returned)
        case .incomplete(let missing):
            completeness = "incomplete"
            (oceanAsked, oceanReturned) = (missing.asked, missing.returned)
            missingAtLeastSeconds = missing.travelTimeAtLeast.map(RoadRendering.seconds)
            missingAtLeastMeters = missing.roadDistanceAtLeastMeters
        }
        var excluded: [String: Int] = [:]
        for reason in ExclusionCounts.Reason.allCases where response.excluded[reason] > 0 {
            excluded[Self.name(reason)] = response.excluded[reason]
        }
        self.excluded = excluded
        vehicles = (response.vehicles + response.fill).enumerated().map { rank, vehicle in
            Vehicle(rank: rank + 1, id: vehicle.vehicleId, name: vehicle.details.name, distance: vehicle.distance,
                    distanceMeters: vehicle.distanceMeters, mode: vehicle.mode == .byRoad ? "road" : "crow",
                    fill: rank >= response.vehicles.count ? true : nil,
                    durationSeconds: vehicle.duration.map(RoadRendering.seconds),
                    eta: vehicle.eta, latitude: vehicle.coordinate?.latitude, longitude: vehicle.coordinate?.longitude,
                    state: vehicle.state?.rawValue, ageSeconds: vehicle.positionAge,
                    roadDistanceAtLeastMeters: vehicle.roadDistanceAtLeastMeters,
                    travelTimeAtLeastSeconds: vehicle.travelTimeAtLeast.map(RoadRendering.seconds))
        }
    }

    /// The JSON key of an exclusion reason: "privacyMode", "state", …, "unknownState".
    static func name(_ reason: ExclusionCounts.Reason) -> String {
        switch reason {
        case .privacyMode: "privacyMode"
        case .state: "state"
        case .entity: "entity"
        case .group: "group"
        case .positionAge: "positionAge"
        case .unknownState: "unknownState"
        case .unknownEntity: "unknownEntity"
        case .unknownGroup: "unknownGroup"
        case .unknownPositionTime: "unknownPositionTime"
        }
    }
}
