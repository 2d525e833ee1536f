import Logging
import OceanAPI

extension NearestVehicleServer {
    /// Checks the sync account once at startup: one `authenticate2` (5 s timeout, no retry).
    ///
    /// - Returns: true when Ocean refuses the credentials (the caller should stop: exit 1); false when they were
    ///   accepted, when there is no sync account, or when Ocean could not be reached (logged as a warning: the syncs
    ///   retry on their own, calls are forwarded meanwhile).
    public func syncAccountIsRefused() async -> Bool {
        guard var quick = configuration.sync else { return false }
        quick.requestTimeout = .seconds(5)
        quick.retry = RetryPolicy(maxAttempts: 1)
        let silent = Logger(label: "nearest-serve") { _ in SwiftLogNoOpLogHandler() }
        do {
            try await OceanClient(configuration: quick, logger: silent).authenticate()
            return false
        } catch let error as OceanError where error == .badCredentials {
            return true
        } catch {
            logger.warning("cannot check the sync account now; syncs will retry", metadata: [
                "error": "\(String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " "))",
            ])
            return false
        }
    }
}
