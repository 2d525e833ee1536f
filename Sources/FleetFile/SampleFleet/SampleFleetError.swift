/// The bundled sample fleet could not be read (missing resource or malformed line: a packaging bug).
public struct SampleFleetError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { "sample fleet: \(message)" }
}
