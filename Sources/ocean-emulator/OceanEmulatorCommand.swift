import ArgumentParser
import Foundation
import OceanEmulator

/// `ocean-emulator`: a local Ocean API (see the OceanEmulator library). Prints its URL, stops on SIGINT/SIGTERM.
/// Every numeric flag is range-checked before anything starts: a value outside its range is a usage error (exit 64).
@main
struct OceanEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocean-emulator",
        abstract: "Serve the Ocean API subset locally over a synthetic (or given) fleet and road network.",
        discussion: """
            Default users: demo/demo-password (customer 1001), other/other-password (1002), multi/multi-password \
            (1001 and 1002). Faults: --fault latency=MS, jitter=MS (0...3600000 each), 429-every=N \
            (1...1000000000), retry-after=S (0...86400), 500-burst=N, 503-burst=N, drop=N, malformed=N \
            (0...1000000000) (repeatable). At run time: POST /_admin/faults (JSON), POST /_admin/expireTokens: \
            loopback peers only, with Host localhost/127.0.0.1/[::1] and Content-Type application/json \
            (else 403/415). Durations: 7d, 12h, 30m, 45s, 500ms or plain seconds. Out-of-range values exit 64.
            """
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind, 0...65535 (0 = any free port).") var port = 8080
    @Option(help: "Fleet JSON file (as written by --save-fleet); default: a synthetic fleet.") var fleet: String?
    @Option(help: "Seed of the synthetic fleet and road network (0...2^64-1).") var seed: UInt64 = 1
    @Option(help: "Number of synthetic vehicles, 0...1000000 (default 200).") var vehicles: Int?
    @Option(help: "Users JSON file: [{\"login\", \"password\", \"customerIds\"}].") var users: String?
    @Option(help: "Road network GeoJSON file; default: the synthetic network of --seed.") var roads: String?
    @Option(help: "Token lifetime, 1ms...366d, e.g. 12h, 30m, 45s.") var tokenTtl = "12h"
    @Option(help: "Fault NAME=VALUE (repeatable).") var fault: [String] = []
    @Option(help: "Fixed latency added to every API call, ms, 0...3600000.") var latencyMs: Int?
    @Option(help: "Largest request body, bytes, 1...67108864 (default 1048576); larger: 413.") var maxBodyBytes =
        EmulatorLimits.standard.maxRequestBodyBytes
    @Option(help: "Close a connection idle (or with a stalled request header) this long, 10ms...1h.") var idleTimeout = "30s"
    @Option(help: "Time allowed for a whole request body, 10ms...1h; slower: 408.") var bodyTimeout = "10s"
    @Option(help: "Live tokens per login, 1...100000; one more revokes the oldest.") var maxTokensPerUser =
        EmulatorLimits.standard.maxTokensPerUser
    @Option(help: "Write the fleet as JSON to this file, then continue.") var saveFleet: String?
    @Option(help: "Write the road network as GeoJSON to this file, then continue.") var saveRoads: String?

    func validate() throws {
        if fleet != nil, vehicles != nil {
            throw ValidationError("--fleet and --vehicles are exclusive")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) must be in 0...65535") }
        if let vehicles {
            let range = EmulatorConfiguration.vehicleCountRange
            guard range.contains(vehicles) else {
                throw ValidationError("--vehicles \(vehicles) must be in \(range.lowerBound)...\(range.upperBound)")
            }
        }
        do {
            _ = try faultConfiguration()
            _ = try limits()
            _ = try tokenTTL()
        } catch let error as FaultConfiguration.InvalidFault {
            throw ValidationError("\(error)")
        } catch let error as InvalidEmulatorSetting {
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
        configuration.tokenTTL = try tokenTTL()
        configuration.faults = try faultConfiguration()
        configuration.limits = try limits()
        if let saveFleet { try configuration.fleet.save(to: URL(fileURLWithPath: saveFleet)) }
        if let saveRoads { try configuration.roadNetwork.save(to: URL(fileURLWithPath: saveRoads)) }

        let emulator = OceanEmulator(configuration: configuration)
        let host = self.host
        let vehicleCount = configuration.fleet.vehicles.count
        let nodeCount = configuration.roadNetwork.nodes.count
        // SIGTERM/SIGINT: graceful shutdown (injected latency ends at once); whatever still runs 5 s later is
        // cancelled, so the process stops within a bounded time.
        try await emulator.runUntilSignalled { port in
            let line = "ocean-emulator listening on http://\(host):\(port) (\(vehicleCount) vehicles, \(nodeCount) road nodes)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// `--fault` specs, then `--latency-ms`, range-checked.
    func faultConfiguration() throws -> FaultConfiguration {
        var faults = FaultConfiguration.none
        for spec in fault { try faults.apply(spec: spec) }
        if let latencyMs {
            faults.latencyMs = latencyMs
            try faults.validate()
        }
        return faults
    }

    func limits() throws -> EmulatorLimits {
        let limits = EmulatorLimits(
            maxRequestBodyBytes: maxBodyBytes,
            idleTimeout: try EmulatorConfiguration.parseDuration(
                idleTimeout, in: EmulatorLimits.timeoutRange, setting: "--idle-timeout"
            ),
            requestBodyTimeout: try EmulatorConfiguration.parseDuration(
                bodyTimeout, in: EmulatorLimits.timeoutRange, setting: "--body-timeout"
            ),
            maxTokensPerUser: maxTokensPerUser
        )
        try limits.validate()
        return limits
    }

    func tokenTTL() throws -> Duration {
        try EmulatorConfiguration.parseDuration(tokenTtl, in: EmulatorConfiguration.tokenTTLRange, setting: "--token-ttl")
    }
}
