import Logging
import ServiceLifecycle

/// The drain as a ServiceLifecycle service, placed after the HTTP server in the `ServiceGroup` (which shuts down
/// in reverse order): on graceful shutdown it sets the ``DrainSwitch`` (`/ready` 503 at once) and waits `period`
/// while the server still answers; only when it returns does the group stop the server (listener closed, in-flight
/// requests finish, idle connections close), then the syncs.
struct DrainService: Service {
    let drain: DrainSwitch
    let period: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: no drain
        }
        drain.startDraining()
        let period = drain.periodSkipped ? .zero : period
        logger.notice("draining: /ready answers 503, requests are still answered", metadata: [
            "seconds": "\(period.secondsDouble)",
        ])
        if period > .zero { try? await Task.sleep(for: period) }
        logger.notice("drain over: stopping the server once in-flight requests finish")
    }
}
