/// A query the index cannot answer because an argument is invalid. The index is never changed by a query.
///
/// Match with the static members (`error == .invalidCount`) or read ``description``.
public struct FleetIndexError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable { case invalidCount, emptyCustomerID, invalidMaxAge, invalidRadius }

    private let kind: Kind
    private let detail: String

    private init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    static func invalidCount(_ k: Int) -> Self { Self(.invalidCount, "k must be >= 1 (got \(k))") }
    static func invalidMaxAge(_ seconds: Double) -> Self {
        Self(.invalidMaxAge, "maximum position age must be a finite number of seconds >= 0 (got \(seconds))")
    }
    static func invalidRadius(_ meters: Double) -> Self {
        Self(.invalidRadius, "radius must be a finite number of metres >= 0 (got \(meters))")
    }
    static func missingCustomerID() -> Self {
        Self(.emptyCustomerID, "a query needs a customer id: vehicles are only visible to their customer")
    }

    /// `k` was 0 or negative.
    public static let invalidCount = Self(.invalidCount, "")
    /// The filter's customer id was empty.
    public static let emptyCustomerID = Self(.emptyCustomerID, "")
    /// The filter's maximum position age was negative, NaN or infinite.
    public static let invalidMaxAge = Self(.invalidMaxAge, "")
    /// The radius was negative, NaN or infinite (for no limit, ``FleetIndex/nearest(_:to:within:filter:options:)``
    /// takes `nil`).
    public static let invalidRadius = Self(.invalidRadius, "")

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    public var description: String { detail }
}
