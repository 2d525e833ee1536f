import Foundation
import OceanTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `nearest serve` on SIGTERM (issue 23): `/ready` turns 503 at once while requests are still answered
/// for `--drain` seconds; a client whose body stalls is answered 408 instead of holding the shutdown up (it held it
/// 35-40 s, forever with a patient client); the process exits 0. SIGINT skips the drain wait.
@Suite struct ServeSignalEndToEndTests {
    @Test(.timeLimit(.minutes(5))) func sigtermDrainsAndExitsZeroDespiteAStalledBody() async throws {
        // The drain must outlast the checks made during it (a 503 from /ready, then /health still answered): with
        // `--drain 3`, a fresh-clone CI run (the machine busy with the whole suite) took longer than that between
        // two of them, and the next connect was refused because serve had already stopped.
        let process = try Self.start(["--drain", "10", "--body-timeout", "300", "--idle-timeout", "300"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let port = try await Self.listeningPort(process)

        // One send: once /health is answered the server has read the stalled request's head too.
        let stalled = try RawHTTPConnection(port: port)
        try stalled.send(
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "POST /restapi/auth/authenticate2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 28\r\n\r\n{")
        let (health, _) = await stalled.read(timeout: .seconds(30))
        #expect(RawHTTPConnection.status(of: health) == 200)
        #expect(try await Self.get("/ready", port: port).status == 200)

        process.terminate()  // SIGTERM
        var ready = try await Self.get("/ready", port: port)
        while ready.status == 200 { ready = try await Self.get("/ready", port: port) }
        #expect(ready.status == 503)
        #expect(ready.body.contains(#""status":"draining""#), "\(ready.body)")
        #expect(try await Self.get("/health", port: port).status == 200)  // still answering

        guard try await Self.exitsCleanly(process, within: .seconds(40), "after SIGTERM (--drain 10)") else { return }
        let (text, _) = await stalled.read(timeout: .seconds(10), untilClosed: true)
        #expect(RawHTTPConnection.status(of: text) == 408, "\(text.prefix(300))")
    }

    /// A client that sends pipelined requests and never reads the answers: once the socket buffers are full, the
    /// answer being written can never finish, which held a graceful shutdown forever. The shutdown is bounded by
    /// drain + deadline + 5 s (here 1 + 2 + 5 s), after which the connection is closed and serve exits.
    @Test(.timeLimit(.minutes(5))) func aClientThatNeverReadsCannotHoldTheShutdown() async throws {
        let process = try Self.start(["--drain", "1", "--deadline", "2"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let port = try await Self.listeningPort(process)
        let stuck = try RawHTTPConnection(port: port)
        // Tens of megabytes of answers (many times what loopback buffers hold); sent from a thread of its own,
        // since the send blocks once serve stops reading, until serve closes the connection.
        let requests = String(repeating: "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 20_000)
        Thread.detachNewThread { try? stuck.send(requests) }
        try await Task.sleep(for: .seconds(2))  // the buffers fill
        #expect(process.isRunning)

        let started = ContinuousClock.now
        process.terminate()  // SIGTERM
        guard try await Self.exitsCleanly(process, within: .seconds(40), "after SIGTERM (limit: 1 + 2 + 5 s)") else {
            return
        }
        let stoppedAfter = ContinuousClock.now - started
        #expect(stoppedAfter >= .seconds(1), "the drain was skipped")
        // When the answer was still stuck at the limit (the usual case: tens of megabytes cannot fit the buffers),
        // serve says why it closed connections.
        let log = String(decoding: try #require(process.standardError as? Pipe).fileHandleForReading.readDataToEndOfFile(),
                         as: UTF8.self)
        if stoppedAfter >= .seconds(8) {
            #expect(log.contains("shutdown limit reached"), "\(log.suffix(1500))")
        }
    }

    /// SIGINT (an operator's Ctrl-C) stops without the drain wait: `--drain 600` does not hold it up.
    @Test(.timeLimit(.minutes(5))) func sigintSkipsTheDrainWait() async throws {
        let process = try Self.start(["--drain", "600"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let port = try await Self.listeningPort(process)
        #expect(try await Self.get("/health", port: port).status == 200)
        process.interrupt()  // SIGINT
        _ = try await Self.exitsCleanly(process, within: .seconds(30), "after SIGINT (--drain 600)")
    }

    /// Waits up to `limit` for `process` to stop, then expects a normal exit with status 0.
    /// - Returns: whether it stopped (when not, the test has failed and the caller's `defer` kills it).
    static func exitsCleanly(
        _ process: Process, within limit: Duration, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running \(limit) \(what)", sourceLocation: sourceLocation)
        guard !process.isRunning else { return false }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, sourceLocation: sourceLocation)
        #expect(process.terminationStatus == 0, sourceLocation: sourceLocation)
        return true
    }

    /// `nearest serve` on port 0 without sync account (every call forwarded to a closed port), log on a pipe.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = NearestBinary.url
        process.arguments = [
            "serve", "--port", "0", "--upstream", "http://127.0.0.1:9", "--log-level", "notice",
        ] + arguments
        var environment = ProcessInfo.processInfo.environment
        for key in ["OCEAN_LOGIN", "OCEAN_PASSWORD", "OCEAN_BASE_URL"] { environment[key] = nil }
        process.environment = environment
        process.standardError = Pipe()
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func listeningPort(_ process: Process) async throws -> Int {
        try await listeningPort(try #require(process.standardError as? Pipe).fileHandleForReading)
    }

    /// One request on a fresh connection: status and body.
    static func get(_ path: String, port: Int) async throws -> (status: Int?, body: String) {
        let connection = try RawHTTPConnection(port: port)
        try connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let (text, _) = await connection.read(timeout: .seconds(30))
        return (RawHTTPConnection.status(of: text), RawHTTPConnection.body(of: text))
    }

    /// Reads serve's log until its `nearest serve listening address=127.0.0.1:PORT` line, on a Dispatch thread
    /// (the reads block; the Swift concurrency pool has one thread per core and the in-process servers need them).
    static func listeningPort(_ reader: FileHandle) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var text = ""
                for _ in 0..<200 {
                    let data = reader.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                    if let range = text.range(of: #"address=127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
                       let port = Int(text[range].split(separator: ":").last ?? "") {
                        continuation.resume(returning: port)
                        return
                    }
                }
                continuation.resume(throwing: CancellationError())
            }
        }
    }
}
