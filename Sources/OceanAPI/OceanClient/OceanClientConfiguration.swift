import Foundation

/// How an ``OceanClient`` reaches Ocean: base URL, credentials, default customer, timeouts and retry policy.
///
/// The password is write-only as far as text goes: ``description`` redacts it.
public struct OceanClientConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The documented production base URL.
    public static let defaultBaseURL = URL(string: "https://v3.oceansystem.com/ocean-3.0.0")!

    public var baseURL: URL
    public var login: String
    public var password: String
    /// Customer used when a call doesn't name one (required by Ocean for multi-customer users).
    public var customerId: Int64?
    /// Timeout of one HTTP attempt; a call may make several attempts (see ``retry``).
    public var requestTimeout: Duration
    public var retry: RetryPolicy
    /// Lifetime of an Ocean token (12 h); the client renews it ``tokenRenewalMargin`` before.
    public var tokenLifetime: Duration
    public var tokenRenewalMargin: Duration
    /// Sleep used between retries; tests inject a recording, non-sleeping one.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Clock for token expiry; tests inject a controllable one.
    public var now: @Sendable () -> Date
    /// Largest response body accepted, bytes (default 64 MiB). A larger answer fails with
    /// ``OceanError/undecodableResponse`` (not retried) before it is decoded. A whole-fleet read
    /// (`vehiclePositions`, FleetSync) needs about 400-700 bytes a vehicle: raise it for fleets of more than
    /// ~100 000 vehicles (`nearest serve --max-sync-body-mb`).
    public var maxResponseBodyBytes = 64 * 1024 * 1024

    public init(
        baseURL: URL = OceanClientConfiguration.defaultBaseURL,
        login: String,
        password: String,
        customerId: Int64? = nil,
        requestTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(),
        tokenLifetime: Duration = .seconds(12 * 3600),
        tokenRenewalMargin: Duration = .seconds(600),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.baseURL = baseURL
        self.login = login
        self.password = password
        self.customerId = customerId
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.tokenLifetime = tokenLifetime
        self.tokenRenewalMargin = tokenRenewalMargin
        self.sleep = sleep
        self.now = now
    }

    /// Configuration from the environment: `OCEAN_LOGIN`, `OCEAN_PASSWORD` (required), `OCEAN_BASE_URL` (default
    /// ``defaultBaseURL``), `OCEAN_CUSTOMER_ID` (optional integer). Explicit arguments win over the environment.
    /// - Throws: ``OceanError/configuration`` naming the missing or invalid variable (never its value for secrets).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        baseURL: URL? = nil, login: String? = nil, password: String? = nil, customerId: Int64? = nil
    ) throws -> OceanClientConfiguration {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        var resolvedBaseURL = baseURL ?? defaultBaseURL
        if baseURL == nil, let text = value("OCEAN_BASE_URL") {
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw OceanError.configuration.with(detail: "OCEAN_BASE_URL is not an http(s) URL")
            }
            resolvedBaseURL = url
        }
        guard let resolvedLogin = login ?? value("OCEAN_LOGIN") else {
            throw OceanError.configuration.with(detail: "OCEAN_LOGIN is not set")
        }
        guard let resolvedPassword = password ?? value("OCEAN_PASSWORD") else {
            throw OceanError.configuration.with(detail: "OCEAN_PASSWORD is not set")
        }
        var resolvedCustomerId = customerId
        if customerId == nil, let text = value("OCEAN_CUSTOMER_ID") {
            guard let id = Int64(text) else {
                throw OceanError.configuration.with(detail: "OCEAN_CUSTOMER_ID is not an integer")
            }
            resolvedCustomerId = id
        }
        return OceanClientConfiguration(
            baseURL: resolvedBaseURL, login: resolvedLogin, password: resolvedPassword, customerId: resolvedCustomerId
        )
    }

    public var description: String {
        "OceanClientConfiguration(baseURL: \(baseURL), login: \(login), password: <redacted>, customerId: "
            + "\(customerId.map(String.init) ?? "nil"), requestTimeout: \(requestTimeout), retry: \(retry))"
    }

    public var debugDescription: String { description }

    /// `dump` and debuggers see the password redacted too.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "baseURL": baseURL, "login": login, "password": "<redacted>", "customerId": customerId as Any,
                "requestTimeout": requestTimeout, "retry": retry,
            ],
            displayStyle: .struct
        )
    }
}
