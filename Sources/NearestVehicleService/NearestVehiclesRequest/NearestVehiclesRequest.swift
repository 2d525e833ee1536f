import Foundation
import Geo
import NearestVehicle
import Proj

/// One nearest-vehicles question, shaped like Ocean's `nearestVehicles` (customer, point, radius and unit, results
/// limit, compute mode) plus what only the local index can do (entity / group / state / age / privacy filters, exact
/// WGS84 ranking) and the caller's choice of what to do when the remote cannot answer.
///
/// Validated once, at construction: a request that exists is one ``NearestVehicleService`` can run.
///
/// ```swift
/// let request = try NearestVehiclesRequest(
///     customerId: "1001", latitude: 48.8566, longitude: 2.3522, radius: 5, radiusUnit: "km",
///     resultsLimit: 5, mode: .byRoad, fallback: .crowFlies)
/// ```
public struct NearestVehiclesRequest: Hashable, Sendable {
    /// What to do when a by-road request cannot be answered because the remote is *unavailable* (timeout, 5xx,
    /// rate limited, connection failure, unusable answer, no provider configured; see
    /// ``RoadProviderError/isRemoteUnavailable``). A *rejected* request (bad credentials, forbidden, bad request)
    /// never falls back, whatever the policy.
    public enum Fallback: Hashable, Sendable {
        /// Throw ``NearestVehicleServiceError/remoteUnavailable`` (default).
        case fail
        /// Answer crow-flies from the local index, with the same radius, limit and filters, and mark the response
        /// ``NearestVehiclesResponse/degradation`` with the reason.
        case crowFlies
    }

    /// What to show when a by-road answer is ``NearestVehiclesResponse/Completeness/incomplete(_:)``.
    public enum FillPolicy: Hashable, Sendable {
        /// Show the by-road vehicles found, fewer than asked, marked incomplete (default).
        case leaveShort
        /// Also list, in ``NearestVehiclesResponse/fill``, the nearest eligible vehicles as the crow flies from
        /// the local index that the remote did not return, up to the limit, each with its by-road lower bound.
        case crowFlies
    }

    /// Ocean's bound on `resultsLimit` for PAR_ROUTE.
    public static let maximumByRoadResults = 10
    /// The limit used for PAR_ROUTE when the request gives none (Ocean's maximum).
    public static let defaultByRoadResults = 10

    /// The customer (tenant) whose vehicles are searched; non-empty. Ocean's customer ids are integers: the Ocean
    /// provider rejects any other text as a bad request.
    public let customerId: String
    /// The search point, WGS84 degrees.
    public let point: Coordinate
    /// Only vehicles at most this far (inclusive), measured crow-flies or by road according to the mode used; nil:
    /// no limit. Always > 0 when present.
    public let radius: Distance?
    /// The unit of ``radius`` and of every ``NearestVehicleResult/distance`` in the answer.
    public let unit: LengthUnit
    /// How many vehicles at most; nil: every vehicle within the radius (crow-flies), or
    /// ``defaultByRoadResults`` (by road). 1...10 for by-road.
    public let resultsLimit: Int?
    /// The mode asked for; the mode actually used is ``NearestVehiclesResponse/mode``.
    public let mode: ComputeMode
    /// What to do when the remote is unavailable (by road only).
    public let fallback: Fallback
    /// What to add to an incomplete by-road answer (by road only).
    public let fill: FillPolicy
    /// Only vehicles of these entities (nil: any).
    public let entityIds: Set<String>?
    /// Only vehicles of these groups (nil: any).
    public let groupIds: Set<String>?
    /// Only vehicles in these states (nil: any).
    public let states: Set<VehicleState>?
    /// Only positions at most this many seconds old when the service answers (nil: any age). Finite, >= 0.
    public let maxPositionAge: TimeInterval?
    /// Whether vehicles in privacy mode may be returned (default: no). Ocean never returns them by road.
    public let includesPrivacyMode: Bool
    /// Rank crow-flies answers by the WGS84 geodesic (exact, ~1 µs more per candidate) instead of the haversine
    /// on the R = 6 371 008.8 m sphere (-0.45 % .. +0.56 % from WGS84). Applies to local answers only.
    public let exactWGS84: Bool

    /// - Parameters:
    ///   - customerId: The tenant; non-empty.
    ///   - latitude: Degrees, finite, in [-90, 90].
    ///   - longitude: Degrees, finite, in [-180, 180].
    ///   - radius: In `radiusUnit`, finite and > 0; nil for no radius.
    ///   - radiusUnit: Any spelling `LengthUnit.resolve` accepts ("m", "km", "mi", "nmi", "ft", "EPSG:9036",
    ///     "miles", ...), case-insensitive. Default "km", Ocean's default. Also the unit of the answer's distances.
    ///   - resultsLimit: >= 1; 1...10 for `.byRoad`; nil: see ``resultsLimit``.
    ///   - mode: Crow-flies (local) or by road (remote).
    ///   - fallback: See ``Fallback``; default `.fail`.
    ///   - fill: See ``FillPolicy``; default `.leaveShort`.
    ///   - maxPositionAge: Seconds, finite, >= 0.
    /// - Throws: ``NearestVehiclesRequestError``: ``NearestVehiclesRequestError/emptyCustomerID``,
    ///   ``NearestVehiclesRequestError/invalidCoordinate``, ``NearestVehiclesRequestError/invalidRadius``,
    ///   ``NearestVehiclesRequestError/unknownUnit`` (with close matches),
    ///   ``NearestVehiclesRequestError/invalidResultsLimit``, ``NearestVehiclesRequestError/invalidMaxAge``.
    public init(
        customerId: String, latitude: Double, longitude: Double, radius: Double? = nil, radiusUnit: String = "km",
        resultsLimit: Int? = nil, mode: ComputeMode = .crowFlies, fallback: Fallback = .fail,
        fill: FillPolicy = .leaveShort, entityIds: Set<String>? = nil, groupIds: Set<String>? = nil, states: Set<VehicleState>? = nil,
        maxPositionAge: TimeInterval? = nil, includesPrivacyMode: Bool = false, exactWGS84: Bool = false
    ) throws(NearestVehiclesRequestError) {
        guard !customerId.isEmpty else { throw .missingCustomerID() }
        let point: Coordinate
        do {
            point = try Coordinate(latitude: latitude, longitude: longitude)
        } catch {
            throw .invalidCoordinate(error)
        }
        let unit: LengthUnit
        do {
            unit = try LengthUnit.resolve(radiusUnit)
        } catch {
            if let unknown = error as? UnknownLengthUnitError { throw .unknownUnit(unknown) }
            throw .unitDatabase(radiusUnit, error)
        }
        var distance: Distance?
        if let radius {
            guard radius.isFinite, radius > 0, let valid = try? Distance(radius, unit) else {
                throw .invalidRadius(radius)
            }
            distance = valid
        }
        if let resultsLimit {
            let range = mode == .byRoad ? 1...Self.maximumByRoadResults : 1...Int.max
            guard range.contains(resultsLimit) else { throw .invalidResultsLimit(resultsLimit, byRoad: mode == .byRoad) }
        }
        if let maxPositionAge, !(maxPositionAge.isFinite && maxPositionAge >= 0) { throw .invalidMaxAge(maxPositionAge) }
        self.customerId = customerId
        self.point = point
        self.radius = distance
        self.unit = unit
        self.resultsLimit = resultsLimit
        self.mode = mode
        self.fallback = fallback
        self.fill = fill
        self.entityIds = entityIds
        self.groupIds = groupIds
        self.states = states
        self.maxPositionAge = maxPositionAge
        self.includesPrivacyMode = includesPrivacyMode
        self.exactWGS84 = exactWGS84
    }

    /// The limit a by-road search uses: ``resultsLimit`` or ``defaultByRoadResults``.
    public var byRoadResultsLimit: Int { resultsLimit ?? Self.defaultByRoadResults }

    /// Whether a state, entity, group or age filter is set: the remote knows none of them, so a by-road search
    /// asks it for its maximum (``maximumByRoadResults``) and keeps the first ``byRoadResultsLimit`` eligible.
    /// The privacy exclusion is not counted: the remote never returns vehicles in privacy mode.
    public var filtersRemoteAnswers: Bool {
        entityIds != nil || groupIds != nil || states != nil || maxPositionAge != nil
    }

    /// The index filter for this request, with ages measured at `now`.
    public func filter(now: Date) -> VehicleFilter {
        VehicleFilter(
            customerId: customerId, entityIds: entityIds, groupIds: groupIds, states: states,
            maxPositionAge: maxPositionAge, now: now, includesPrivacyMode: includesPrivacyMode)
    }
}
