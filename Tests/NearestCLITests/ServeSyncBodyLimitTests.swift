import ArgumentParser
@testable import NearestCLI
import NearestVehicleServer
import OceanAPI
import Testing

/// `nearest serve --max-sync-body-mb`: the sync account's response limit in bytes (MiB × 2^20), a default that
/// covers large tenants, and a clear refusal of values that make no sense.
@Suite struct ServeSyncBodyLimitTests {
    static let account = ["OCEAN_LOGIN": "multi", "OCEAN_PASSWORD": "multi-password"]

    @Test func theFlagSetsTheSyncAccountsLimit() throws {
        let command = try ServeCommand.parse(["--max-sync-body-mb", "512"])
        let configuration = try command.serverConfiguration(environment: Self.account)
        #expect(configuration.sync?.maxResponseBodyBytes == 536_870_912)
        let defaults = try ServeCommand.parse([]).serverConfiguration(environment: Self.account)
        #expect(defaults.sync?.maxResponseBodyBytes == 268_435_456)
    }

    @Test(arguments: ["0", "1048577"])
    func nonsenseIsRefused(value: String) throws {
        let error = #expect(throws: (any Error).self) { try ServeCommand.parse(["--max-sync-body-mb", value]) }
        let message = error.map { ServeCommand.message(for: $0) } ?? ""
        #expect(message.contains("--max-sync-body-mb must be 1...1048576, got \(value)"), "\(message)")
        #expect(ServeCommand.exitCode(for: try #require(error)) == .validationFailure)
    }
}
