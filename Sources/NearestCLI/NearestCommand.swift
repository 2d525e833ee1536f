import ArgumentParser

/// `nearest`: which vehicles are nearest to a point, and what-if radius searches.
public struct NearestCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "Find the vehicles of a fleet nearest to a point, and count them within radii.",
        discussion: """
        Exit codes: 0 success, 1 runtime failure (unreadable file, remote error, ...), 64 usage error.
        """,
        subcommands: [])

    public init() {}
}
