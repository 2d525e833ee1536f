import FleetFile
import Foundation

/// An incidents file (`--incidents`) read with the one reader: malformed rows skipped with a summary on stderr, or
/// the first one fatal with `--strict`; a file with no usable row is an error.
enum IncidentFile {
    /// - Parameter readsDemand: also read each row's `vehicles` and `priority` (dispatch).
    static func load(_ path: String, strict: Bool, readsDemand: Bool = false) throws -> FleetFileLoad {
        var loader = FleetFileLoader(strict: strict, idFromLocation: true)
        loader.readsDemand = readsDemand
        let load: FleetFileLoad
        do {
            load = try loader.load(path: path)
        } catch {
            if let rejection = error as? RejectedRecord { throw CLIError("\(rejection) (--strict)") }
            throw error
        }
        let name = (path as NSString).lastPathComponent
        FleetSourceOptions.printSummary(name: name, total: load.records.count + load.rejected.count,
                                        rejected: load.rejected, olderIgnored: 0)
        guard !load.records.isEmpty else { throw CLIError("\(name): no usable incident") }
        return load
    }
}
