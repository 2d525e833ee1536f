import ArgumentParser
import NearestCLI

/// The `nearest` executable: the subcommands and all logic live in the NearestCLI library.
@main
struct Nearest: AsyncParsableCommand {
    static let configuration = NearestTool.configuration

    /// One-line errors and exit codes 0 / 1 / 64: see ``NearestTool/main(_:arguments:)``.
    static func main() async {
        NearestTool.prepareServeProcess()  // `serve`: allocator and executor settings (main thread, before any task)
        await NearestTool.main(Nearest.self)
    }
}
