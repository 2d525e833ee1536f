import Foundation
import Logging
import OceanAPI
import OceanEmulator

/// The emulated world that tests talking to Ocean run in, and the client they talk with.
///
/// The world is the emulator's synthetic one (`EmulatorConfiguration.synthetic`: customers 1001 and 1002, users
/// `demo`, `other` and `multi`) at a fixed ``referenceDate``, with the emulator's clock frozen there, so that a seed
/// names the same fleet, the same ages and the same answers on every run.
public enum EmulatorWorld {
    /// 2027-01-15T08:00:00Z: the emulator's "now"; every synthetic fix is up to one hour older.
    public static let referenceDate = Date(timeIntervalSince1970: 1_800_000_000)

    /// The synthetic world of `seed` with `vehicles` vehicles on port 0 (a live port chosen by the system), its
    /// clock frozen at ``referenceDate``.
    public static func configuration(vehicles: Int, seed: UInt64) -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration.synthetic(
            seed: seed, vehicleCount: vehicles, referenceDate: referenceDate, port: 0
        )
        configuration.now = { referenceDate }
        return configuration
    }

    /// A client of the emulator at `baseURL` with short retries (1 ms backoff, at most `maxDelay`).
    ///
    /// - Parameters:
    ///   - maxAttempts: attempts per call, >= 1 (1: no retry).
    ///   - timeout: of one attempt.
    ///   - sleep: between retries; the default really sleeps, a test that must not wait passes `{ _ in }` or a
    ///     recorder.
    ///   - now: the client's clock (token expiry).
    public static func client(
        _ baseURL: URL, login: String = "demo", password: String = "demo-password", customerId: Int64? = nil,
        maxAttempts: Int, maxDelay: Duration = .milliseconds(5), timeout: Duration = .seconds(10),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "test")
    ) -> OceanClient {
        OceanClient(
            configuration: OceanClientConfiguration(
                baseURL: baseURL, login: login, password: password, customerId: customerId, requestTimeout: timeout,
                retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(1), maxDelay: maxDelay),
                sleep: sleep, now: now
            ),
            logger: logger
        )
    }

    /// Returns once `emulator` has received at least `count` requests to `path` (counted on arrival, so a call
    /// held by injected latency counts): lets a test act while a call is known to be in flight.
    /// - Throws: ``RequestNotReceived`` after `limit`; `CancellationError` if cancelled.
    public static func waitUntilReceived(
        _ emulator: OceanEmulator, path: String, count: Int = 1, limit: Duration = .seconds(10)
    ) async throws {
        let deadline = ContinuousClock.now + limit
        while emulator.receivedRequests(path: path) < count {
            guard ContinuousClock.now < deadline else {
                throw RequestNotReceived(path: path, count: count, limit: limit)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// ``waitUntilReceived(_:path:count:limit:)`` ran out of time.
    public struct RequestNotReceived: Error, CustomStringConvertible {
        public let path: String
        public let count: Int
        public let limit: Duration
        public var description: String { "the emulator did not receive \(count) request(s) to \(path) within \(limit)" }
    }
}
