/// What makes a whole fleet or incident file unusable: missing, unreadable, a directory, no usable header, a JSON
/// document that does not parse, an unknown `--crs`. One line, with the file (and line) it concerns. A single bad
/// record is a ``RejectedRecord`` instead: the rest of the file is still read.
public struct FleetFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
