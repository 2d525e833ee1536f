import Foundation
import Geo
import NearestVehicle
import OceanAPI
import OceanEmulator
import Testing

/// FleetSync against the emulator (live, port 0) into a real FleetIndex.
@Suite struct FleetSyncTests {
    static let referenceDate = Date(timeIntervalSince1970: 1_800_000_000)

    static func configuration(vehicles: Int = 40) -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration.synthetic(seed: 11, vehicleCount: vehicles, referenceDate: referenceDate, port: 0)
        configuration.now = { referenceDate }
        return configuration
    }

    static func client(_ url: URL) -> OceanClient {
        OceanClient(configuration: .init(baseURL: url, login: "demo", password: "demo-password", retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1))))
    }

    @Test func syncOnceUpsertsLocatedVehiclesAndReportsTheRest() async throws {
        let configuration = Self.configuration()
        let customerVehicles = configuration.fleet.vehicles.filter { $0.customerId == 1001 }
        let located = customerVehicles.filter { !$0.privacyEnabled }
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let index = FleetIndex()
            let sync = FleetSync(client: Self.client(url), index: index, customerId: 1001, now: { Self.referenceDate + 60 })
            let report = try await sync.syncOnce()
            #expect(report.received == customerVehicles.count)
            #expect(report.inserted == located.count)
            #expect(report.skipped.count == customerVehicles.count - located.count)
            #expect(report.skipped.allSatisfy { $0.reason == .noPosition })
            #expect(index.count == located.count)
            // Ages: fixes are up to 1 h before the reference date, whole seconds on the wire.
            let newest = try #require(report.newestPositionAge)
            let oldest = try #require(report.oldestPositionAge)
            #expect(newest >= .seconds(60) && newest <= oldest && oldest <= .seconds(3_660))

            let again = try await sync.syncOnce()
            #expect(again.inserted == 0 && again.updated + again.stale == located.count)
        }
    }

    @Test func invalidCoordinatesAreRejectedWithTheirReason() async throws {
        var configuration = Self.configuration(vehicles: 4)
        configuration.fleet.vehicles[0].latitude = 95 // customer 1001, served as is by the emulator
        configuration.fleet.vehicles[0].privacyEnabled = false
        let emulator = OceanEmulator(configuration: configuration)
        try await emulator.withRunningServer { url in
            let index = FleetIndex()
            let report = try await FleetSync(client: Self.client(url), index: index, customerId: 1001).syncOnce()
            let skip = try #require(report.skipped.first { $0.vehicleId == String(configuration.fleet.vehicles[0].id) })
            guard case .rejectedByIndex(let why) = skip.reason else {
                Issue.record("expected an index rejection, got \(skip.reason)")
                return
            }
            #expect(why.contains("atitude"))
        }
    }

    @Test func oceanFailureLeavesTheIndexUnchanged() async throws {
        let emulator = OceanEmulator(configuration: Self.configuration())
        try await emulator.withRunningServer { url in
            let index = FleetIndex()
            let client = Self.client(url)
            try await client.authenticate()
            await emulator.setFaults(.init(errorBurstCount: 10, errorBurstStatus: 503))
            await #expect(throws: OceanError.serverError) {
                try await FleetSync(client: client, index: index, customerId: 1001).syncOnce()
            }
            #expect(index.count == 0)
        }
    }

    @Test func runsOnAnIntervalUntilCancelled() async throws {
        let emulator = OceanEmulator(configuration: Self.configuration())
        try await emulator.withRunningServer { url in
            let sync = FleetSync(client: Self.client(url), index: FleetIndex(), customerId: 1001)
            let (reports, continuation) = AsyncStream.makeStream(of: Result<FleetSyncReport, OceanError>.self)
            let task = Task {
                await sync.run(every: .milliseconds(1)) { continuation.yield($0) }
                continuation.finish()
            }
            var count = 0
            for await result in reports {
                #expect((try? result.get()) != nil)
                count += 1
                if count == 3 { task.cancel() }
            }
            #expect(count >= 3)
        }
    }
}
