import Foundation
import NearestVehicleServer

extension NearestTool {
    /// For `nearest serve`: SwiftNIO's event loops become Swift Concurrency's global executor
    /// (``NearestVehicleServer/NearestVehicleServer/installEventLoopsAsGlobalExecutor()``), so a request's handler
    /// runs on its socket's thread, unless the environment sets `NEAREST_SERVE_EXECUTOR=swift` (Swift's own
    /// cooperative pool). Interleaved runs on the 2-core benchmark machine gave 9.6-14.9k req/s with it against
    /// 8.0-8.5k without (Benchmarks/README §5). Other subcommands are never affected.
    ///
    /// Call it first thing in the executable's `main`, on the main thread, before any task starts.
    /// - Parameter arguments: the process's arguments (`CommandLine.arguments`).
    public static func prepareExecutor(arguments: [String] = CommandLine.arguments) {
        guard arguments.dropFirst().first == "serve",
              ProcessInfo.processInfo.environment["NEAREST_SERVE_EXECUTOR"] != "swift"
        else { return }
        NearestVehicleServer.installEventLoopsAsGlobalExecutor()
    }
}
