import Foundation
import Logging
import NearestVehicleServer
import ServiceLifecycle

/// `dispatch-service`: a service embedding ``NearestVehicleServer/NearestVehicleServer``, the engine of
/// `nearest serve`. It answers Ocean's own contract (point a dispatch integration's Ocean base URL at it): callers
/// authenticate with Ocean (`authenticate2` is forwarded) and are authorised per customer upstream; VOL_OISEAU
/// comes from the live index, PAR_ROUTE and the rest from Ocean; past the request deadline the answer is 504.
///
/// Thin: settings from the environment (``DispatchSettings``), then the server's services in one `ServiceGroup`
/// next to your own. A startup error is one line on stderr and exit 64 (invalid setting) or 1 (runtime).
///
/// ```
/// swift run ocean-emulator --port 8080 &
/// OCEAN_LOGIN=multi OCEAN_PASSWORD=multi-password OCEAN_BASE_URL=http://127.0.0.1:8080 OCEAN_CUSTOMER_ID=1001 \
///     swift run dispatch-service
/// TOKEN=$(curl -s -X POST http://127.0.0.1:8081/restapi/auth/authenticate2 -H 'Content-Type: application/json' \
///     -d '{"login":"demo","password":"demo-password"}' | sed 's/.*"token" *: *"\([^"]*\)".*/\1/')
/// curl -s -X POST -H "X-AUTH-TOKEN: $TOKEN" -H 'Content-Type: application/json' -d '{"computeMode":"VOL_OISEAU"}' \
///     'http://127.0.0.1:8081/restapi/vehicule_engin/nearestVehicles?customerId=1001&latitude=48.8566&longitude=2.3522&resultsLimit=3'
/// ```
@main
struct DispatchService {
    static func main() async {
        let logger = Logger(label: "dispatch-service")
        let configuration: ServerConfiguration
        do {
            configuration = try DispatchSettings.configuration(from: ProcessInfo.processInfo.environment)
        } catch {
            fail("\(error)", exitCode: 64)
        }
        do {
            let server = try NearestVehicleServer(configuration: configuration, logger: logger)
            if await server.syncAccountIsRefused() {
                fail("Ocean refused the sync account OCEAN_LOGIN (bad credentials)", exitCode: 1)
            }
            // Your own services (a queue consumer, a scheduler...) go in the same group.
            let group = ServiceGroup(configuration: .init(
                services: try server.services(), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        } catch {
            fail("\(error)".split(whereSeparator: \.isNewline).joined(separator: " "), exitCode: 1)
        }
    }

    static func fail(_ message: String, exitCode: Int32) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(exitCode)
    }
}
