import Foundation
import Hummingbird
import OceanAPIGenerated
import OpenAPIHummingbird
import OpenAPIRuntime

extension NearestVehicleServer {
    /// The router: JSON errors; `/health`, `/ready`, `/metrics`; and the spec's operations (at the root and under
    /// `/ocean-3.0.0`, so an integration may keep Ocean's base path) behind the body limit, the per-client
    /// concurrency limit, the local answer's fast path (``LocalNearestMiddleware``), token handling, error mapping
    /// and the request deadline.
    public func buildRouter() throws -> Router<ServeRequestContext> {
        let router = Router(context: ServeRequestContext.self)
        router.add(middleware: JSONErrorMiddleware(metrics: metrics))
        addOperationRoutes(to: router)
        addDispatchRoute(to: router)
        let api = router.group()
            .add(middleware: BodyLimitMiddleware(maxBytes: configuration.maxRequestBodyBytes))
            .add(middleware: ClientConcurrencyMiddleware(
                limit: configuration.maxConcurrentRequestsPerClient, inFlight: inFlight, metrics: metrics))
        let local = LocalNearest(index: index)
        // The local answer's fast path, ahead of the generated router (every other request passes through it); the
        // requests the event loop's handler left to the router (see ``LocalNearestChannelHandler``).
        api.add(middleware: LocalNearestMiddleware(
            answerer: fastPathAnswerer, metrics: metrics, logger: logger,
            maxBodyBytes: configuration.maxRequestBodyBytes))
        let handlers = ServeHandlers(
            upstream: upstream, local: local, syncs: syncs, authorization: authorization, logger: logger)
        let middlewares: [any ServerMiddleware] = [
            OperationMiddleware(metrics: metrics, logger: logger),
            ErrorMappingMiddleware(logger: logger),
            DeadlineMiddleware(deadline: configuration.requestDeadline),
        ]
        for prefix in ["/", "/ocean-3.0.0"] {
            try handlers.registerHandlers(
                on: api, serverURL: URL(string: prefix)!, configuration: .ocean, middlewares: middlewares)
        }
        return router
    }

    /// `/health`, `/ready` and `/metrics` (not subject to the API limits).
    func addOperationRoutes(to router: Router<ServeRequestContext>) {
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: .init(string: #"{"status":"ok"}"#)))
        }
        router.get("/ready") { [self] _, _ in
            let report = readiness()
            return Response(
                status: report.isReady ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: .init(bytes: report.json())))
        }
        router.get("/metrics") { [self] _, _ in
            let now = configuration.now()
            let local = LocalNearest(index: index)
            for (customerId, last) in syncs.snapshot() {
                metrics.syncState(
                    customerId: customerId, ageSeconds: last.map { now.timeIntervalSince($0) },
                    vehicles: local.vehicleCount(customerId: customerId))
            }
            metrics.processState(ProcessStats.current())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: .init(string: metrics.exposition())))
        }
    }
}
