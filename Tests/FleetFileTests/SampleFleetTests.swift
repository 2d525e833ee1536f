import FleetFile
import Foundation
import Geo
import NearestVehicle
import Testing

@Suite struct SampleFleetTests {
    @Test func bundledFleetLoads() throws {
        let vehicles = try SampleFleet.load()
        #expect(vehicles.count == 3012)
        #expect(Set(vehicles.map(\.id)).count == vehicles.count)
        #expect(Set(vehicles.map(\.customerId)) == Set(SampleFleet.customerIds))
        #expect(vehicles.allSatisfy { $0.timestamp < SampleFleet.referenceDate })
        #expect(vehicles.contains { $0.isPrivacyMode && $0.state == .privacy })
        #expect(vehicles.contains { $0.entityId == nil })
        #expect(Set(vehicles.map(\.state)).isSuperset(of: [.traveling, .stopped, .waiting, .outOfOrder]))
        let (index, report) = FleetIndex.load(vehicles)
        #expect(report.inserted == 3012 && report.rejections.isEmpty)
        let depot = try Coordinate(latitude: 48.9, longitude: 2.25)
        let atDepot = try index.within(0, of: depot,
                                       filter: VehicleFilter(customerId: "1001", now: SampleFleet.referenceDate))
        #expect(atDepot.vehicles.count == 12)
        let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        let nearest = try index.nearest(10, to: paris, filter: VehicleFilter(customerId: "1002", now: SampleFleet.referenceDate))
        #expect(nearest.vehicles.count == 10)
        #expect(nearest.vehicles.allSatisfy { $0.vehicle.customerId == "1002" && !$0.vehicle.isPrivacyMode })
    }

    /// The strict reader's positions equal an independent naive reading of the bundled file (split on commas,
    /// Foundation's `Double` and `ISO8601DateFormatter`): same order, every field.
    @Test func bundledFleetMatchesANaiveReading() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/FleetFile/Resources/sample-fleet.csv")
        let lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n")
        #expect(lines.first.map(String.init) == SampleFleet.csvHeader)
        let dates = ISO8601DateFormatter()
        let expected = try lines.dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(f.count == 9)
            return VehiclePosition(
                id: f[0], coordinate: try Coordinate(latitude: Double(f[1])!, longitude: Double(f[2])!),
                timestamp: try #require(dates.date(from: f[3])), customerId: f[4], entityId: f[5].isEmpty ? nil : f[5],
                groupId: f[6].isEmpty ? nil : f[6], state: VehicleState(f[7]), isPrivacyMode: f[8] == "true")
        }
        let loaded = try SampleFleet.load()
        #expect(loaded.count == expected.count)
        for (got, want) in zip(loaded, expected) where got != want {
            Issue.record("\(got) != \(want)")
            break
        }
    }
}
