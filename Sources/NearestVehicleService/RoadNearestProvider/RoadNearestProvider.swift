/// Answers by-road nearest-vehicle questions for ``NearestVehicleService`` (PAR_ROUTE).
///
/// The service defines the question and the answer; an implementation talks to whatever computes road distances.
/// `NearestVehicleOcean.OceanRoadProvider` delegates to Ocean's `nearestVehicles`; tests may supply their own.
///
/// Implementations classify every failure into a ``RoadProviderError``: *unavailable* kinds (timeout, 5xx, rate
/// limited, connection, unusable answer) let the service fall back to crow-flies if the caller allows it;
/// *rejected* kinds (credentials, forbidden, bad request, cancelled, anything else) are always surfaced.
public protocol RoadNearestProvider: Sendable {
    /// The nearest vehicles by road to `query.point`, best first (the provider's order is kept).
    ///
    /// - Returns: At most `query.resultsLimit` vehicles. Vehicles beyond `query.radiusMeters` may be returned
    ///   (a remote may round the radius up); the service drops them.
    /// - Throws: ``RoadProviderError``, classified as described on the protocol.
    func nearestByRoad(_ query: RoadNearestQuery) async throws(RoadProviderError) -> [RoadNearestVehicle]

    /// The order of ``nearestByRoad(_:)``'s answer; ``RoadRanking/unspecified`` unless the provider says.
    var ranking: RoadRanking { get }
}

extension RoadNearestProvider {
    /// Unstated: a short answer bounds the vehicles left out by their crow-flies distance only.
    public var ranking: RoadRanking { .unspecified }
}
