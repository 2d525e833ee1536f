import NIOCore
import NIOPosix

extension NearestVehicleServer {
    /// Makes SwiftNIO's event loops (`MultiThreadedEventLoopGroup.singleton`, one thread per core) Swift
    /// Concurrency's global executor, so a request's handler runs on the thread that reads and writes its socket
    /// instead of hopping to the cooperative pool and back (`NIOSingletons
    /// .unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`).
    ///
    /// Call it once, from the main thread, before any task starts (the executable's `main`, first thing).
    /// - Returns: whether it was installed.
    @discardableResult
    public static func installEventLoopsAsGlobalExecutor() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
