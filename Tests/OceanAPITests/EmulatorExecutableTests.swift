import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import OceanAPI

/// The built `ocean-emulator` binary end to end: prints its URL, serves the real client, stops cleanly on SIGTERM,
/// refuses bad arguments with a usage exit code.
@Suite(.serialized) struct EmulatorExecutableTests {
    static var binary: URL {
        Bundle.main.bundleURL.appendingPathComponent("ocean-emulator")
    }

    @Test func startsPrintsURLServesAndStopsOnSIGTERM() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the ocean-emulator product first")
        let process = Process()
        process.executableURL = Self.binary
        let users = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID()).json")
        try Data(#"[{"login": "zoe", "password": "zoe-pw", "customerIds": [1002]}]"#.utf8).write(to: users)
        defer { try? FileManager.default.removeItem(at: users) }
        process.arguments = ["--port", "0", "--vehicles", "12", "--seed", "4", "--fault", "latency=1", "--users", users.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let reader = output.fileHandleForReading
        let url: URL = try await Task.detached {
            var text = ""
            for _ in 0..<200 {
                let data = reader.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
                if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                    return URL(string: String(text[range]))!
                }
            }
            throw CancellationError()
        }.value

        let client = OceanClient(configuration: .init(baseURL: url, login: "zoe", password: "zoe-pw"))
        #expect(try await client.entities().map(\.id) == [10020, 10021, 10022])
        #expect(try await client.vehiclePositions().count == 6)
        let demo = OceanClient(configuration: .init(baseURL: url, login: "demo", password: "demo-password"))
        await #expect(throws: OceanError.badCredentials) { try await demo.authenticate() } // replaced by --users

        process.terminate() // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    /// Bad arguments are usage errors (exit 64, one `Error:` line naming the flag), never a trap. Regressions
    /// (issue 14): `--fault jitter=9223372036854775807` and `--token-ttl 9999999999999999h` trapped (exit 132),
    /// `--vehicles 9223372036854775807` aborted on allocation.
    @Test(arguments: [
        ["--port", "70000"], ["--fault", "gremlins=1"], ["--token-ttl", "soon"], ["--fleet", "x.json", "--vehicles", "3"],
        ["--fault", "jitter=9223372036854775807"], ["--fault", "latency=-1"], ["--fault", "retry-after=86401"],
        ["--token-ttl", "9999999999999999h"], ["--token-ttl", "0s"], ["--vehicles", "9223372036854775807"],
        ["--vehicles", "1000001"], ["--vehicles=-1"], ["--latency-ms", "3600001"], ["--latency-ms=-5"],
        ["--max-body-bytes", "0"], ["--max-body-bytes", "9223372036854775807"], ["--idle-timeout", "2h"],
        ["--body-timeout", "1ms"], ["--max-tokens-per-user", "0"], ["--seed", "-1"],
        ["--port", "99999999999999999999"],
    ])
    func rejectsBadArguments(arguments: [String]) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // A binary that accepts the arguments starts serving: stop it rather than wait forever.
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("\(arguments): accepted (still running after 30 s)")
            return
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 64, "\(arguments): \(stderr)") // EX_USAGE
        #expect(stderr.hasPrefix("Error:"), "\(arguments): \(stderr)")
    }

    /// Regression (issue 14): with a huge `--latency-ms`, SIGTERM left the process alive (the call in flight slept
    /// on). Now the call in flight is answered 503 at once and the process exits 0.
    @Test func sigtermStopsDuringHugeInjectedLatency() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
        let process = Process()
        process.executableURL = Self.binary
        // The 503 burst is only a witness: its countdown drops when a call arrives, before the latency is served,
        // and the emulator shows it at GET /_admin/faults.
        process.arguments = ["--port", "0", "--vehicles", "4", "--latency-ms", "3600000", "--fault", "503-burst=\(Self.burst)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let url = try await Self.listeningURL(output.fileHandleForReading)

        // A call that will sit in the hour of latency.
        var request = URLRequest(url: url.appendingPathComponent("restapi/mobility/v1/entities"))
        request.timeoutInterval = 60
        let call = Task { try await URLSession.shared.data(for: request) }
        try await Self.waitUntilACallArrived(url) // it reached the server, and sits in the latency
        #expect(process.isRunning)

        process.terminate() // SIGTERM
        let deadline = ContinuousClock.now + .seconds(15)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 15 s after SIGTERM")
        guard !process.isRunning else { return }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let (_, response) = try await call.value
        #expect((response as? HTTPURLResponse)?.statusCode == 503) // answered, not dropped
    }

    /// The error burst ``sigtermStopsDuringHugeInjectedLatency`` starts the emulator with.
    static let burst = 1_000_000

    /// Returns once the emulator at `url` has decided a fault for an API call: its error burst countdown (read from
    /// `GET /_admin/faults`, which is never delayed nor counted) dropped below ``burst``. The emulator decides when
    /// the call arrives, before serving the injected latency. Fails the test after 30 s.
    static func waitUntilACallArrived(_ url: URL) async throws {
        struct Faults: Decodable { var errorBurstCount: Int }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let (data, _) = try await URLSession.shared.data(from: url.appendingPathComponent("_admin/faults"))
            if try JSONDecoder().decode(Faults.self, from: data).errorBurstCount < Self.burst { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no call reached the emulator within 30 s")
        throw CancellationError()
    }

    /// Reads the emulator's stdout until its `listening on http://127.0.0.1:PORT` line.
    static func listeningURL(_ reader: FileHandle) async throws -> URL {
        try await Task.detached {
            var text = ""
            for _ in 0..<200 {
                let data = reader.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
                if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                    return URL(string: String(text[range]))!
                }
            }
            throw CancellationError()
        }.value
    }
}
