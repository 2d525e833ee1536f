import Foundation
import NearestVehicle
import NearestVehicleService
import OceanAPI

/// The by-road provider backed by Ocean: `POST /restapi/vehicule_engin/nearestVehicles` with
/// `computeMode: PAR_ROUTE`, through ``OceanAPI/OceanClient`` (token, retries and timeouts are the client's).
///
/// - Radius: Ocean takes an int32 `radius` in `radiusUnit`; the provider sends metres rounded up (`"M"`), or
///   kilometres rounded up (`"KM"`) beyond 2 147 483 647 m, so no vehicle inside the radius is lost; the service
///   then drops what lies beyond the exact radius. See ``remoteRadius(meters:)``.
/// - Answer: Ocean's `distance` is read as metres and `duration` as seconds (the emulator's model; Ocean's
///   documentation does not state the units). A result without vehicle id or distance makes the whole answer
///   ``NearestVehicleService/RoadProviderError/invalidResponse``.
/// - Order: by travel time (``ranking``), so a vehicle Ocean left out needs at least as long as its last answer.
/// - Customer: the request's customer id must be Ocean's integer id; anything else is a
///   ``NearestVehicleService/RoadProviderError/badRequest`` (no call is made).
/// - Failures: ``OceanAPI/OceanError`` is classified by ``classify(_:)``.
public struct OceanRoadProvider: RoadNearestProvider {
    /// The client every call goes through.
    public let client: OceanClient

    public init(client: OceanClient) {
        self.client = client
    }

    /// Ocean ranks PAR_ROUTE answers by travel time (then road distance, then id), as the emulator does.
    public var ranking: RoadRanking { .travelTime }

    public func nearestByRoad(_ query: RoadNearestQuery) async throws(RoadProviderError) -> [RoadNearestVehicle] {
        guard let customerId = Int64(query.customerId) else {
            throw RoadProviderError.badRequest.with(detail: "customer id '\(query.customerId)' is not an Ocean id")
        }
        let radius = query.radiusMeters.map(Self.remoteRadius(meters:))
        let oceanQuery = NearestVehiclesQuery(
            point: query.point, mode: .byRoad, radius: radius?.value, radiusUnit: radius?.unit ?? "KM",
            resultsLimit: Int32(clamping: query.resultsLimit))
        let answer: [OceanNearestVehicle]
        do {
            answer = try await client.nearestVehicles(oceanQuery, customerId: customerId)
        } catch {
            throw Self.classify(error)
        }
        return try answer.map { (vehicle) throws(RoadProviderError) in try Self.roadVehicle(vehicle) }
    }
}
