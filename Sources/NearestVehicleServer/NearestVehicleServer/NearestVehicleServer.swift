import Foundation
import Logging
import NearestVehicle
import OceanAPI

/// `nearest serve`: the Ocean contract (`OceanAPIGenerated/openapi.yaml`) served locally. An integration changes
/// one base URL; its `nearestVehicles` VOL_OISEAU calls are answered from a live ``NearestVehicle/FleetIndex``
/// fed by FleetSync, every other call reaches Ocean unchanged under the caller's own token.
///
/// - **Authentication is Ocean's**: `authenticate2` is forwarded and the caller gets Ocean's token; a local answer
///   is given only for a (token, customer) pair upstream accepted less than ``ServerConfiguration/authorizationTTL``
///   ago (see ``CallerAuthorization``). No token: 401; Ocean's 401 / 403 are passed back as they are.
/// - **Local answers** for fresh customers only (``ServerConfiguration/maxSyncAge``); `X-Nearest-Source: local`
///   or `upstream` on every `nearestVehicles` answer.
/// - **Bounded**: request body limit (413, chunked bodies too), body timeout (408), idle timeout (closed),
///   per-client concurrency limit (429), upstream timeout and body limit (504 / 502), overall request deadline
///   (504); malformed HTTP and HTTP/1.1 without `Host` 400 (see ``ConnectionGuard``). Errors are JSON
///   `ErrorBody`s with Ocean's reason phrase in `error`.
/// - **Operations**: `GET /health` (200 while running), `GET /ready` (200 while every configured customer's last
///   good sync is at most ``ServerConfiguration/maxSyncAge`` old and the server is not draining, else 503 saying
///   why: ``ReadinessReport``), `GET /metrics` (Prometheus text, see ``ServerMetrics``).
/// - **Drain**: on SIGTERM `/ready` turns 503 at once, requests are answered for ``ServerConfiguration/drain``,
///   then in-flight requests finish and ``run()`` returns.
///
/// ```swift
/// let server = try NearestVehicleServer(configuration: configuration)
/// try await server.run()  // until SIGTERM (drain first) / SIGINT: in-flight requests finish, FleetSync stops
/// ```
public final class NearestVehicleServer: Sendable {
    public let configuration: ServerConfiguration
    /// The index the server answers from (fed by the customers' syncs).
    public let index: FleetIndex
    let logger: Logger
    let metrics: ServerMetrics
    let authorization: CallerAuthorization
    let syncs: CustomerSyncs
    let upstream: Upstream
    let inFlight = InFlightCounter()
    let drain = DrainSwitch()

    /// - Parameters:
    ///   - configuration: validated here.
    ///   - index: the index to answer from (a new one by default).
    ///   - logger: structured logs; tokens and passwords never appear in them.
    /// - Throws: ``ServerConfigurationError`` for an invalid configuration.
    public init(
        configuration: ServerConfiguration, index: FleetIndex = FleetIndex(), logger: Logger = Logger(label: "nearest-serve")
    ) throws(ServerConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.index = index
        self.logger = logger
        let metrics = ServerMetrics()
        self.metrics = metrics
        let authorization = CallerAuthorization(ttl: configuration.authorizationTTL, now: configuration.now)
        self.authorization = authorization
        self.upstream = Upstream(
            baseURL: configuration.upstream, timeout: configuration.upstreamTimeout,
            maxBodyBytes: configuration.maxUpstreamBodyBytes, metrics: metrics, authorization: authorization,
            logger: logger)
        let client = configuration.sync.map { OceanClient(configuration: $0, logger: logger) }
        self.syncs = CustomerSyncs(
            client: client, index: index, interval: configuration.syncInterval, maxSyncAge: configuration.maxSyncAge,
            maxCustomers: configuration.maxSyncedCustomers, maxConcurrentSyncs: configuration.maxConcurrentSyncs,
            metrics: metrics, now: configuration.now, logger: logger)
        for customerId in configuration.customers { syncs.ensureSync(customerId) }
    }

    /// Whether `/ready` answers 200: every configured customer's last good sync is at most `maxSyncAge` old and
    /// the server is not draining.
    public var isReady: Bool { readiness().isReady }

    /// What `/ready` answers now.
    public func readiness() -> ReadinessReport {
        let customers = configuration.customers
        let last = syncs.lastGoodSyncs(customers)
        return ReadinessReport(
            customers: customers, lastGoodSync: { last[$0] }, now: configuration.now(),
            maxSyncAge: configuration.maxSyncAge, draining: drain.isDraining)
    }
}
