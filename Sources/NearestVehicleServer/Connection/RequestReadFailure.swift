/// Why ``ConnectionGuard`` ended a request body before its last byte: delivered to the body's reader as an error
/// (``BodyLimitMiddleware`` answers it), after which the connection closes once the answer is written.
struct RequestReadFailure: Error, CustomStringConvertible, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// The body did not arrive within the body timeout (408).
        case bodyTimeout
        /// The server is shutting down and the body was still arriving (408).
        case shuttingDown
        /// The body is malformed HTTP (bad chunk framing...) (400).
        case malformed
    }

    let kind: Kind
    /// One line for the caller's error body (no request content).
    let description: String

    /// The status the caller gets.
    var status: Int { kind == .malformed ? 400 : 408 }
}
