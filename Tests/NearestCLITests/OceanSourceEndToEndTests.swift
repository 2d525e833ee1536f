import Foundation
import Geo
import NearestVehicle
import OceanEmulator
import OceanTestSupport
import Testing

/// `--ocean`: the binary reads the fleet live from the Ocean emulator (on a live port 0, in this process) and
/// answers as brute force over the emulator's own fleet does.
@Suite struct OceanSourceEndToEndTests {
    static func configuration() -> EmulatorConfiguration {
        EmulatorWorld.configuration(vehicles: 120, seed: 7)
    }

    /// The emulator's vehicles a user of customer 1001 sees located (privacy mode hides the position).
    static func oracle(_ configuration: EmulatorConfiguration, customers: Set<Int64>) throws -> Oracle {
        Oracle(vehicles: try configuration.fleet.vehicles.filter { customers.contains($0.customerId) && !$0.privacyEnabled }
            .map { vehicle in
                VehiclePosition(id: String(vehicle.id),
                                coordinate: try Coordinate(latitude: vehicle.latitude, longitude: vehicle.longitude),
                                timestamp: vehicle.gmtPos, customerId: String(vehicle.customerId))
            })
    }

    @Test func queryMatchesBruteForceOverTheEmulatorsFleet() async throws {
        let configuration = Self.configuration()
        let oracle = try Self.oracle(configuration, customers: [1001, 1002])
        let point = try #require(oracle.vehicles.first).coordinate
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let result = try await NearestBinary.run(
                ["query", "--ocean", "--ocean-url", url.absoluteString, "--customer", "1001,1002",
                 "--at", "\(point.latitude),\(point.longitude)", "--k", "15", "--format", "json",
                 "--now", "2027-01-15T08:00:00Z"],
                environment: ["OCEAN_LOGIN": "multi", "OCEAN_PASSWORD": "multi-password"])
            #expect(result.status == 0, "\(result.stderr)")
            let answer = try QueryAnswer.decode(result.stdout)
            #expect(answer.vehicles.map(\.id) == oracle.ranked(from: point).prefix(15).map(\.id))
            #expect(Set(answer.vehicles.map(\.customer)) == ["1001", "1002"])
        }
    }

    /// Bad credentials: one line on stderr, exit 1, and the password never printed.
    @Test func oceanFailureIsOneLine() async throws {
        try await OceanEmulator(configuration: Self.configuration()).withRunningServer { url in
            let result = try await NearestBinary.run(
                ["what-if", "--ocean", "--ocean-url", url.absoluteString, "--customer", "1001", "--at", "48.85,2.35",
                 "--radius", "1"],
                environment: ["OCEAN_LOGIN": "demo", "OCEAN_PASSWORD": "wrong-secret-123"])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: Ocean, customer 1001: "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(!result.stderr.contains("wrong-secret-123") && !result.stdout.contains("wrong-secret-123"))
        }
        let missing = try await NearestBinary.run(["query", "--ocean", "--at", "48.85,2.35", "--customer", "1001"],
                                            environment: ["OCEAN_LOGIN": "", "OCEAN_PASSWORD": ""])
        #expect(missing.status == 1 && missing.stderr.contains("OCEAN_LOGIN is not set"), "\(missing.stderr)")
        let noCustomer = try await NearestBinary.run(["query", "--ocean", "--at", "48.85,2.35"],
                                               environment: ["OCEAN_LOGIN": "demo", "OCEAN_PASSWORD": "x",
                                                             "OCEAN_CUSTOMER_ID": ""])
        #expect(noCustomer.status == 64 && noCustomer.stderr.contains("--ocean needs --customer"))
    }
}
