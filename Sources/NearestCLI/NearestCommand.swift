import ArgumentParser
import Foundation

/// The `nearest` command line: which vehicles are nearest to a point, and what-if radius searches.
public enum NearestTool {
    /// The root command's configuration; the `nearest` executable's `@main` type uses it.
    public static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "Find the vehicles of a fleet nearest to a point, and count them within radii.",
        discussion: """
        Fleet sources: --file (CSV/TSV, NDJSON, GeoJSON, Ocean vehiclePositions dump; --crs for projected \
        coordinates), --ocean (live, credentials from OCEAN_LOGIN and OCEAN_PASSWORD), or by default the sample \
        fleet bundled with the library. Try: \
        nearest what-if --at 48.8566,2.3522 --radius 1,2,5,10 --unit km

        Exit codes: 0 success; 1 runtime failure (unreadable file, bad data with --strict, remote error); \
        64 usage error (unknown option, invalid value). Errors are one line on stderr.
        """,
        subcommands: [QueryCommand.self, WhatIfCommand.self, DispatchCommand.self, UnitsCommand.self, ServeCommand.self])

    /// Parses the arguments, runs the command, and exits: 0 on success; on failure one line
    /// `error: <message>` on stderr and exit code 1 (runtime) or 64 (usage). `--help` prints help and exits 0.
    public static func main<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]? = nil) async -> Never {
        do {
            var command = try root.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success { root.exit(withError: error) }  // --help, --version: printed by ArgumentParser
            let message = root.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            if !message.isEmpty {
                let hint = code == .validationFailure && !message.contains("(see '") ? " (see 'nearest --help')" : ""
                FileHandle.standardError.write(Data("error: \(message)\(hint)\n".utf8))
            }
            exit(code.rawValue)
        }
    }
}
