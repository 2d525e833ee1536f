import Foundation

/// Why `serve` answers with its own error instead of Ocean's answer: the upstream could not be reached or read, the
/// request deadline passed, or the caller sent no token. Each maps to one HTTP status with a JSON ``ErrorBody``.
///
/// | case | status |
/// |------|--------|
/// | ``missingToken`` | 401 |
/// | ``upstreamUnreachable(_:)`` (connection refused, dropped, DNS) | 502 |
/// | ``upstreamMalformed(_:)`` (undecodable or oversized body, unexpected status) | 502 |
/// | ``upstreamTimeout`` (one upstream call timed out) | 504 |
/// | ``deadlineExceeded`` (the request's overall deadline) | 504 |
public struct ServeFailure: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: String, Sendable, Equatable {
        case missingToken = "missing_token"
        case upstreamUnreachable = "unreachable"
        case upstreamMalformed = "malformed"
        case upstreamTimeout = "timeout"
        case deadlineExceeded = "deadline"
    }

    private let kind: Kind
    /// One line for the caller's error body and the logs; never holds a token or a password.
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    public static let missingToken = ServeFailure(.missingToken, "Missing X-AUTH-TOKEN")
    public static let upstreamTimeout = ServeFailure(.upstreamTimeout, "Upstream did not answer in time")
    public static let deadlineExceeded = ServeFailure(.deadlineExceeded, "Request deadline exceeded")
    public static func upstreamUnreachable(_ detail: String) -> ServeFailure {
        ServeFailure(.upstreamUnreachable, "Upstream unreachable: \(detail)")
    }
    public static func upstreamMalformed(_ detail: String) -> ServeFailure {
        ServeFailure(.upstreamMalformed, "Upstream answer unusable: \(detail)")
    }

    /// The HTTP status the caller gets.
    public var status: Int {
        switch kind {
        case .missingToken: 401
        case .upstreamUnreachable, .upstreamMalformed: 502
        case .upstreamTimeout, .deadlineExceeded: 504
        }
    }

    /// Short label for metrics (`upstream_errors_total{kind=...}`).
    var metricKind: String { kind.rawValue }

    public static func == (lhs: ServeFailure, rhs: ServeFailure) -> Bool { lhs.kind == rhs.kind }
}
