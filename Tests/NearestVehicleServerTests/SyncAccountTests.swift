import Foundation
import NearestVehicleServer
import OceanAPI
import OceanTestSupport
import Testing

/// The startup check of the sync account: refused credentials stop `nearest serve` (exit 1); an unreachable Ocean
/// does not (the syncs retry).
@Suite struct SyncAccountTests {
    @Test func refusedAcceptedAndUnreachable() async throws {
        try await ServeWorld.withStack(syncCustomers: []) { stack in
            #expect(await stack.server.syncAccountIsRefused() == false)
            var configuration = stack.server.configuration
            configuration.sync?.password = "wrong"
            configuration.customers = []
            let refused = try NearestVehicleServer(configuration: configuration, logger: stack.logs.logger())
            #expect(await refused.syncAccountIsRefused())
        }
        let unreachable = try NearestVehicleServer(configuration: ServerConfiguration(
            port: 0, upstream: URL(string: "http://127.0.0.1:9")!,
            sync: OceanClientConfiguration(baseURL: URL(string: "http://127.0.0.1:9")!, login: "l", password: "p")))
        #expect(await unreachable.syncAccountIsRefused() == false)
    }
}
