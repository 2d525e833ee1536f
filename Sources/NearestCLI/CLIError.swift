/// A runtime failure of the `nearest` command, printed as one line on stderr with exit code 1.
struct CLIError: Error, CustomStringConvertible, Sendable {
    var description: String
    init(_ description: String) { self.description = description }
}
