/// An invalid ``ServerConfiguration`` value; its description names the value and its valid range.
public struct ServerConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Equatable, Sendable {
        case invalid
    }

    private let kind: Kind
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// A value out of its range; `detail` says which and why.
    static func invalid(_ detail: String) -> ServerConfigurationError { .init(.invalid, detail) }

    /// Matches any invalid-value error (compare with `~=` or `isInvalidValue`).
    public var isInvalidValue: Bool { kind == .invalid }
}
