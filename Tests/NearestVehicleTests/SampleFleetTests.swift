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

    @Test func parserReportsMalformedLines() throws {
        #expect(throws: SampleFleetError.self) { try SampleFleet.parse(csv: "id,lat\n1,2") }
        let header = SampleFleet.csvHeader
        #expect(throws: SampleFleetError.self) {
            try SampleFleet.parse(csv: header + "\n1,x,2,2025-06-01T11:00:00Z,c,,,STOPPED,false")
        }
        let records = try SampleFleet.parse(csv: header + "\n7,91,2,2025-06-01T11:00:00Z,c,,,NEW_STATE,true\n")
        #expect(records.count == 1 && records[0].state == VehicleState("NEW_STATE") && records[0].entityId == nil)
        #expect(throws: UpsertReport.Rejection.Reason.invalidCoordinate) { try records[0].validated() }
    }
}
