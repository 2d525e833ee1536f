import Foundation
import Geo
import Logging
import NearestVehicleOcean
import OceanEmulator
import OceanTestSupport

/// The emulated world FleetSync tests run against, and the independent reference they compare with: the
/// emulator's own fleet (``EmulatedFleet``), which neither the client nor the mapping under test produced.
enum FleetSyncWorld {
    static let referenceDate = EmulatorWorld.referenceDate
    /// The sync's clock in these tests: one minute after the newest possible fix.
    static let now = referenceDate + 60

    /// The paths of a sync's calls, to read what the emulator received (``OceanEmulator/receivedRequests(path:)``):
    /// authentication once, then per sync one `vehiclePositions`, one `vehicles` and one `nearestVehicles` call,
    /// concurrently.
    static let authenticatePath = "/restapi/auth/authenticate2"
    static let positionsPath = "/restapi/mobility/v1/vehiclePositions"
    static let vehiclesPath = "/restapi/vehicule_engin/vehicles"
    static let nearestPath = "/restapi/vehicule_engin/nearestVehicles"
    /// Every path a sync calls.
    static let syncPaths = [positionsPath, vehiclesPath, nearestPath]

    /// A small synthetic world on port 0 whose vehicle 0 (customer 1001) is in privacy mode and vehicle 2
    /// (customer 1001) is not, whatever the seed draws.
    static func configuration(vehicles: Int = 24, seed: UInt64 = 11) -> EmulatorConfiguration {
        var configuration = EmulatorWorld.configuration(vehicles: vehicles, seed: seed)
        configuration.fleet.vehicles[0].privacyEnabled = true
        configuration.fleet.vehicles[0].etatMobile = "PRIVACY"
        configuration.fleet.vehicles[2].privacyEnabled = false
        configuration.fleet.vehicles[2].etatMobile = "STOPPED"
        return configuration
    }

    /// A client retrying once by default, with real (1-5 ms) sleeps between attempts.
    static func client(
        _ baseURL: URL, login: String = "demo", password: String = "demo-password", maxAttempts: Int = 2,
        logger: Logger = Logger(label: "test")
    ) -> OceanClient {
        EmulatorWorld.client(baseURL, login: login, password: password, maxAttempts: maxAttempts, logger: logger)
    }

    static func sync(_ baseURL: URL, index: FleetIndex, customerId: Int64 = 1001, login: String = "demo",
                     password: String = "demo-password", logger: Logger = Logger(label: "test")) -> FleetSync {
        FleetSync(
            client: client(baseURL, login: login, password: password, logger: logger), index: index,
            customerId: customerId, now: { now }, logger: logger
        )
    }

    /// The customer's vehicles Ocean locates (not in privacy mode), from the emulator's fleet.
    static func located(_ fleet: EmulatedFleet, customerId: Int64) -> [EmulatedFleet.Vehicle] {
        fleet.vehicles.filter { $0.customerId == customerId && !$0.privacyEnabled }
    }

    /// What the index must hold for `vehicle`, written from the emulator's data (ids, entity and group ids as
    /// decimal strings; the fix time as the emulator holds it, to the millisecond Ocean's `gmtPos` carries).
    static func expectedPosition(_ vehicle: EmulatedFleet.Vehicle) throws -> VehiclePosition {
        VehiclePosition(
            id: String(vehicle.id), coordinate: try Coordinate(latitude: vehicle.latitude, longitude: vehicle.longitude),
            timestamp: vehicle.gmtPos, customerId: String(vehicle.customerId), entityId: String(vehicle.entityId),
            groupId: vehicle.groupId.map { String($0) }, state: VehicleState(rawValue: vehicle.etatMobile),
            isPrivacyMode: vehicle.privacyEnabled
        )
    }

    /// The index's positions for a customer, by id.
    static func held(_ index: FleetIndex, customerId: String = "1001") -> [String: VehiclePosition] {
        Dictionary(uniqueKeysWithValues: index.positions(customerId: customerId).map { ($0.id, $0) })
    }

    /// The same world with every vehicle's fix moved by `seconds` and `degrees` north.
    static func shifted(_ configuration: EmulatorConfiguration, seconds: TimeInterval, latitudeDegrees: Double)
        -> EmulatorConfiguration {
        var shifted = configuration
        for offset in shifted.fleet.vehicles.indices {
            shifted.fleet.vehicles[offset].gmtPos += seconds
            shifted.fleet.vehicles[offset].latitude += latitudeDegrees
        }
        return shifted
    }
}

/// Collects what a sync loop reports, for tests that wait for the n-th report.
actor ReportLog {
    private(set) var results: [Result<FleetSyncReport, any Error>] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func append(_ result: Result<FleetSyncReport, any Error>) {
        results.append(result)
        let ready = waiters.filter { $0.count <= results.count }
        waiters.removeAll { $0.count <= results.count }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Returns once at least `count` results arrived.
    func wait(for count: Int) async {
        if results.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    nonisolated var onReport: @Sendable (Result<FleetSyncReport, any Error>) async -> Void {
        { result in await self.append(result) }
    }
}
