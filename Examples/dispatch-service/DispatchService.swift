import Foundation
import Hummingbird
import Logging
import NearestVehicleOcean
import ServiceLifecycle

/// `dispatch-service`: a Hummingbird server embedding NearestVehicleService. Thin: the route is in
/// ``DispatchApp``.
///
/// Environment: `OCEAN_LOGIN`, `OCEAN_PASSWORD`, `OCEAN_BASE_URL` (e.g. the emulator's
/// `http://127.0.0.1:8080`), `OCEAN_CUSTOMER_ID` (the customer whose fleet is loaded), `PORT` (default 8081).
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
        let client = OceanClient(configuration: configuration)
        let index = FleetIndex()

        // Until FleetSync is on main: one load at start. With it, add `FleetSyncService(...)` to `services` below.
        let loader = FleetLoader()
        if let customerId = configuration.customerId {
            let report = try await loader.load(from: client, customerId: customerId, into: index)
            logger.info("fleet loaded", metadata: ["report": "\(report)"])
        }
        let details = await loader.snapshot()

        let service = NearestVehicleService(index: index, client: client, details: { details[$0] })
        let app = DispatchApp.buildApplication(service: service, port: Int(environment["PORT"] ?? "") ?? 8081)
        let group = ServiceGroup(configuration: .init(
            services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
