import Foundation
import NearestVehicleOcean

/// Name, plate and driver per vehicle id, read from Ocean's `vehiclePositions`, for the service's `details:`
/// lookup (the index holds positions only; FleetSync keeps those fresh).
///
/// Loaded at start and on ``refresh(from:customerId:)``; ``lookup`` reads a snapshot, so a request handler never
/// waits for Ocean.
final class VehicleDirectory: Sendable {
    private let entries = LockedDictionary()

    /// Reads `customerId`'s vehicles and replaces the directory's entries for them.
    /// - Returns: how many vehicles were read.
    @discardableResult
    func refresh(from client: OceanClient, customerId: Int64) async throws -> Int {
        let positions = try await client.vehiclePositions(customerId: customerId)
        var details: [String: VehicleDetails] = [:]
        for vehicle in positions {
            guard let id = vehicle.vehicleId else { continue }
            details[id] = VehicleDetails(
                name: vehicle.description, registration: vehicle.registration,
                driver: vehicle.position?.driver.map {
                    .init(id: $0.id.map(String.init), firstName: $0.firstName, lastName: $0.lastName,
                          employeeNumber: $0.employeeNumber, phone: $0.phone)
                })
        }
        entries.merge(details)
        return details.count
    }

    /// The lookup to give ``NearestVehicle/NearestVehicleService``.
    var lookup: NearestVehicleService.DetailsLookup {
        { [entries] id in entries[id] }
    }
}

/// A dictionary behind a lock (NSLock: no Synchronization.Mutex, whose checks upset TSan here).
final class LockedDictionary: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String: VehicleDetails] = [:]

    subscript(id: String) -> VehicleDetails? { lock.withLock { storage[id] } }

    func merge(_ other: [String: VehicleDetails]) {
        lock.withLock { storage.merge(other) { _, new in new } }
    }
}
