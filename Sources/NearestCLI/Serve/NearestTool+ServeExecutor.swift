import Foundation
import NearestVehicleServer

extension NearestTool {
    /// For `nearest serve` with `NEAREST_SERVE_EXECUTOR=nio` in the environment: SwiftNIO's event loops become Swift
    /// Concurrency's global executor (``NearestVehicleServer/NearestVehicleServer/installEventLoopsAsGlobalExecutor()``).
    /// Off by default: on the 2-core benchmark machine it did not raise throughput and lengthened the tail
    /// (Benchmarks/README §5). Other subcommands are never affected.
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
