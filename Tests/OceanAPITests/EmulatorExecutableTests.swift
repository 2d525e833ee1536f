import Foundation
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

    @Test(arguments: [["--port", "70000"], ["--fault", "gremlins=1"], ["--token-ttl", "soon"], ["--fleet", "x.json", "--vehicles", "3"]])
    func rejectsBadArguments(arguments: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path))
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64) // EX_USAGE
    }
}
