import ArgumentParser
import Foundation
import Hummingbird
import OceanEmulator

/// `ocean-emulator`: a local Ocean API (see the OceanEmulator library). Prints its URL, stops on SIGINT/SIGTERM.
@main
struct OceanEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocean-emulator",
        abstract: "Serve the Ocean API subset locally over a synthetic (or given) fleet and road network.",
        discussion: """
            Default users: demo/demo-password (customer 1001), other/other-password (1002), multi/multi-password \
            (1001 and 1002). Faults: --fault latency=MS, jitter=MS, 429-every=N, retry-after=S, 500-burst=N, \
            503-burst=N, drop=N, malformed=N (repeatable). At run time: POST /_admin/faults (JSON), \
            POST /_admin/expireTokens, from loopback only.
            """
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 = any free port).") var port = 8080
    @Option(help: "Fleet JSON file (as written by --save-fleet); default: a synthetic fleet.") var fleet: String?
    @Option(help: "Seed of the synthetic fleet and road network.") var seed: UInt64 = 1
    @Option(help: "Number of synthetic vehicles (default 200).") var vehicles: Int?
    @Option(help: "Users JSON file: [{\"login\", \"password\", \"customerIds\"}].") var users: String?
    @Option(help: "Road network GeoJSON file; default: the synthetic network of --seed.") var roads: String?
    @Option(help: "Token lifetime, e.g. 12h, 30m, 45s.") var tokenTtl = "12h"
    @Option(help: "Fault NAME=VALUE (repeatable).") var fault: [String] = []
    @Option(help: "Fixed latency added to every API call, ms.") var latencyMs: Int?
    @Option(help: "Write the fleet as JSON to this file, then continue.") var saveFleet: String?
    @Option(help: "Write the road network as GeoJSON to this file, then continue.") var saveRoads: String?

    func validate() throws {
        if fleet != nil, vehicles != nil {
            throw ValidationError("--fleet and --vehicles are exclusive")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535") }
        guard (vehicles ?? 0) >= 0 else { throw ValidationError("--vehicles must be >= 0") }
        _ = try Self.parseDuration(tokenTtl)
        var faults = FaultConfiguration.none
        do {
            for spec in fault { try faults.apply(spec: spec) }
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        var configuration = EmulatorConfiguration.synthetic(seed: seed, vehicleCount: vehicles ?? 200, port: port)
        configuration.host = host
        if let fleet { configuration.fleet = try EmulatedFleet.load(from: URL(fileURLWithPath: fleet)) }
        if let users {
            configuration.users = try JSONDecoder().decode([EmulatedUser].self, from: Data(contentsOf: URL(fileURLWithPath: users)))
        }
        if let roads { configuration.roadNetwork = try RoadNetwork.load(from: URL(fileURLWithPath: roads)) }
        configuration.tokenTTL = try Self.parseDuration(tokenTtl)
        for spec in fault { try configuration.faults.apply(spec: spec) }
        if let latencyMs { configuration.faults.latencyMs = latencyMs }
        if let saveFleet { try configuration.fleet.save(to: URL(fileURLWithPath: saveFleet)) }
        if let saveRoads { try configuration.roadNetwork.save(to: URL(fileURLWithPath: saveRoads)) }

        let emulator = OceanEmulator(configuration: configuration)
        let host = self.host
        let vehicleCount = configuration.fleet.vehicles.count
        let nodeCount = configuration.roadNetwork.nodes.count
        let app = try emulator.buildApplication { port in
            let line = "ocean-emulator listening on http://\(host):\(port) (\(vehicleCount) vehicles, \(nodeCount) road nodes)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()
    }

    /// "12h", "30m", "45s", "500ms" or plain seconds.
    static func parseDuration(_ text: String) throws -> Duration {
        let units: [(String, Int64)] = [("ms", 1), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        for (suffix, millis) in units where text.hasSuffix(suffix) {
            if let value = Int64(text.dropLast(suffix.count)), value > 0 { return .milliseconds(value * millis) }
        }
        if let value = Int64(text), value > 0 { return .seconds(value) }
        throw ValidationError("invalid duration '\(text)' (e.g. 12h, 30m, 45s, 500ms)")
    }
}
