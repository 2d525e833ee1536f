/// Why ``NearestVehicleService/nearestVehicles(_:)`` gave no answer.
///
/// Match with the static members (`error == .remoteUnavailable`); ``providerError`` says exactly what the remote
/// did. Equality compares the kind only.
public struct NearestVehicleServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable { case remoteUnavailable, remoteRejected, invalidQuery }

    private let kind: Kind
    /// For the remote kinds: the provider's classified error.
    public let providerError: RoadProviderError?
    private let detail: String

    private init(_ kind: Kind, providerError: RoadProviderError? = nil, detail: String = "") {
        self.kind = kind
        self.providerError = providerError
        self.detail = detail
    }

    static func remote(_ error: RoadProviderError) -> Self {
        error.isRemoteUnavailable
            ? Self(.remoteUnavailable, providerError: error, detail: "by-road search unavailable: \(error)")
            : Self(.remoteRejected, providerError: error, detail: "by-road search rejected: \(error)")
    }

    static func invalidQuery(_ detail: String) -> Self { Self(.invalidQuery, detail: detail) }

    /// A by-road request failed because the remote was unavailable and the request's fallback is
    /// ``NearestVehiclesRequest/Fallback/fail`` (see ``RoadProviderError/isRemoteUnavailable``).
    public static let remoteUnavailable = Self(.remoteUnavailable)
    /// The remote refused the by-road request (credentials, forbidden, bad request, cancelled): never falls back.
    public static let remoteRejected = Self(.remoteRejected)
    /// The local index refused the query (cannot happen for a validated request; kept so it is never a trap).
    public static let invalidQuery = Self(.invalidQuery)

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    public var description: String { detail }
}
