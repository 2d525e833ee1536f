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
/// - **Bounded**: request body limit (413), per-client concurrency limit (429), upstream timeout and body limit
///   (504 / 502), overall request deadline (504). Errors are JSON `ErrorBody`s.
/// - **Operations**: `GET /health` (200 while running), `GET /ready` (200 once every configured customer had a good
///   sync, else 503), `GET /metrics` (Prometheus text, see ``ServerMetrics``).
///
/// ```swift
/// let server = try NearestVehicleServer(configuration: configuration)
/// try await server.run()  // until SIGINT / SIGTERM: in-flight requests finish, FleetSync stops
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

    /// Whether every configured customer had a good sync (`/ready`).
    public var isReady: Bool { syncs.hadGoodSync(configuration.customers) }
}
