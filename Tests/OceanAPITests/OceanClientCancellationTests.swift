import Foundation
import OpenAPIURLSession
import Testing
@testable import OceanAPI
import OceanEmulator

/// Cancellation of OceanClient calls: a cancelled caller returns promptly with `CancellationError`, whether it is
/// waiting for the shared first authentication or for an API call, and a cancelled call is never retried.
/// Regression tests for the two defects found by FleetSync (`FleetSyncRunTests.cancellingDuringTheFirstAuthentication
/// StopsPromptly`).
@Suite(.timeLimit(.minutes(5))) struct OceanClientCancellationTests {
    /// Emulator latency for the calls being cancelled: far above ``prompt``, so waiting for the call is unmistakable.
    static let latencyMs = 20_000
    /// Bound for "promptly" after `cancel()`: half the latency, so waiting for the call still fails it, and generous
    /// for a loaded 2-core machine running the suites in parallel (with 6 s and 3 s, 3 s was exceeded by up to
    /// 0.3 s there, by calls that waited for nothing).
    static let prompt: Duration = .milliseconds(10_000)

    static func client(_ url: URL, transport: CountingTransport, sleeper: SleepRecorder = SleepRecorder()) -> OceanClient {
        OceanClient(
            configuration: OceanClientConfiguration(
                baseURL: url, login: "demo", password: "demo-password", requestTimeout: .seconds(60),
                retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)),
                sleep: sleeper.sleep  // returns at once, even when cancelled: only the client's own checks stop a retry
            ),
            transport: transport
        )
    }

    /// Cancels `task` and returns how long it took to finish, and whether it threw `CancellationError`.
    static func cancel(_ task: Task<Void, any Error>) async -> (elapsed: Duration, error: (any Error)?) {
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        task.cancel()
        let result = await task.result
        let elapsed = clock.now - cancelledAt
        if case .failure(let error) = result { return (elapsed, error) }
        return (elapsed, nil)
    }

    @Test func cancellingTheOnlyCallerDuringTheFirstAuthenticationReturnsPromptly() async throws {
        var configuration = TestWorld.emulatorConfiguration()
        configuration.faults = FaultConfiguration(latencyMs: Self.latencyMs)  // authenticate2 included
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let transport = CountingTransport(URLSessionTransport())
            let sleeper = SleepRecorder()
            let client = Self.client(url, transport: transport, sleeper: sleeper)
            let task = Task { _ = try await client.entities() }
            try await transport.waitFor("authenticate2")

            let (elapsed, error) = await Self.cancel(task)
            #expect(error is CancellationError, "got \(String(describing: error))")
            #expect(elapsed < Self.prompt)

            // The abandoned authentication was cancelled, not retried, and is forgotten: the next caller starts a
            // new one rather than waiting for the old one.
            try await Task.sleep(for: .milliseconds(200))
            #expect(transport.count("authenticate2") == 1)
            #expect(await sleeper.delays.isEmpty)
            await emulator.setFaults(.none)
            let clock = ContinuousClock()
            let start = clock.now
            try await client.authenticate()
            #expect(clock.now - start < Self.prompt)
            #expect(transport.count("authenticate2") == 2)
            #expect(transport.count("getEntities") == 0)
        }
    }

    @Test func otherCallersKeepWaitingForTheSharedAuthentication() async throws {
        var configuration = TestWorld.emulatorConfiguration()
        configuration.faults = FaultConfiguration(latencyMs: Self.latencyMs)
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let transport = CountingTransport(URLSessionTransport())
            let client = Self.client(url, transport: transport)
            let cancelled = Task { try await client.authenticate() }
            let patient = Task { try await client.authenticate() }
            try await transport.waitFor("authenticate2")

            let (elapsed, error) = await Self.cancel(cancelled)
            #expect(error is CancellationError, "got \(String(describing: error))")
            #expect(elapsed < Self.prompt)  // the shared authenticate2 takes >= 20 s

            try await patient.value
            #expect(await client.tokens.current != nil)
            #expect(transport.count("authenticate2") == 1)  // one shared login, neither restarted nor retried
        }
    }

    @Test func aCallerCancelledBeforeAskingStartsNoAuthentication() async throws {
        let emulator = OceanEmulator(configuration: TestWorld.emulatorConfiguration())
        try await emulator.withRunningServer { url in
            let transport = CountingTransport(URLSessionTransport())
            let client = Self.client(url, transport: transport)
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await client.authenticate()
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(transport.count("authenticate2") == 0)
        }
    }

    @Test func cancellingDuringAnAPICallIsNotRetried() async throws {
        let emulator = OceanEmulator(configuration: TestWorld.emulatorConfiguration())
        try await emulator.withRunningServer { url in
            let transport = CountingTransport(URLSessionTransport())
            let sleeper = SleepRecorder()
            let client = Self.client(url, transport: transport, sleeper: sleeper)
            try await client.authenticate()
            await emulator.setFaults(FaultConfiguration(latencyMs: Self.latencyMs))
            let task = Task { _ = try await client.entities() }
            try await transport.waitFor("getEntities")
            // URLSessionTransport (1.x) loses a cancellation that lands between its own cancellation check and the
            // registration of the URLSession task: the request then runs to the end. Let it register first.
            try await Task.sleep(for: .milliseconds(100))

            let (elapsed, error) = await Self.cancel(task)
            #expect(error is CancellationError, "got \(String(describing: error))")
            #expect(elapsed < Self.prompt)
            try await Task.sleep(for: .milliseconds(200))
            #expect(transport.count("getEntities") == 1)
            #expect(await sleeper.delays.isEmpty)
        }
    }

    /// A transport reporting cancellation (without the task being cancelled) gets it through, once, unclassified;
    /// the last row is the control: a real connection error is retried up to `maxAttempts` (4).
    @Test(arguments: [
        ("CancellationError", true),
        ("URLError.cancelled", true),
        ("URLError.notConnectedToInternet", false),
    ])
    func cancellationFromTheTransportIsRethrownAndNotRetried(errorName: String, isCancellation: Bool) async throws {
        let error: any Error & Sendable = switch errorName {
        case "CancellationError": CancellationError()
        case "URLError.cancelled": URLError(.cancelled)
        default: URLError(.notConnectedToInternet)
        }
        let transport = CountingTransport(
            FixtureTransport(body: #"{"entities": []}"#), failing: (operationID: "getEntities", error: error)
        )
        let sleeper = SleepRecorder()
        let client = Self.client(URL(string: "https://example.invalid")!, transport: transport, sleeper: sleeper)
        if isCancellation {
            await #expect(throws: CancellationError.self) { try await client.entities() }
            #expect(transport.count("getEntities") == 1)
            #expect(await sleeper.delays.isEmpty)
        } else {
            await #expect(throws: OceanError.connection) { try await client.entities() }
            #expect(transport.count("getEntities") == 4)
        }
    }
}
