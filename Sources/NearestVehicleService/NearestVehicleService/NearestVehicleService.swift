import Foundation
import NearestVehicle

/// One query API for both of Ocean's compute modes, answering in one shape:
/// VOL_OISEAU (crow-flies) from the local ``NearestVehicle/FleetIndex``, PAR_ROUTE (by road) through a
/// ``RoadNearestProvider`` (Ocean), with a caller-chosen fallback to crow-flies when the remote is unavailable —
/// always marked.
///
/// ```swift
/// let service = NearestVehicleService(index: index, roadProvider: OceanRoadProvider(client: client))
/// let answer = try await service.nearestVehicles(
///     try NearestVehiclesRequest(customerId: "1001", latitude: 48.85, longitude: 2.35, radius: 10,
///                                resultsLimit: 5, mode: .byRoad, fallback: .crowFlies))
/// if let degradation = answer.degradation { log(degradation) }   // crow-flies stood in for by-road
/// ```
///
/// The service holds no state of its own and runs nothing in the background: it is a `Sendable` value over the
/// index (shared with whatever keeps it fed, e.g. FleetSync) and the provider. Share one across request handlers.
///
/// Tenancy: every search is scoped to ``NearestVehiclesRequest/customerId`` (the index keeps one tree per
/// customer; the remote checks the caller's rights). The service does not know who its caller is: an HTTP layer
/// must check that its user may ask for that customer before calling (the local index would answer any customer
/// it holds).
public struct NearestVehicleService: Sendable {
    /// Looks up name, plate and driver for a vehicle id; nil when unknown.
    public typealias DetailsLookup = @Sendable (_ vehicleId: String) -> VehicleDetails?

    /// The local index that answers crow-flies requests (and degraded by-road ones).
    public let index: FleetIndex
    /// Answers by-road requests; nil: every by-road request is ``RoadProviderError/notConfigured`` (unavailable).
    public let roadProvider: (any RoadNearestProvider)?
    /// Fills ``NearestVehicleResult/details`` of local answers, and the fields a remote answer lacks.
    public let details: DetailsLookup?
    /// The clock position ages are measured against.
    public let now: @Sendable () -> Date

    /// - Parameters:
    ///   - index: The fleet, kept fed by the caller (e.g. FleetSync).
    ///   - roadProvider: For PAR_ROUTE; nil if none.
    ///   - details: Vehicle details lookup; nil: local answers carry empty details.
    ///   - now: Reference time for position ages and age filters; default the system clock.
    public init(
        index: FleetIndex, roadProvider: (any RoadNearestProvider)? = nil, details: DetailsLookup? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.index = index
        self.roadProvider = roadProvider
        self.details = details
        self.now = now
    }

    /// Answers `request` in the mode it asks for.
    ///
    /// - Crow-flies: the index's `nearest(resultsLimit, within: radius)` (or `within(radius)` with no limit), with
    ///   the request's filters and distance model. No remote call.
    /// - By road: the provider, radius and limit passed on in metres; results beyond the radius (a remote may round
    ///   it up) and results the request's filters exclude are dropped, in the remote's order. On a failure the
    ///   remote is *unavailable* for (timeout, 5xx, 429, connection, unusable answer, no provider):
    ///   ``NearestVehiclesRequest/Fallback/crowFlies`` answers crow-flies with the same radius, limit and filters,
    ///   ``NearestVehiclesResponse/degradation`` set; ``NearestVehiclesRequest/Fallback/fail`` throws. A *rejected*
    ///   request always throws.
    ///
    /// - Throws: ``NearestVehicleServiceError/remoteUnavailable`` (policy `.fail`),
    ///   ``NearestVehicleServiceError/remoteRejected`` (any policy); ``NearestVehicleServiceError/providerError``
    ///   holds the classified cause.
    /// - Complexity: crow-flies as ``NearestVehicle/FleetIndex/nearest(_:to:within:filter:options:)``; by road one
    ///   remote call.
    public func nearestVehicles(
        _ request: NearestVehiclesRequest
    ) async throws(NearestVehicleServiceError) -> NearestVehiclesResponse {
        switch request.mode {
        case .crowFlies:
            return try crowFlies(request, degradation: nil)
        case .byRoad:
            return try await byRoad(request)
        }
    }
}
