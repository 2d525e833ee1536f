import Foundation
import NearestVehicleOcean
import OceanEmulator
import OceanTestSupport
import Testing

/// The emulator world the service tests run in: the synthetic fleet of seed 7 (two customers, 1001 and 1002, over
/// Paris, Lyon and Marseille), a fixed reference date, the index filled the way a dispatch service would
/// (positions through `FleetSyncSnapshot`, the one Ocean → core mapping, as FleetSync does).
enum ServiceWorld {
    static let referenceDate = EmulatorWorld.referenceDate
    static let paris = (latitude: 48.8566, longitude: 2.3522)

    static func emulator(vehicles: Int = 80, seed: UInt64 = 7) -> OceanEmulator {
        OceanEmulator(configuration: EmulatorWorld.configuration(vehicles: vehicles, seed: seed))
    }

    /// A client with short retries that never sleeps; `maxAttempts` 2 so faults are retried once.
    static func client(
        _ baseURL: URL, login: String = "demo", password: String = "demo-password", maxAttempts: Int = 2,
        timeout: Duration = .seconds(10)
    ) -> OceanClient {
        EmulatorWorld.client(
            baseURL, login: login, password: password, maxAttempts: maxAttempts, timeout: timeout, sleep: { _ in })
    }

    /// Loads `customerId`'s positions into `index`; returns name / plate / driver by vehicle id.
    @discardableResult
    static func load(
        _ client: OceanClient, customerId: Int64, into index: FleetIndex
    ) async throws -> [String: VehicleDetails] {
        let positions = try await client.vehiclePositions(customerId: customerId)
        var details: [String: VehicleDetails] = [:]
        for vehicle in positions {
            guard let id = vehicle.vehicleId else { continue }
            details[id] = VehicleDetails(name: vehicle.description, registration: vehicle.registration,
                                         driver: vehicle.position?.driver)
        }
        // Positions through the one Ocean -> core mapping (privacy-mode vehicles have no position: skipped).
        let snapshot = try await FleetSyncSnapshot.fetch(client: client, customerId: customerId)
        let report = index.upsert(contentsOf: snapshot.positions)
        #expect(report.rejections.isEmpty, "\(report)")
        #expect(report.accepted > 0)
        return details
    }

    /// A service over `index` and `client`, answering at the emulator's reference date.
    static func service(
        _ index: FleetIndex, _ client: OceanClient, details: [String: VehicleDetails] = [:]
    ) -> NearestVehicleService {
        NearestVehicleService(index: index, client: client, details: { details[$0] }, now: { referenceDate })
    }
}
