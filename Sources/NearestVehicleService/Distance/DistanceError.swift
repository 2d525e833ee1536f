/// A distance value that cannot be used: NaN, infinite or negative.
///
/// Match with the static members (`error == .negative`) or read ``description``.
public struct DistanceError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable { case notFinite, negative }

    private let kind: Kind
    /// The rejected value, as given.
    public let value: Double

    private init(_ kind: Kind, _ value: Double) {
        self.kind = kind
        self.value = value
    }

    static func notFinite(_ value: Double) -> Self { Self(.notFinite, value) }
    static func negative(_ value: Double) -> Self { Self(.negative, value) }

    /// The value was NaN or infinite.
    public static let notFinite = Self(.notFinite, .nan)
    /// The value was negative.
    public static let negative = Self(.negative, .nan)

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    public var description: String {
        switch kind {
        case .notFinite: "invalid distance \(value): must be a finite number"
        case .negative: "invalid distance \(value): must be >= 0"
        }
    }
}
