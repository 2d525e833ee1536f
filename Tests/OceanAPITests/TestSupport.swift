import Testing
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime
@testable import OceanAPI
import OceanEmulator
import OceanTestSupport

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }
}

/// Records the client's retry sleeps instead of sleeping.
actor SleepRecorder {
    private(set) var delays: [Duration] = []

    func record(_ delay: Duration) {
        delays.append(delay)
    }

    nonisolated var sleep: @Sendable (Duration) async throws -> Void {
        { delay in await self.record(delay) }
    }
}

/// This suite's defaults over ``EmulatorWorld``: 40 vehicles of seed 7, and a client that retries up to 4 times
/// without sleeping (its sleeps are recorded).
enum TestWorld {
    static let referenceDate = EmulatorWorld.referenceDate

    static func emulatorConfiguration(vehicles: Int = 40, seed: UInt64 = 7) -> EmulatorConfiguration {
        EmulatorWorld.configuration(vehicles: vehicles, seed: seed)
    }

    static func client(
        _ baseURL: URL, login: String = "demo", password: String = "demo-password", customerId: Int64? = nil,
        sleeper: SleepRecorder = SleepRecorder(), maxAttempts: Int = 4, timeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "test"), now: @escaping @Sendable () -> Date = { Date() }
    ) -> OceanClient {
        EmulatorWorld.client(
            baseURL, login: login, password: password, customerId: customerId, maxAttempts: maxAttempts,
            timeout: timeout, sleep: sleeper.sleep, now: now, logger: logger
        )
    }
}

/// A transport that answers every call with canned bodies (authenticate2 gets `authBody`).
struct FixtureTransport: ClientTransport {
    var authBody = #"{"token": "fixture-token"}"#
    var body: String
    var status: HTTPResponse.Status = .ok

    func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var response = HTTPResponse(status: operationID == "authenticate2" ? .ok : status)
        response.headerFields[.contentType] = "application/json"
        return (response, HTTPBody(operationID == "authenticate2" ? authBody : self.body))
    }
}

enum Fixtures {
    static func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Removes `// ...` comments outside strings, and (for the entities example) lines that are bare prose.
    static func json(_ name: String) throws -> String {
        var output: [String] = []
        for line in try text(name).split(separator: "\n", omittingEmptySubsequences: false) {
            var inString = false
            var previous: Character = " "
            var kept = ""
            for character in line {
                if character == "\"" { inString.toggle() }
                if character == "/", previous == "/", !inString {
                    kept.removeLast()
                    break
                }
                kept.append(character)
                previous = character
            }
            let trimmed = kept.trimmingCharacters(in: .whitespaces)
            if let first = trimmed.first, !"{}[]\",0123456789-tfn".contains(first) { continue }
            output.append(kept)
        }
        return output.joined(separator: "\n")
    }
}


/// Wraps a transport and counts the requests handed to it, per operation (one per attempt: it sits below the
/// client's retry loop). Optionally fails one operation with a given error instead of sending it.
final class CountingTransport: ClientTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private let wrapped: any ClientTransport
    private let failing: (operationID: String, error: any Error & Sendable)?

    init(_ wrapped: any ClientTransport, failing: (operationID: String, error: any Error & Sendable)? = nil) {
        self.wrapped = wrapped
        self.failing = failing
    }

    /// Requests sent so far for `operationID` (e.g. `authenticate2`, `getEntities`).
    func count(_ operationID: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[operationID, default: 0]
    }

    /// Returns once `count(operationID) >= n`, polling every 5 ms; records an issue after `limit`.
    func waitFor(_ operationID: String, count n: Int = 1, limit: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + limit
        while count(operationID) < n {
            guard ContinuousClock.now < deadline else {
                Issue.record("\(operationID) was not sent \(n) time(s) within \(limit)")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func record(_ operationID: String) {
        lock.lock()
        counts[operationID, default: 0] += 1
        lock.unlock()
    }

    func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        record(operationID)
        if let failing, failing.operationID == operationID { throw failing.error }
        return try await wrapped.send(request, body: body, baseURL: baseURL, operationID: operationID)
    }
}
