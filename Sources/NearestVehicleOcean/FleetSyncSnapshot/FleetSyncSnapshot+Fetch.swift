import Foundation
import OceanAPI

extension FleetSyncSnapshot {
    /// Reads one customer's fleet from Ocean and maps it (see ``init(customerId:vehiclePositions:vehicles:fetchedAt:)``).
    ///
    /// Two calls, concurrently: `vehiclePositions` (positions) and `vehicles` with `includeFields=vehicle,entite`
    /// (entity and privacy flag only). Both must succeed: a snapshot is never built from half an answer. Each call
    /// gets the client's retries, timeout and token handling; nothing is logged here beyond what the client logs
    /// (which never includes the password or a token).
    ///
    /// - Parameters:
    ///   - client: the Ocean client; its user must be allowed to see `customerId`.
    ///   - customerId: the customer to read (passed explicitly, so multi-customer users work too).
    ///   - now: read once, after both answers arrived, for ``fetchedAt``.
    /// - Throws: ``OceanAPI/OceanError`` from the first call that failed (e.g. `.forbidden` for a customer the user
    ///   may not see, `.serverError` after the retries); `CancellationError` if the task was cancelled.
    public static func fetch(
        client: OceanClient, customerId: Int64, now: () -> Date = Date.init
    ) async throws -> FleetSyncSnapshot {
        async let positions = client.vehiclePositions(customerId: customerId)
        async let vehicles = client.vehicles(customerId: customerId, includeFields: ["vehicle", "entite"])
        let (vehiclePositions, attributes) = try await (positions, vehicles)
        return FleetSyncSnapshot(
            customerId: customerId, vehiclePositions: vehiclePositions, vehicles: attributes, fetchedAt: now()
        )
    }
}
