import Foundation
import Geo
import NearestVehicle
import OceanEmulator
import OceanTestSupport
import Testing

/// `--ocean --group`: the group of a vehicle read from Ocean reaches the filter.
@Suite struct OceanGroupEndToEndTests {
    /// Regression (issue 20): the one Ocean mapping (`FleetSyncSnapshot`) set no group, so `nearest query --ocean
    /// --group G` answered "No vehicle matches … of another group" while `--mode road` (Ocean's own answer)
    /// found G's vehicles. Now the crow-flies answer is G's located vehicles, ranked as brute force ranks them.
    @Test func groupFilterFindsTheGroupsVehicles() async throws {
        let configuration = OceanSourceEndToEndTests.configuration()
        let located = configuration.fleet.vehicles.filter { $0.customerId == 1001 && !$0.privacyEnabled }
        let groups = Dictionary(grouping: located.compactMap(\.groupId), by: { $0 })
        let group = try #require(groups.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key)
        let members = located.filter { $0.groupId == group }
        try #require(members.count >= 5 && members.count < located.count)
        let oracle = Oracle(vehicles: try members.map { vehicle in
            VehiclePosition(id: String(vehicle.id),
                            coordinate: try Coordinate(latitude: vehicle.latitude, longitude: vehicle.longitude),
                            timestamp: vehicle.gmtPos, customerId: "1001", groupId: String(group))
        })
        let point = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let result = try await NearestBinary.run(
                ["query", "--ocean", "--ocean-url", url.absoluteString, "--customer", "1001",
                 "--at", "\(point.latitude),\(point.longitude)", "--k", "500", "--group", String(group),
                 "--format", "json", "--now", "2027-01-15T08:00:00Z"],
                environment: ["OCEAN_LOGIN": "demo", "OCEAN_PASSWORD": "demo-password"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("of another group"), "\(result.stderr)")
            let answer = try QueryAnswer.decode(result.stdout)
            #expect(answer.vehicles.map(\.id) == oracle.ranked(from: point).map(\.id))
            let objects = try #require(
                (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["vehicles"]
                    as? [[String: Any]])
            #expect(objects.count == members.count)
            #expect(objects.allSatisfy { $0["group"] as? String == String(group) })
        }
    }
}
