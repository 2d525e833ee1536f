import Foundation
import Geo
import NearestVehicle

/// One vehicle of a ``NearestVehiclesResponse``, the same shape for both modes, with where each figure came from.
public struct NearestVehicleResult: Hashable, Sendable {
    /// Where a figure came from.
    public enum Source: String, Hashable, Sendable {
        /// The local ``NearestVehicle/FleetIndex``, haversine on the sphere of R = 6 371 008.8 m.
        case localHaversine = "local-haversine"
        /// The local ``NearestVehicle/FleetIndex``, WGS84 geodesic (PROJ `geod_inverse`, ~15 nm).
        case localWGS84Geodesic = "local-wgs84-geodesic"
        /// The remote by-road computation (Ocean PAR_ROUTE).
        case remoteRoad = "remote-road"
        /// A position held by the local index.
        case localIndex = "local-index"
        /// A position reported by the remote with its answer.
        case remote = "remote"
    }

    /// The vehicle id (Ocean's int64 ids as decimal strings).
    public let vehicleId: String
    /// Name, plate, driver, as far as known (see ``VehicleDetails``).
    public let details: VehicleDetails
    /// Where the vehicle is (WGS84 degrees); nil when the remote did not say.
    public let coordinate: Coordinate?
    /// Distance from the search point, metres: crow-flies (``distanceSource`` local) or by road (remote).
    public let distanceMeters: Double
    /// The same distance in the request's unit (``NearestVehiclesResponse/unit``).
    public let distance: Double
    /// Travel time by road; nil for crow-flies answers.
    public let duration: Duration?
    /// Estimated arrival time at the search point (remote's clock); nil for crow-flies answers.
    public let eta: Date?
    /// Time of the position fix; nil when the remote did not say.
    public let positionTime: Date?
    /// Seconds from ``positionTime`` to the time the service answered (negative for a fix in the future); nil when
    /// the position time is unknown.
    public let positionAge: TimeInterval?
    /// Mobile state, when known.
    public let state: VehicleState?
    /// Group, when known.
    public let groupId: String?
    /// Entity, when the local index knows the vehicle.
    public let entityId: String?
    /// The mode that produced this result (crow-flies for a degraded by-road request).
    public let mode: ComputeMode
    /// Where ``distanceMeters`` came from.
    public let distanceSource: Source
    /// Where ``duration`` and ``eta`` came from; nil when there are none.
    public let durationSource: Source?
    /// Where ``coordinate``, ``positionTime`` and ``state`` came from.
    public let positionSource: Source
    /// For a crow-flies row filling an incomplete by-road answer (``NearestVehiclesResponse/fill``): the
    /// vehicle is at least this far by road, metres — its WGS84 geodesic distance (no road is shorter; the
    /// haversine ``distanceMeters`` may exceed it by up to 0.56 %), or the bound the remote's answer proves
    /// (``NearestVehiclesResponse/MissingBound/roadDistanceAtLeastMeters``), whichever is larger.
    /// Nil for every other row.
    public let roadDistanceAtLeastMeters: Double?
    /// For a fill row: the vehicle needs at least this long by road
    /// (``NearestVehiclesResponse/MissingBound/travelTimeAtLeast``); nil when unknown and for every other row.
    public let travelTimeAtLeast: Duration?

    public init(
        vehicleId: String, details: VehicleDetails, coordinate: Coordinate?, distanceMeters: Double, distance: Double,
        duration: Duration?, eta: Date?, positionTime: Date?, positionAge: TimeInterval?, state: VehicleState?,
        groupId: String?, entityId: String?, mode: ComputeMode, distanceSource: Source,
        durationSource: Source?, positionSource: Source, roadDistanceAtLeastMeters: Double? = nil,
        travelTimeAtLeast: Duration? = nil
    ) {
        self.vehicleId = vehicleId
        self.details = details
        self.coordinate = coordinate
        self.distanceMeters = distanceMeters
        self.distance = distance
        self.duration = duration
        self.eta = eta
        self.positionTime = positionTime
        self.positionAge = positionAge
        self.state = state
        self.groupId = groupId
        self.entityId = entityId
        self.mode = mode
        self.distanceSource = distanceSource
        self.durationSource = durationSource
        self.positionSource = positionSource
        self.roadDistanceAtLeastMeters = roadDistanceAtLeastMeters
        self.travelTimeAtLeast = travelTimeAtLeast
    }
}
