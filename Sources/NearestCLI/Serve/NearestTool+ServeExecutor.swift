import Foundation
import NearestVehicleServer

extension NearestTool {
    /// For `nearest serve`, only when the environment sets `NEAREST_SERVE_EXECUTOR=nio`: SwiftNIO's event loops
    /// become Swift Concurrency's global executor
    /// (``NearestVehicleServer/NearestVehicleServer/installEventLoopsAsGlobalExecutor()``), so a request's handler
    /// runs on its socket's thread. Default: Swift's own cooperative pool. On a quiet 2-core machine (load < 1,
    /// wrk on the same cores, Benchmarks/README §5) the pool gave 20.1-21.5k req/s with p99 72-92 ms against
    /// 18.7-19.0k and p99 473-556 ms on the event loops; under heavy load from other builds the event loops had
    /// looked faster (9.6-14.9k against 8.0-8.5k). Other subcommands are never affected.
    ///
    /// Call it first thing in the executable's `main`, on the main thread, before any task starts.
    /// - Parameter arguments: the process's arguments (`CommandLine.arguments`).
    public static func prepareExecutor(arguments: [String] = CommandLine.arguments) {
        guard arguments.dropFirst().first == "serve",
              ProcessInfo.processInfo.environment["NEAREST_SERVE_EXECUTOR"] == "nio"
        else { return }
        NearestVehicleServer.installEventLoopsAsGlobalExecutor()
    }
}
