import Foundation
import OceanAPI

/// Everything `nearest serve` needs: where to listen, which Ocean to forward to, the server's own sync credentials,
/// and the limits that keep it bounded. Defaults are the documented ones (README, "Point an Ocean integration at
/// it"); ``validate()`` checks every value before anything starts.
public struct ServerConfiguration: Sendable {
    /// Address to bind. Loopback by default: binding elsewhere is an explicit choice.
    public var host: String
    /// Port to bind, 0...65535 (0 picks a free port; tests use it).
    public var port: Int
    /// The Ocean base URL every forwarded call goes to (e.g. `https://v3.oceansystem.com/ocean-3.0.0`).
    public var upstream: URL
    /// The server's own Ocean account (`OCEAN_LOGIN` / `OCEAN_PASSWORD`) that feeds the index. Nil: no local
    /// answers at all, every call is forwarded.
    public var sync: OceanClientConfiguration?
    /// Customers synced from the start; `/ready` answers 200 once each had one good sync. Others are synced on
    /// their first authorised use.
    public var customers: [Int64]
    /// Pause between two syncs of one customer (> 0).
    public var syncInterval: Duration
    /// A customer whose last good sync is older than this is answered upstream (> 0).
    public var maxSyncAge: Duration
    /// How long an upstream-accepted (token, customer) pair is trusted without asking upstream again (>= 0;
    /// 0 asks every time). Any upstream 401/403 for the token drops its pairs at once.
    public var authorizationTTL: Duration
    /// Timeout of one upstream HTTP call (> 0).
    public var upstreamTimeout: Duration
    /// Overall deadline of one request, whatever it waits on (> 0): past it the answer is 504.
    public var requestDeadline: Duration
    /// Time a request body may take to arrive, from its head to its last byte (> 0): slower is answered 408 and
    /// the connection closes (see ``ConnectionGuard``). Also ends, at once, a body still arriving on shutdown.
    public var bodyTimeout: Duration
    /// A connection with nothing to do this long is closed (> 0): an idle keep-alive connection, or one whose
    /// request head stopped arriving. Keep it above the balancer's idle time for its pooled connections.
    public var idleTimeout: Duration
    /// On SIGTERM, how long `/ready` answers 503 while requests are still answered (>= 0), so that a balancer
    /// moves away before the server stops accepting; then in-flight requests finish and the process exits.
    public var drain: Duration
    /// Largest request body accepted, bytes (> 0); larger is 413.
    public var maxRequestBodyBytes: Int
    /// Largest upstream response body accepted, bytes (> 0); larger is 502.
    public var maxUpstreamBodyBytes: Int
    /// Requests one client address may have in flight (> 0); more is 429 with `Retry-After: 1`.
    public var maxConcurrentRequestsPerClient: Int
    /// Most customers synced at once (> 0); further customers are answered upstream.
    public var maxSyncedCustomers: Int
    /// Clock for authorisation expiry and sync age; tests inject a controllable one.
    public var now: @Sendable () -> Date
    /// Whether local answers are given on the connection's event loop (``LocalNearestChannelHandler``, the
    /// default) or only in the router (``LocalNearestMiddleware``, as before; kept to measure one against the
    /// other: `NEAREST_SERVE_FAST_PATH=router`). Same answers either way.
    public var answersOnEventLoop = true
    /// Customers' syncs running at once (>= 1); the others wait their turn. Bounds the burst of whole-fleet reads
    /// Ocean sees at startup and whenever sync intervals line up (3 calls a sync).
    public var maxConcurrentSyncs = 4

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080

    public init(
        host: String = ServerConfiguration.defaultHost,
        port: Int = ServerConfiguration.defaultPort,
        upstream: URL = OceanClientConfiguration.defaultBaseURL,
        sync: OceanClientConfiguration? = nil,
        customers: [Int64] = [],
        syncInterval: Duration = .seconds(15),
        maxSyncAge: Duration = .seconds(60),
        authorizationTTL: Duration = .seconds(30),
        upstreamTimeout: Duration = .seconds(8),
        requestDeadline: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        drain: Duration = .seconds(10),
        maxRequestBodyBytes: Int = 64 * 1024,
        maxUpstreamBodyBytes: Int = 64 * 1024 * 1024,
        maxConcurrentRequestsPerClient: Int = 256,
        maxSyncedCustomers: Int = 1_000,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.upstream = upstream
        self.sync = sync
        self.customers = customers
        self.syncInterval = syncInterval
        self.maxSyncAge = maxSyncAge
        self.authorizationTTL = authorizationTTL
        self.upstreamTimeout = upstreamTimeout
        self.requestDeadline = requestDeadline
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.drain = drain
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.maxUpstreamBodyBytes = maxUpstreamBodyBytes
        self.maxConcurrentRequestsPerClient = maxConcurrentRequestsPerClient
        self.maxSyncedCustomers = maxSyncedCustomers
        self.now = now
    }

    /// Checks every value; the first invalid one is thrown, named, with its valid range.
    /// - Throws: ``ServerConfigurationError``.
    public func validate() throws(ServerConfigurationError) {
        guard !host.isEmpty else { throw .invalid("host must not be empty") }
        guard (0...65_535).contains(port) else { throw .invalid("port must be in 0...65535, got \(port)") }
        guard let scheme = upstream.scheme?.lowercased(), scheme == "http" || scheme == "https",
              upstream.host?.isEmpty == false
        else { throw .invalid("upstream must be an http(s) URL with a host, got \(upstream.absoluteString)") }
        func positive(_ duration: Duration, _ name: String) throws(ServerConfigurationError) {
            guard duration > .zero else { throw .invalid("\(name) must be > 0, got \(duration)") }
        }
        try positive(syncInterval, "sync interval")
        try positive(maxSyncAge, "max sync age")
        try positive(upstreamTimeout, "upstream timeout")
        try positive(requestDeadline, "request deadline")
        try positive(bodyTimeout, "body timeout")
        try positive(idleTimeout, "idle timeout")
        guard drain >= .zero else { throw .invalid("drain must be >= 0, got \(drain)") }
        guard authorizationTTL >= .zero else { throw .invalid("authorization TTL must be >= 0, got \(authorizationTTL)") }
        guard maxRequestBodyBytes > 0 else { throw .invalid("max request body must be > 0 bytes") }
        guard maxUpstreamBodyBytes > 0 else { throw .invalid("max upstream body must be > 0 bytes") }
        guard maxConcurrentRequestsPerClient > 0 else { throw .invalid("max concurrent requests per client must be > 0") }
        guard maxSyncedCustomers > 0 else { throw .invalid("max synced customers must be > 0") }
        guard maxConcurrentSyncs > 0 else { throw .invalid("max concurrent syncs must be > 0, got \(maxConcurrentSyncs)") }
        if let bad = customers.first(where: { $0 <= 0 }) { throw .invalid("customer ids must be > 0, got \(bad)") }
        if !customers.isEmpty, sync == nil {
            throw .invalid("customers to sync were given but no sync credentials (OCEAN_LOGIN, OCEAN_PASSWORD)")
        }
    }
}
