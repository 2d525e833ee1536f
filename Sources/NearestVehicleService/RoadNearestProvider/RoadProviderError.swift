/// Why a ``RoadNearestProvider`` could not answer, classified for ``NearestVehicleService``'s fallback policy.
///
/// *Unavailable* (``isRemoteUnavailable``): ``timeout``, ``serverError``, ``rateLimited``, ``connectionFailed``,
/// ``invalidResponse``, ``notConfigured`` — asking again later may work, and a crow-flies answer is a reasonable
/// stand-in if the caller allows it. *Rejected*: ``unauthorized``, ``forbidden``, ``badRequest``, ``cancelled``,
/// ``rejected`` — the question itself (or who asks it) is refused; falling back would hide the refusal (and, for
/// ``forbidden``, could show a customer's vehicles to a caller the remote refused), so the service never does.
///
/// Match with the static members (`error == .timeout`); equality compares the kind only. ``description`` carries
/// the provider's detail (never credentials).
public struct RoadProviderError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: String, Hashable, Sendable {
        case timeout = "timeout"
        case serverError = "server error"
        case rateLimited = "rate limited"
        case connectionFailed = "connection failed"
        case invalidResponse = "invalid response"
        case notConfigured = "no road provider configured"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        case badRequest = "bad request"
        case cancelled = "cancelled"
        case rejected = "rejected"
    }

    private let kind: Kind
    /// HTTP status of the remote's answer, when there was one.
    public let statusCode: Int?
    /// The provider's explanation (e.g. the remote error's description).
    public let detail: String?

    private init(_ kind: Kind, statusCode: Int? = nil, detail: String? = nil) {
        self.kind = kind
        self.statusCode = statusCode
        self.detail = detail
    }

    /// The same kind with context attached (for providers).
    public func with(statusCode: Int? = nil, detail: String? = nil) -> Self {
        Self(kind, statusCode: statusCode ?? self.statusCode, detail: detail ?? self.detail)
    }

    /// No answer in time (unavailable).
    public static let timeout = Self(.timeout)
    /// The remote failed (5xx) (unavailable).
    public static let serverError = Self(.serverError)
    /// The remote is throttling us (429) (unavailable).
    public static let rateLimited = Self(.rateLimited)
    /// The remote could not be reached, or dropped the connection (unavailable).
    public static let connectionFailed = Self(.connectionFailed)
    /// The remote answered something unusable: undecodable, or results without id or distance (unavailable).
    public static let invalidResponse = Self(.invalidResponse)
    /// The service has no road provider (unavailable).
    public static let notConfigured = Self(.notConfigured)
    /// Credentials refused (rejected).
    public static let unauthorized = Self(.unauthorized)
    /// The caller may not see this customer (rejected).
    public static let forbidden = Self(.forbidden)
    /// The remote refused the question as invalid (rejected).
    public static let badRequest = Self(.badRequest)
    /// The calling task was cancelled (rejected: nobody is waiting for a fallback).
    public static let cancelled = Self(.cancelled)
    /// Any other refusal (rejected).
    public static let rejected = Self(.rejected)

    /// Whether the remote could not answer for reasons unrelated to the question (eligible for fallback).
    public var isRemoteUnavailable: Bool {
        switch kind {
        case .timeout, .serverError, .rateLimited, .connectionFailed, .invalidResponse, .notConfigured: true
        case .unauthorized, .forbidden, .badRequest, .cancelled, .rejected: false
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    public var description: String {
        var text = kind.rawValue
        if let statusCode { text += " (HTTP \(statusCode))" }
        if let detail { text += ": \(detail)" }
        return text
    }
}
