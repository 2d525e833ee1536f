@testable import NearestCLI
import NearestVehicleServer
import Testing

/// `NEAREST_SERVE_FAST_PATH=router` (a measurement switch) is read from the environment `serverConfiguration` is
/// given, like every other variable of `nearest serve`: answers on the event loop unless it says `router`.
@Suite struct ServeFastPathSwitchTests {
    @Test func theSwitchComesFromTheGivenEnvironment() throws {
        let command = try ServeCommand.parse([])
        #expect(try command.serverConfiguration(environment: [:]).answersOnEventLoop)
        #expect(try !command.serverConfiguration(environment: ["NEAREST_SERVE_FAST_PATH": "router"]).answersOnEventLoop)
        #expect(try command.serverConfiguration(environment: ["NEAREST_SERVE_FAST_PATH": "loop"]).answersOnEventLoop)
    }
}
