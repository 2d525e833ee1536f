import Foundation
import NearestVehicleServer

extension NearestTool {
    /// For `nearest serve` only (other subcommands are never affected), the process-wide settings a long-running
    /// server needs before anything else runs:
    ///
    /// - **Allocator**: glibc's mmap threshold fixed at 128 KiB
    ///   (``NearestVehicleServer/NearestVehicleServer/tuneAllocator(environment:)``), so that serve's memory stays
    ///   flat across syncs instead of creeping up with each (Benchmarks/README §7). `NEAREST_SERVE_MALLOC=dynamic`
    ///   keeps glibc's defaults; a `GLIBC_TUNABLES` that sets `glibc.malloc.mmap_threshold` wins.
    /// - **Executor**, only when the environment sets `NEAREST_SERVE_EXECUTOR=nio`: SwiftNIO's event loops become
    ///   Swift Concurrency's global executor
    ///   (``NearestVehicleServer/NearestVehicleServer/installEventLoopsAsGlobalExecutor()``), so a request's handler
    ///   runs on its socket's thread. Default: Swift's own cooperative pool. On a quiet 2-core machine (load < 1,
    ///   wrk on the same cores, Benchmarks/README §5) the pool gave 20.1-21.5k req/s with p99 72-92 ms against
    ///   18.7-19.0k and p99 473-556 ms on the event loops; under heavy load from other builds the event loops had
    ///   looked faster (9.6-14.9k against 8.0-8.5k).
    ///
    /// Call it first thing in the executable's `main`, on the main thread, before any task starts.
    /// - Parameters:
    ///   - arguments: the process's arguments (`CommandLine.arguments`).
    ///   - environment: the process's environment.
    public static func prepareServeProcess(
        arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        guard arguments.dropFirst().first == "serve" else { return }
        NearestVehicleServer.tuneAllocator(environment: environment)
        if environment["NEAREST_SERVE_EXECUTOR"] == "nio" {
            NearestVehicleServer.installEventLoopsAsGlobalExecutor()
        }
    }
}
