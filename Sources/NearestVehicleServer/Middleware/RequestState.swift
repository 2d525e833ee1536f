import NIOConcurrencyHelpers

/// Which source answered a `nearestVehicles` call (`X-Nearest-Source`).
enum AnswerSource: String, Sendable {
    case local
    case upstream
}

/// Per-request state shared between the OpenAPI middlewares and the handlers through a task local: the caller's
/// token (to forward), its digest (for the authorisation cache), and the answer's source (set by the handler, read
/// back by ``OperationMiddleware`` for the header and the metrics).
final class RequestState: Sendable {
    /// The caller's `X-AUTH-TOKEN`, forwarded upstream as is. Never logged.
    let token: String?
    let tokenDigest: TokenDigest?
    private let _source = NIOLockedValueBox<AnswerSource?>(nil)

    init(token: String?) {
        self.token = token
        self.tokenDigest = token.map(TokenDigest.init(token:))
    }

    var source: AnswerSource? {
        get { _source.withLockedValue { $0 } }
        set { _source.withLockedValue { $0 = newValue } }
    }

    @TaskLocal static var current: RequestState?
}
