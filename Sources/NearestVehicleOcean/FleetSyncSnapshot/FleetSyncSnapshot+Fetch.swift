import Foundation
import OceanAPI

extension FleetSyncSnapshot {
    /// Reads one customer's fleet from Ocean and maps it (see
    /// ``init(customerId:vehiclePositions:vehicles:nearestVehicles:fetchedAt:)``).
    ///
    /// Three calls, concurrently: `vehiclePositions` (positions), `vehicles` with `includeFields=vehicle,entite`
    /// (entity and privacy flag only), and `nearestVehicles` VOL_OISEAU over the whole Earth (``wholeFleetQuery``:
    /// every located vehicle, for its group and its fix time to the millisecond, which Ocean sends nowhere else).
    /// All must succeed: a snapshot is never built from part of the answers (a fleet without its groups would
    /// answer a group filter "no vehicle"). Each call gets the client's retries, timeout and token handling;
    /// nothing is logged here beyond what the client logs (which never includes the password or a token).
    ///
    /// - Parameters:
    ///   - client: the Ocean client; its user must be allowed to see `customerId`.
    ///   - customerId: the customer to read (passed explicitly, so multi-customer users work too).
    ///   - now: read once, after the answers arrived, for ``fetchedAt``.
    /// - Throws: ``OceanAPI/OceanError`` from the first call that failed (e.g. `.forbidden` for a customer the user
    ///   may not see, `.serverError` after the retries); `CancellationError` if the task was cancelled.
    public static func fetch(
        client: OceanClient, customerId: Int64, now: () -> Date = Date.init
    ) async throws -> FleetSyncSnapshot {
        async let positions = client.vehiclePositions(customerId: customerId)
        async let vehicles = client.vehicles(customerId: customerId, includeFields: ["vehicle", "entite"])
        async let located = client.nearestVehicles(wholeFleetQuery, customerId: customerId)
        let (vehiclePositions, attributes, nearestVehicles) = try await (positions, vehicles, located)
        return FleetSyncSnapshot(
            customerId: customerId, vehiclePositions: vehiclePositions, vehicles: attributes,
            nearestVehicles: nearestVehicles, fetchedAt: now()
        )
    }

    /// The `nearestVehicles` question that lists a customer's whole located fleet: VOL_OISEAU from (0, 0) within
    /// 20 100 km (more than half the Earth's circumference on any model, sphere or WGS84), no `resultsLimit`
    /// (every vehicle in the radius). Privacy-mode vehicles are not in it, as in every `nearestVehicles` answer.
    public static let wholeFleetQuery: NearestVehiclesQuery = {
        guard let query = try? NearestVehiclesQuery(
            latitude: 0, longitude: 0, mode: .crowFlies, radius: 20_100, radiusUnit: "KM", resultsLimit: nil
        ) else { preconditionFailure("(0, 0) is a valid coordinate") }
        return query
    }()
}
