import ArgumentParser

/// The `nearest` command line: which vehicles are nearest to a point, and what-if radius searches.
public enum NearestTool {
    /// The root command's configuration; the `nearest` executable's `@main` type uses it.
    public static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "Find the vehicles of a fleet nearest to a point, and count them within radii.",
        discussion: """
        Exit codes: 0 success; 1 runtime failure (unreadable file, bad data with --strict, remote error); \
        64 usage error (unknown option, invalid value).
        """,
        subcommands: [UnitsCommand.self])
}
