import Foundation
import Geo
import NearestVehicleOcean
@testable import OceanAPI
import OceanEmulator
import Testing

/// FleetSync against the emulator on a live port 0, into a real FleetIndex. The reference is the emulator's own
/// fleet (and, for the wire view, a second, independent client), never FleetSync's output.
@Suite struct FleetSyncTests {
    @Test func indexEqualsOceansPositionsAfterOneSync() async throws {
        let configuration = FleetSyncWorld.configuration()
        let customerVehicles = configuration.fleet.vehicles.filter { $0.customerId == 1001 }
        let located = FleetSyncWorld.located(configuration.fleet, customerId: 1001)
        let privateIds = customerVehicles.filter(\.privacyEnabled).map { String($0.id) }
        try #require(!privateIds.isEmpty && located.count >= 5)
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let index = FleetIndex()
            let report = try await FleetSyncWorld.sync(url, index: index).syncOnce()

            // Every field, against the emulator's fleet.
            let held = FleetSyncWorld.held(index)
            #expect(Set(held.keys) == Set(located.map { String($0.id) }))
            for vehicle in located {
                #expect(held[String(vehicle.id)] == (try FleetSyncWorld.expectedPosition(vehicle)))
            }
            #expect(index.count == located.count)

            // The wire view, from a client FleetSync does not use.
            let wire = try await FleetSyncWorld.client(url).vehiclePositions(customerId: 1001)
            let wireLocated = wire.filter { $0.position != nil }
            #expect(Set(wireLocated.compactMap(\.vehicleId)) == Set(held.keys))
            for vehicle in wireLocated {
                let position = try #require(held[vehicle.vehicleId ?? ""])
                #expect(position.coordinate.latitude == vehicle.position?.latitude)
                #expect(position.coordinate.longitude == vehicle.position?.longitude)
                #expect(position.timestamp == vehicle.position?.timestamp)
                #expect(position.state.rawValue == vehicle.position?.state?.rawValue)
            }

            // The report.
            #expect(report.customerId == 1001)
            #expect(report.received == customerVehicles.count)
            #expect(report.inserted == located.count)
            #expect(report.updated == 0 && report.unchanged == 0 && report.stale == 0 && report.markedPrivate == 0)
            #expect(report.skipped.map(\.vehicleId).sorted() == privateIds.sorted())
            #expect(report.skipped.allSatisfy { $0.reason == .privacyMode })
            #expect(report.notListedIds.isEmpty)
            #expect(report.startedAt == FleetSyncWorld.now && report.fetchedAt == FleetSyncWorld.now)
            let newestFix = try #require(located.map(\.gmtPos).max())
            let oldestFix = try #require(located.map(\.gmtPos).min())
            #expect(report.newestPositionAge == .seconds(Int64(FleetSyncWorld.now.timeIntervalSince(newestFix))))
            #expect(report.oldestPositionAge == .seconds(Int64(FleetSyncWorld.now.timeIntervalSince(oldestFix))))
        }
    }

    /// Regression (issue 20): the index held no group (Ocean sends it in `nearestVehicles` answers only) and fix
    /// times cut to the whole second (`vehiclePositions`' `heure`). Now, with fixes at arbitrary milliseconds (and
    /// sub-millisecond noise), every held position has the emulator's group and its fix time to the millisecond.
    @Test func groupsAndMillisecondFixTimesReachTheIndex() async throws {
        var configuration = FleetSyncWorld.configuration(vehicles: 60)
        for offset in configuration.fleet.vehicles.indices {
            configuration.fleet.vehicles[offset].gmtPos += Double(offset * 7_919 % 1_000) / 1_000 + 0.000_3
        }
        let located = FleetSyncWorld.located(configuration.fleet, customerId: 1001)
        try #require(located.contains { $0.groupId != nil } && located.count >= 10)
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let index = FleetIndex()
            try await FleetSyncWorld.sync(url, index: index).syncOnce()
            let held = FleetSyncWorld.held(index)
            #expect(held.count == located.count)
            func milliseconds(_ date: Date) -> Double { (date.timeIntervalSince1970 * 1_000).rounded() }
            for vehicle in located {
                let position = try #require(held[String(vehicle.id)])
                #expect(position.groupId == vehicle.groupId.map { String($0) }, "\(vehicle.id)")
                #expect(milliseconds(position.timestamp) == milliseconds(vehicle.gmtPos), "\(vehicle.id)")
            }
            #expect(located.contains { milliseconds($0.gmtPos).truncatingRemainder(dividingBy: 1_000) != 0 })
        }
    }

    @Test func secondSyncWithoutChangeInsertsAndRewritesNothing() async throws {
        let configuration = FleetSyncWorld.configuration()
        let located = FleetSyncWorld.located(configuration.fleet, customerId: 1001)
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let index = FleetIndex()
            let sync = FleetSyncWorld.sync(url, index: index)
            try await sync.syncOnce()
            let before = Set(index.positions(customerId: "1001"))
            let again = try await sync.syncOnce()
            #expect(again.inserted == 0 && again.updated == 0 && again.stale == 0)
            #expect(again.unchanged == located.count)
            #expect(again.received == again.unchanged + again.skipped.count)
            #expect(Set(index.positions(customerId: "1001")) == before)
        }
    }

    @Test func customersNeverSeeEachOthersVehicles() async throws {
        let configuration = FleetSyncWorld.configuration()
        let ids1001 = Set(FleetSyncWorld.located(configuration.fleet, customerId: 1001).map { String($0.id) })
        let ids1002 = Set(FleetSyncWorld.located(configuration.fleet, customerId: 1002).map { String($0.id) })
        try #require(!ids1001.isEmpty && !ids1002.isEmpty)
        try await OceanEmulator(configuration: configuration).withRunningServer { url in
            let index = FleetIndex()
            try await FleetSyncWorld.sync(url, index: index, customerId: 1001).syncOnce()
            try await FleetSyncWorld.sync(url, index: index, customerId: 1002, login: "other", password: "other-password")
                .syncOnce()
            #expect(Set(FleetSyncWorld.held(index, customerId: "1001").keys) == ids1001)
            #expect(Set(FleetSyncWorld.held(index, customerId: "1002").keys) == ids1002)

            // A query scoped to 1001, over the whole world, returns only 1001's vehicles.
            let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
            let nearest = try index.nearest(100, to: paris, filter: VehicleFilter(customerId: "1001", now: FleetSyncWorld.now))
            #expect(Set(nearest.vehicles.map(\.vehicle.id)) == ids1001)

            // A multi-customer user syncing 1002 sees exactly what 1002's own user sees.
            let multi = FleetIndex()
            try await FleetSyncWorld.sync(url, index: multi, customerId: 1002, login: "multi", password: "multi-password")
                .syncOnce()
            #expect(Set(multi.positions(customerId: "1002")) == Set(index.positions(customerId: "1002")))
            #expect(multi.positions(customerId: "1001").isEmpty)

            // 1001's user asking for 1002 is refused, and the index is left as it was.
            let before = Set(index.positions(customerId: "1001"))
            await #expect(throws: OceanError.forbidden) {
                try await FleetSyncWorld.sync(url, index: index, customerId: 1002).syncOnce()
            }
            #expect(Set(index.positions(customerId: "1001")) == before)
            #expect(Set(index.positions(customerId: "1002").map(\.id)) == ids1002)
        }
    }

    @Test func anOlderAnswerNeverOverwritesANewerFix() async throws {
        let current = FleetSyncWorld.configuration()
        let located = FleetSyncWorld.located(current.fleet, customerId: 1001)
        // The same vehicles an hour earlier, 0.01° further north; then ten minutes later, 0.01° further south.
        let older = FleetSyncWorld.shifted(current, seconds: -3_600, latitudeDegrees: 0.01)
        let newer = FleetSyncWorld.shifted(current, seconds: 600, latitudeDegrees: -0.01)
        let index = FleetIndex()
        _ = try await OceanEmulator(configuration: current).withRunningServer { url in
            try await FleetSyncWorld.sync(url, index: index).syncOnce()
        }
        let stale = try await OceanEmulator(configuration: older).withRunningServer { url in
            try await FleetSyncWorld.sync(url, index: index).syncOnce()
        }
        #expect(stale.stale == located.count)
        #expect(stale.inserted == 0 && stale.updated == 0 && stale.unchanged == 0)
        for vehicle in located {
            #expect(index.position(forID: String(vehicle.id)) == (try FleetSyncWorld.expectedPosition(vehicle)))
        }

        let fresh = try await OceanEmulator(configuration: newer).withRunningServer { url in
            try await FleetSyncWorld.sync(url, index: index).syncOnce()
        }
        #expect(fresh.updated == located.count && fresh.stale == 0 && fresh.inserted == 0)
        for vehicle in FleetSyncWorld.located(newer.fleet, customerId: 1001) {
            #expect(index.position(forID: String(vehicle.id)) == (try FleetSyncWorld.expectedPosition(vehicle)))
        }
    }

    @Test func privacyModeHidesTheHeldPosition() async throws {
        let visible = FleetSyncWorld.configuration()
        let vehicle = visible.fleet.vehicles[2]  // customer 1001, located
        var hidden = visible
        hidden.fleet.vehicles[2].privacyEnabled = true
        hidden.fleet.vehicles[2].etatMobile = "PRIVACY"
        let index = FleetIndex()
        let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        let everyone = VehicleFilter(customerId: "1001", now: FleetSyncWorld.now)
        var withPrivate = everyone
        withPrivate.includesPrivacyMode = true

        _ = try await OceanEmulator(configuration: visible).withRunningServer { url in
            try await FleetSyncWorld.sync(url, index: index).syncOnce()
        }
        #expect(try index.nearest(100, to: paris, filter: everyone).vehicles.contains { $0.vehicle.id == String(vehicle.id) })

        let (first, second) = try await OceanEmulator(configuration: hidden).withRunningServer { url in
            let sync = FleetSyncWorld.sync(url, index: index)
            return (try await sync.syncOnce(), try await sync.syncOnce())
        }
        #expect(first.markedPrivate == 1)
        #expect(first.skipped.contains { $0.vehicleId == String(vehicle.id) && $0.reason == .privacyMode })
        #expect(second.markedPrivate == 0)  // already private
        var expected = try FleetSyncWorld.expectedPosition(vehicle)  // same fix, now private
        expected.isPrivacyMode = true
        #expect(index.position(forID: String(vehicle.id)) == expected)
        #expect(try !index.nearest(100, to: paris, filter: everyone).vehicles.contains { $0.vehicle.id == String(vehicle.id) })
        #expect(try index.nearest(100, to: paris, filter: withPrivate).vehicles.contains { $0.vehicle.id == String(vehicle.id) })
    }

    @Test func vehiclesOceanStopsListingStayAndAreNamed() async throws {
        let full = FleetSyncWorld.configuration()
        let gone = full.fleet.vehicles[2]  // customer 1001, located
        var partial = full
        partial.fleet.vehicles.remove(at: 2)
        let index = FleetIndex()
        _ = try await OceanEmulator(configuration: full).withRunningServer { url in
            try await FleetSyncWorld.sync(url, index: index).syncOnce()
        }
        let report = try await OceanEmulator(configuration: partial).withRunningServer { url in
            try await FleetSyncWorld.sync(url, index: index).syncOnce()
        }
        #expect(report.notListedIds == [String(gone.id)])
        #expect(index.position(forID: String(gone.id)) == (try FleetSyncWorld.expectedPosition(gone)))
    }

    /// Ocean failing (after the client's retries) fails the sync with the client's typed error, and leaves the
    /// index exactly as it was.
    @Test(arguments: [
        (FaultConfiguration(errorBurstCount: 50, errorBurstStatus: 503), OceanError.serverError),
        (FaultConfiguration(errorBurstCount: 50, errorBurstStatus: 500), OceanError.serverError),
        (FaultConfiguration(malformedResponses: 50), OceanError.undecodableResponse),
        (FaultConfiguration(dropConnections: 50), OceanError.connection),
    ])
    func oceanFailureThrowsAndLeavesTheIndexUnchanged(faults: FaultConfiguration, expected: OceanError) async throws {
        let emulator = OceanEmulator(configuration: FleetSyncWorld.configuration())
        try await emulator.withRunningServer { url in
            let index = FleetIndex()
            let sync = FleetSyncWorld.sync(url, index: index)
            try await sync.syncOnce()
            let before = Set(index.positions(customerId: "1001"))
            try #require(!before.isEmpty)
            await emulator.setFaults(faults)
            await #expect(throws: expected) { try await sync.syncOnce() }
            #expect(Set(index.positions(customerId: "1001")) == before)
            await emulator.setFaults(.none)
        }
    }

    /// `apply` on hand-built snapshots: rejected records never reach the index, and the report counts each
    /// listed vehicle once.
    @Test func applyUpsertsOnlyMappedPositions() throws {
        let index = FleetIndex()
        let sync = FleetSync(
            client: OceanClient(configuration: .init(login: "unused", password: "unused")), index: index, customerId: 1001
        )
        let answer = [FleetSyncMappingTests.vehicle(id: "1"), FleetSyncMappingTests.vehicle(id: "2", latitude: 95), FleetSyncMappingTests.vehicle(id: "3", located: false)]
        let snapshot = FleetSyncSnapshot(customerId: 1001, vehiclePositions: answer, vehicles: [], fetchedAt: FleetSyncMappingTests.fix)
        let report = sync.apply(snapshot)
        #expect(index.positions(customerId: "1001").map(\.id) == ["1"])
        #expect(report.inserted == 1 && report.skipped.map(\.vehicleId) == ["2", "3"])
        #expect(report.received == report.inserted + report.updated + report.unchanged + report.stale + report.skipped.count)

        // Same fix time, another state: an update, not "unchanged".
        let moved = FleetSyncSnapshot(
            customerId: 1001, vehiclePositions: [FleetSyncMappingTests.vehicle(id: "1", state: "STOPPED")], vehicles: [], fetchedAt: FleetSyncMappingTests.fix
        )
        let second = sync.apply(moved)
        #expect(second.updated == 1 && second.unchanged == 0)
        #expect(index.position(forID: "1")?.state == .stopped)
    }
}
