import ArgumentParser
import Foundation
import Logging
import NearestVehicleServer
import OceanAPI

/// `nearest serve`: the Ocean contract served locally (see ``NearestVehicleServer/NearestVehicleServer``). Thin:
/// it turns flags and environment into a ``ServerConfiguration`` and runs the server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Ocean API locally: nearestVehicles VOL_OISEAU from the live index, the rest upstream.",
        discussion: """
        Point an Ocean integration's base URL at this server. authenticate2 and every other call are forwarded \
        to --upstream with the caller's own token; nearestVehicles VOL_OISEAU for a customer the caller's token \
        may read (checked upstream, cached --auth-ttl seconds) is answered from an index kept fresh by FleetSync \
        with the server's own account (OCEAN_LOGIN, OCEAN_PASSWORD; without them every call is forwarded). The \
        header X-Nearest-Source says local or upstream. GET /health, /ready, /metrics (Prometheus). /ready is 503 \
        (JSON saying why) while a --customer never synced or its last good sync is older than --max-sync-age, and \
        while draining.

        Shutdown: on SIGTERM /ready turns 503 and requests are still answered for --drain seconds, then in-flight \
        requests finish and the process exits 0 (SIGINT: without the drain wait).

        Errors: no token 401; Ocean's 401/403/429 passed back; upstream unreachable or unusable 502; upstream \
        timeout or past --deadline 504; body over --max-body-bytes 413; body slower than --body-timeout 408; \
        malformed HTTP or HTTP/1.1 without Host 400; over --max-concurrent per client 429. A connection idle for \
        --idle-timeout (or whose request head stopped arriving) is closed. Startup: invalid value exit 64; sync \
        credentials refused or port unavailable exit 1.
        """)

    @Option(name: .long, help: "Address to listen on. Default 127.0.0.1 (loopback); other addresses are explicit.")
    var host: String = ServerConfiguration.defaultHost

    @Option(name: .long, help: "Port to listen on, 0...65535 (0: any free port).")
    var port: Int = ServerConfiguration.defaultPort

    @Option(name: .long, help: ArgumentHelp(
        "Ocean base URL to forward to. Default: OCEAN_BASE_URL, else https://v3.oceansystem.com/ocean-3.0.0.",
        valueName: "url"))
    var upstream: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "Customer to sync from the start (repeatable or comma-separated); /ready waits for its first sync. Other "
            + "customers are synced on first use.", valueName: "id"))
    var customer: [String] = []

    @Option(name: .customLong("sync-interval"), help: "Seconds between two syncs of a customer (> 0).")
    var syncInterval: Double = 15

    @Option(name: .customLong("max-sync-age"), help: "Seconds after the last good sync a customer is still answered locally (> 0).")
    var maxSyncAge: Double = 60

    @Option(name: .customLong("auth-ttl"), help: "Seconds an upstream-accepted (token, customer) pair is trusted (>= 0).")
    var authTTL: Double = 30

    @Option(name: .customLong("upstream-timeout"), help: "Seconds one upstream call may take (> 0).")
    var upstreamTimeout: Double = 8

    @Option(name: .long, help: "Seconds a request may take in all before it is answered 504 (> 0).")
    var deadline: Double = 10

    @Option(name: .customLong("body-timeout"), help: "Seconds a request body may take to arrive after its head (> 0); slower: 408.")
    var bodyTimeout: Double = 10

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(
        "Seconds after which an idle connection (keep-alive, or a request head that stopped arriving) is closed "
            + "(> 0). Keep it above the balancer's idle time for pooled connections."))
    var idleTimeout: Double = 60

    @Option(name: .long, help: "Seconds, after SIGTERM, that /ready is 503 while requests are still answered (>= 0).")
    var drain: Double = 10

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted, bytes (> 0).")
    var maxBodyBytes: Int = 64 * 1024

    @Option(name: .customLong("max-sync-body-mb"), help: ArgumentHelp(
        "Largest Ocean answer the sync reads, MiB (> 0). A whole-fleet read takes about 0.4-0.7 KiB a vehicle: "
            + "the default 256 covers ~400 000 vehicles per customer; a larger answer fails the sync (logged)."))
    var maxSyncBodyMB: Int = 256

    @Option(name: .customLong("max-concurrent-syncs"), help: ArgumentHelp(
        "Customers' syncs running at once (> 0); the others wait their turn. Bounds the burst of whole-fleet reads "
            + "Ocean sees at startup (3 calls a sync)."))
    var maxConcurrentSyncs: Int = 4

    @Option(name: .customLong("max-concurrent"), help: "Requests one client address may have in flight (> 0).")
    var maxConcurrent: Int = 256

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        _ = try serverConfiguration(environment: ProcessInfo.processInfo.environment)
        guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel.lowercased()) ?? .info
        var logger = Logger(label: "nearest-serve") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        logger.logLevel = level
        let configuration = try serverConfiguration(environment: ProcessInfo.processInfo.environment)
        if configuration.sync == nil {
            logger.warning("OCEAN_LOGIN / OCEAN_PASSWORD not set: no local answers, every call is forwarded upstream")
        }
        let server = try NearestVehicleServer(configuration: configuration, logger: logger)
        if await server.syncAccountIsRefused() {
            throw CLIError("Ocean refused the sync account OCEAN_LOGIN (bad credentials)")
        }
        do {
            try await server.run()
        } catch {
            throw CLIError("cannot serve on \(configuration.host):\(configuration.port): \(Self.oneLine(error))")
        }
    }

    /// The configuration from flags and environment (`OCEAN_BASE_URL`, `OCEAN_LOGIN`, `OCEAN_PASSWORD`).
    /// - Throws: `ValidationError` (exit 64) naming the first invalid flag or variable.
    func serverConfiguration(environment: [String: String]) throws -> ServerConfiguration {
        let upstreamText = upstream ?? environment["OCEAN_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        var upstreamURL = OceanClientConfiguration.defaultBaseURL
        if let upstreamText {
            guard let url = URL(string: upstreamText), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host?.isEmpty == false
            else { throw ValidationError("--upstream (or OCEAN_BASE_URL) must be an http(s) URL, got '\(upstreamText)'") }
            upstreamURL = url
        }
        var customers: [Int64] = []
        for text in customer.flatMap({ $0.split(separator: ",") }) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let id = Int64(trimmed), id > 0 else {
                throw ValidationError("--customer must be a positive integer id, got '\(trimmed)'")
            }
            customers.append(id)
        }
        func duration(_ seconds: Double, _ flag: String, allowZero: Bool = false) throws -> Duration {
            guard seconds.isFinite, allowZero ? seconds >= 0 : seconds > 0, seconds <= 86_400 * 365 else {
                throw ValidationError("\(flag) must be \(allowZero ? ">= 0" : "> 0") seconds (at most a year), got \(seconds)")
            }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        var sync: OceanClientConfiguration?
        let login = environment["OCEAN_LOGIN"].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment["OCEAN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        guard maxSyncBodyMB > 0, maxSyncBodyMB <= 1 << 20 else {
            throw ValidationError("--max-sync-body-mb must be 1...1048576, got \(maxSyncBodyMB)")
        }
        if let login, let password {
            var account = OceanClientConfiguration(baseURL: upstreamURL, login: login, password: password)
            account.maxResponseBodyBytes = maxSyncBodyMB << 20
            sync = account
        } else if (login == nil) != (password == nil) {
            throw ValidationError("set both OCEAN_LOGIN and OCEAN_PASSWORD (the server's sync account), or neither")
        } else if !customers.isEmpty {
            throw ValidationError("--customer needs the sync account: set OCEAN_LOGIN and OCEAN_PASSWORD")
        }
        var configuration = ServerConfiguration(
            host: host, port: port, upstream: upstreamURL, sync: sync,
            customers: customers,
            syncInterval: try duration(syncInterval, "--sync-interval"),
            maxSyncAge: try duration(maxSyncAge, "--max-sync-age"),
            authorizationTTL: try duration(authTTL, "--auth-ttl", allowZero: true),
            upstreamTimeout: try duration(upstreamTimeout, "--upstream-timeout"),
            requestDeadline: try duration(deadline, "--deadline"),
            bodyTimeout: try duration(bodyTimeout, "--body-timeout"),
            idleTimeout: try duration(idleTimeout, "--idle-timeout"),
            drain: try duration(drain, "--drain", allowZero: true),
            maxRequestBodyBytes: maxBodyBytes,
            maxConcurrentRequestsPerClient: maxConcurrent)
        // Measurement switch (Benchmarks/README §5): local answers in the router only, as before the event loop's.
        configuration.maxConcurrentSyncs = maxConcurrentSyncs
        configuration.answersOnEventLoop = environment["NEAREST_SERVE_FAST_PATH"] != "router"
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return configuration
    }

    private static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
