/// An error from ``OceanClient``. A struct over a private enum (like AsyncHTTPClient's `HTTPClientError`), so cases
/// can be added without breaking callers; match with the static members:
///
/// ```swift
/// do { ... } catch let error as OceanError where error == .forbidden { ... }
/// ```
///
/// Equality compares the kind only; ``statusCode``, ``retryAfter``, ``bodyExcerpt`` and ``detail`` carry context.
/// No description ever contains the password or a token (see `SecretsTests`).
public struct OceanError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: String, Sendable, Hashable {
        case badCredentials = "bad credentials"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        case notFound = "not found"
        case badRequest = "bad request"
        case rateLimited = "rate limited"
        case serverError = "server error"
        case timeout = "timeout"
        case connection = "connection error"
        case undecodableResponse = "undecodable response"
        case unexpectedStatus = "unexpected status"
        case configuration = "configuration error"
    }

    private let kind: Kind
    /// HTTP status of the last response, if there was one.
    public let statusCode: Int?
    /// The server's Retry-After for ``rateLimited``.
    public let retryAfter: Duration?
    /// The first bytes (at most 200) of an undecodable or error body, secrets redacted.
    public let bodyExcerpt: String?
    /// The Ocean operation (e.g. `nearestVehicles`) and a short explanation.
    public let operation: String?
    public let detail: String?

    private init(
        _ kind: Kind, statusCode: Int? = nil, retryAfter: Duration? = nil, bodyExcerpt: String? = nil,
        operation: String? = nil, detail: String? = nil
    ) {
        self.kind = kind
        self.statusCode = statusCode
        self.retryAfter = retryAfter
        self.bodyExcerpt = bodyExcerpt
        self.operation = operation
        self.detail = detail
    }

    /// authenticate2 refused the login/password (401).
    public static let badCredentials = OceanError(.badCredentials)
    /// A call was refused with 401 even after re-authenticating once.
    public static let unauthorized = OceanError(.unauthorized)
    /// 403: the user may not see this customer's data (or a multi-customer user omitted customerId on some APIs).
    public static let forbidden = OceanError(.forbidden)
    /// 404.
    public static let notFound = OceanError(.notFound)
    /// 400: the request was rejected as invalid.
    public static let badRequest = OceanError(.badRequest)
    /// 429 persisted through every allowed retry.
    public static let rateLimited = OceanError(.rateLimited)
    /// 5xx persisted through every allowed retry.
    public static let serverError = OceanError(.serverError)
    /// No answer within the per-call timeout on every allowed attempt.
    public static let timeout = OceanError(.timeout)
    /// The connection failed (refused, dropped, DNS...) on every allowed attempt.
    public static let connection = OceanError(.connection)
    /// The response body is not the documented JSON; see ``bodyExcerpt``.
    public static let undecodableResponse = OceanError(.undecodableResponse)
    /// A status the contract doesn't describe.
    public static let unexpectedStatus = OceanError(.unexpectedStatus)
    /// Missing or invalid configuration (e.g. OCEAN_LOGIN not set).
    public static let configuration = OceanError(.configuration)

    /// The same kind with context attached.
    func with(
        statusCode: Int? = nil, retryAfter: Duration? = nil, bodyExcerpt: String? = nil, operation: String? = nil,
        detail: String? = nil
    ) -> OceanError {
        OceanError(
            kind, statusCode: statusCode ?? self.statusCode, retryAfter: retryAfter ?? self.retryAfter,
            bodyExcerpt: bodyExcerpt ?? self.bodyExcerpt, operation: operation ?? self.operation,
            detail: detail ?? self.detail
        )
    }

    /// Whether another attempt may succeed (429, 5xx, timeout, connection).
    var isRetryable: Bool {
        [.rateLimited, .serverError, .timeout, .connection].contains(kind)
    }

    public static func == (lhs: OceanError, rhs: OceanError) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    public var description: String {
        var text = "OceanError.\(kind.rawValue)"
        if let operation { text += " in \(operation)" }
        if let statusCode { text += " (HTTP \(statusCode))" }
        if let retryAfter { text += ", retry after \(retryAfter)" }
        if let detail { text += ": \(detail)" }
        if let bodyExcerpt { text += "; body starts: \(bodyExcerpt)" }
        return text
    }
}
