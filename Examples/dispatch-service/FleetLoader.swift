import Foundation
import NearestVehicleOcean

/// Fills the index once from Ocean's `vehiclePositions` (and remembers name, plate and driver per vehicle).
///
/// A stand-in until FleetSync (issue 7) is on main: in production, run `FleetSyncService` in the same
/// `ServiceGroup` as the HTTP server so the index stays fresh (see README, "Embedding NearestVehicleService").
actor FleetLoader {
    private var details: [String: VehicleDetails] = [:]

    /// Loads `customerId`'s vehicles into `index`; returns the upsert report.
    func load(from client: OceanClient, customerId: Int64, into index: FleetIndex) async throws -> UpsertReport {
        let positions = try await client.vehiclePositions(customerId: customerId)
        var records: [PositionRecord] = []
        for vehicle in positions {
            guard let id = vehicle.vehicleId else { continue }
            details[id] = VehicleDetails(
                name: vehicle.description, registration: vehicle.registration,
                driver: vehicle.position?.driver.map {
                    .init(id: $0.id.map(String.init), firstName: $0.firstName, lastName: $0.lastName,
                          employeeNumber: $0.employeeNumber, phone: $0.phone)
                })
            guard let position = vehicle.position, let latitude = position.latitude,
                  let longitude = position.longitude, let timestamp = position.timestamp
            else { continue }  // no position (privacy mode)
            records.append(PositionRecord(
                id: id, latitude: latitude, longitude: longitude, timestamp: timestamp,
                customerId: String(customerId),
                state: position.state.map { VehicleState(rawValue: $0.rawValue) } ?? .undefined))
        }
        return index.upsert(records: records)
    }

    /// The details loaded so far, as a snapshot usable from any thread.
    func snapshot() -> [String: VehicleDetails] { details }
}
