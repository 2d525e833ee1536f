import Foundation
import Hummingbird
import Logging
import NearestVehicleOcean
import ServiceLifecycle

/// `dispatch-service`: a Hummingbird server embedding NearestVehicleService, with FleetSync keeping the local index
/// fresh, both in one ServiceGroup. Thin: the route is in ``DispatchApp``.
///
/// Environment: `OCEAN_LOGIN`, `OCEAN_PASSWORD`, `OCEAN_BASE_URL` (e.g. the emulator's `http://127.0.0.1:8080`),
/// `OCEAN_CUSTOMER_ID` (the customer whose fleet is mirrored, required), `PORT` (default 8081),
/// `SYNC_SECONDS` (default 30).
///
/// ```
/// swift run ocean-emulator --port 8080 &
/// OCEAN_LOGIN=demo OCEAN_PASSWORD=demo-password OCEAN_BASE_URL=http://127.0.0.1:8080 OCEAN_CUSTOMER_ID=1001 \
///     swift run dispatch-service
/// curl 'http://127.0.0.1:8081/nearest?customerId=1001&lat=48.8566&lon=2.3522&limit=3&mode=PAR_ROUTE'
/// ```
@main
struct DispatchService {
    static func main() async throws {
        let logger = Logger(label: "dispatch-service")
        let environment = ProcessInfo.processInfo.environment
        let configuration = try OceanClientConfiguration.fromEnvironment()
        guard let customerId = configuration.customerId else {
            throw OceanError.configuration  // OCEAN_CUSTOMER_ID: the customer to mirror
        }
        let client = OceanClient(configuration: configuration)  // one client, one token, for sync and queries
        let index = FleetIndex()
        let sync = FleetSync(client: client, index: index, customerId: customerId)
        let report = try await sync.syncOnce()  // answer from a filled index from the first request on
        logger.info("initial sync", metadata: ["report": "\(report)"])
        let directory = VehicleDirectory()
        try await directory.refresh(from: client, customerId: customerId)

        let service = NearestVehicleService(index: index, client: client, details: directory.lookup)
        let app = DispatchApp.buildApplication(service: service, port: Int(environment["PORT"] ?? "") ?? 8081)
        let interval = Duration.seconds(Int(environment["SYNC_SECONDS"] ?? "") ?? 30)
        let group = ServiceGroup(configuration: .init(
            // Shutdown runs in reverse order: the server stops answering first, then the sync stops.
            services: [FleetSyncService(sync: sync, every: interval), app],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
