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

    /// Issue 14: positions Ocean dates after the reference time (beyond the clock-skew tolerance) are treated as
    /// a file's are: counted in a warning and kept without --max-age, excluded as not fresh with it.
    @Test func futurePositionsFromOceanAreCheckedLikeAFilesPositions() async throws {
        let configuration = Self.configuration()
        let oracle = try Self.oracle(configuration, customers: [1001])
        // The reference time: the median fix time, so about half of the fleet is dated after it.
        let times = oracle.vehicles.map(\.timestamp).sorted()
        let now = Date(timeIntervalSince1970: times[times.count / 2].timeIntervalSince1970.rounded(.down))
        let future = oracle.vehicles.filter { $0.timestamp > now.addingTimeInterval(300) }
        try #require(future.count > 3 && future.count < oracle.vehicles.count)
        let point = try #require(oracle.vehicles.first).coordinate
        let arguments = ["query", "--ocean", "--customer", "1001", "--at", "\(point.latitude),\(point.longitude)",
                         "--k", "500", "--format", "json", "--now", ISO8601DateFormatter().string(from: now)]
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let environment = ["OCEAN_LOGIN": "demo", "OCEAN_PASSWORD": "demo-password"]
            let kept = try await NearestBinary.run(arguments + ["--ocean-url", url.absoluteString],
                                                   environment: environment)
            #expect(kept.status == 0, "\(kept.stderr)")
            #expect(kept.stderr.contains("\(future.count) positions are dated more than 5 min after the reference time"),
                    "\(kept.stderr)")
            #expect(try QueryAnswer.decode(kept.stdout).vehicles.map(\.id) == oracle.ranked(from: point).map(\.id))

            let fresh = try await NearestBinary.run(arguments + ["--ocean-url", url.absoluteString, "--max-age", "30d"],
                                                    environment: environment)
            #expect(fresh.status == 0, "\(fresh.stderr)")
            #expect(fresh.stderr.contains("\(future.count) positions dated more than 5 min after the reference time "
                + "(--max-clock-skew) excluded as not fresh"), "\(fresh.stderr)")
            let cutoff = now.addingTimeInterval(300)
            #expect(try QueryAnswer.decode(fresh.stdout).vehicles.map(\.id)
                        == oracle.ranked(from: point, included: { !$0.isPrivacyMode && $0.timestamp <= cutoff }).map(\.id))
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
