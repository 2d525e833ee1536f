import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// Vehicle ids are byte strings: two ids that Swift's `String ==` calls equal (Unicode canonical equivalence) but
/// whose UTF-8 differs are two vehicles, as they are for the peer oracle (Python compares code points) and as the
/// tie order (UTF-8 bytes) already treats them.
@Suite struct ExactIDTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    @Test func canonicallyEquivalentIdsAreDistinctVehicles() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"  // "café" twice: U+00E9 vs e + U+0301
        #expect(composed == decomposed)  // what Swift's String equality says
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let here = try Coordinate(latitude: 48.85, longitude: 2.35)
        let there = try Coordinate(latitude: 48.86, longitude: 2.35)
        for load in [true, false] {
            let positions = [
                VehiclePosition(id: composed, coordinate: here, timestamp: now, customerId: "c"),
                VehiclePosition(id: decomposed, coordinate: there, timestamp: now, customerId: "c"),
            ]
            let index: FleetIndex
            if load {
                let (loaded, report) = FleetIndex.load(positions)
                #expect(report.inserted == 2 && report.updated == 0)
                index = loaded
            } else {
                index = FleetIndex()
                let report = index.upsert(contentsOf: positions)
                #expect(report.inserted == 2 && report.updated == 0)
            }
            #expect(index.count == 2)
            #expect(index.position(forID: composed)?.coordinate == here)
            #expect(index.position(forID: decomposed)?.coordinate == there)
            let answer = try index.nearest(5, to: here, filter: VehicleFilter(customerId: "c", now: now))
            #expect(answer.vehicles.map { Array($0.vehicle.id.utf8) } == [Array(composed.utf8), Array(decomposed.utf8)])
            index.remove(id: decomposed)
            #expect(index.count == 1 && index.position(forID: composed) != nil && index.position(forID: decomposed) == nil)
        }
    }
}
