import Foundation
import Logging
import NIOConcurrencyHelpers
import NearestVehicleServer
import OceanAPI
import OceanEmulator
import OceanTestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A controllable clock for the server (authorisation TTL, sync age).
final class TestClock: Sendable {
    private let date = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { date.withLockedValue { $0 } }
    func advance(seconds: Double) { date.withLockedValue { $0.addTimeInterval(seconds) } }
}

/// One HTTP answer, raw.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var source: String? { header("X-Nearest-Source") }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The emulator (seed 7, fixed reference date) as upstream, and `serve` in front of it, both on live ports 0.
struct Stack: Sendable {
    let emulator: OceanEmulator
    let upstreamURL: URL
    let server: NearestVehicleServer
    let serveURL: URL
    let clock: TestClock
    let logs: LogCapture
}

enum ServeWorld {
    static let referenceDate = EmulatorWorld.referenceDate
    static let users = (demo: ("demo", "demo-password"), other: ("other", "other-password"),
                        multi: ("multi", "multi-password"))

    /// Runs `body` with the emulator and `serve` running. `syncCustomers` are synced from the start with the
    /// `multi` account (both customers) and waited for; empty with `sync: false` means no sync account at all.
    /// `upstream`, when given, replaces the emulator's world (seed 7 with `vehicles` vehicles).
    static func withStack(
        vehicles: Int = 120, upstream: EmulatorConfiguration? = nil, syncCustomers: [Int64] = [1001, 1002],
        sync: Bool = true,
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (Stack) async throws -> Void
    ) async throws {
        let emulator = OceanEmulator(
            configuration: upstream ?? EmulatorWorld.configuration(vehicles: vehicles, seed: 7),
            logger: Logger(label: "emulator") { _ in SwiftLogNoOpLogHandler() })
        try await emulator.withRunningServer { upstreamURL in
            let clock = TestClock()
            let logs = LogCapture()
            var configuration = ServerConfiguration(
                host: "127.0.0.1", port: 0, upstream: upstreamURL,
                sync: sync ? OceanClientConfiguration(
                    baseURL: upstreamURL, login: users.multi.0, password: users.multi.1,
                    retry: RetryPolicy(maxAttempts: 1)) : nil,
                customers: sync ? syncCustomers : [],
                syncInterval: .seconds(60), maxSyncAge: .seconds(600),
                // Far above a healthy call, even on a fresh clone's first run on 2 cores (a 5 s timeout answered a
                // healthy login 504 there once); tests of the timeouts set their own.
                upstreamTimeout: .seconds(15), requestDeadline: .seconds(20),
                now: { clock.now() })
            configure(&configuration)
            let server = try NearestVehicleServer(configuration: configuration, logger: logs.logger())
            try await server.withRunningServer { serveURL in
                let stack = Stack(
                    emulator: emulator, upstreamURL: upstreamURL, server: server, serveURL: serveURL, clock: clock,
                    logs: logs)
                if sync, !syncCustomers.isEmpty { try await waitUntilReady(stack) }
                try await body(stack)
            }
        }
    }

    static func waitUntilReady(_ stack: Stack) async throws {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(20) {
            if try await get(stack.serveURL, "/ready").status == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("serve never became ready")
        throw CancellationError()
    }

    // MARK: HTTP

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 32
        return URLSession(configuration: configuration)
    }()

    static func request(
        _ base: URL, _ method: String, _ path: String, query: [(String, String)] = [], token: String? = nil,
        body: Data? = nil
    ) async throws -> HTTPAnswer {
        var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        if let token { request.setValue(token, forHTTPHeaderField: "X-AUTH-TOKEN") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPAnswer(status: http.statusCode, headers: headers, body: data)
    }

    static func get(_ base: URL, _ path: String, query: [(String, String)] = [], token: String? = nil) async throws -> HTTPAnswer {
        try await request(base, "GET", path, query: query, token: token)
    }

    /// `authenticate2` through `base`; the token.
    static func login(_ base: URL, _ user: (String, String)) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["login": user.0, "password": user.1])
        let answer = try await request(base, "POST", "/restapi/auth/authenticate2", body: body)
        try #require(answer.status == 200, "login \(user.0): \(answer.status) \(answer.text)")
        let object = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
        return try #require(object?["token"] as? String)
    }

    /// `nearestVehicles` through `base`.
    static func nearest(
        _ base: URL, token: String?, customerId: Int64?, latitude: Double, longitude: Double,
        mode: String = "VOL_OISEAU", radius: Int? = nil, unit: String? = nil, limit: Int? = nil
    ) async throws -> HTTPAnswer {
        var query: [(String, String)] = [("latitude", String(latitude)), ("longitude", String(longitude))]
        if let customerId { query.append(("customerId", String(customerId))) }
        if let radius { query.append(("radius", String(radius))) }
        if let limit { query.append(("resultsLimit", String(limit))) }
        var object: [String: Any] = ["computeMode": mode]
        if let unit { object["radiusUnit"] = unit }
        return try await request(
            base, "POST", "/restapi/vehicule_engin/nearestVehicles", query: query, token: token,
            body: try JSONSerialization.data(withJSONObject: object))
    }

    /// The (id, distance) pairs of a nearestVehicles answer.
    struct Hit: Decodable, Equatable {
        struct Vehicle: Decodable, Equatable { let id: Int64? }
        let distance: Double?
        let vehicle: Vehicle?
    }

    static func hits(_ answer: HTTPAnswer) throws -> [Hit] {
        try JSONDecoder().decode([Hit].self, from: answer.body)
    }
}
