import ArgumentParser
import NearestCLI

/// The `nearest` executable: the subcommands and all logic live in the NearestCLI library.
@main
struct Nearest: AsyncParsableCommand {
    static let configuration = NearestTool.configuration
}
