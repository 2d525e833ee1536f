import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Guards `/_admin`: a request passes only if
/// 1. the peer is loopback (an in-process router test has no peer and passes this step),
/// 2. it names a loopback host: `Host` (HTTP/1.1 authority) is `localhost`, `127.0.0.1` or `[::1]`, optionally with a
///    port, so a page whose DNS name was rebound to 127.0.0.1 is refused (403),
/// 3. any `Origin` header is itself loopback (`http(s)://localhost|127.0.0.1|[::1][:port]`, else 403), and
/// 4. a POST carries `Content-Type: application/json` (parameters such as `charset` allowed; else 415), which a
///    browser cannot send cross-origin without a CORS preflight the emulator never grants.
struct AdminGuardMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if let address = context.remoteAddress, !Self.isLoopback(address) {
            return ErrorResponses.response(status: .forbidden, message: "Admin routes are loopback-only", path: path)
        }
        let hosts = [request.head.authority].compactMap { $0 } + request.headers[values: Self.hostField]
        guard !hosts.isEmpty, hosts.allSatisfy(Self.isLoopbackHost) else {
            return ErrorResponses.response(
                status: .forbidden, message: "Admin routes require Host: localhost, 127.0.0.1 or [::1]", path: path
            )
        }
        if let origin = request.headers[.origin], !Self.isLoopbackOrigin(origin) {
            return ErrorResponses.response(status: .forbidden, message: "Admin routes refuse foreign origins", path: path)
        }
        if request.method == .post, !Self.isJSON(request.headers[.contentType]) {
            return ErrorResponses.response(
                status: .unsupportedMediaType, message: "Admin POSTs require Content-Type: application/json", path: path
            )
        }
        return try await next(request, context)
    }

    static let hostField = HTTPField.Name("Host")!

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return address.protocol == .unix }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    /// `localhost`, `127.0.0.1` or `[::1]` (any case), optionally followed by `:PORT` (1 to 5 digits).
    static func isLoopbackHost(_ authority: String) -> Bool {
        let host: Substring
        var rest: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[...close]
            rest = authority[authority.index(after: close)...]
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            rest = authority[colon...]
        } else {
            host = authority[...]
            rest = ""
        }
        if !rest.isEmpty {
            guard rest.first == ":" else { return false }
            rest = rest.dropFirst()
            guard (1...5).contains(rest.count), rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        return ["localhost", "127.0.0.1", "[::1]"].contains(host.lowercased())
    }

    /// An `Origin` of `http://` or `https://` and a loopback host (``isLoopbackHost(_:)``), nothing after it.
    static func isLoopbackOrigin(_ origin: String) -> Bool {
        for scheme in ["http://", "https://"] where origin.lowercased().hasPrefix(scheme) {
            return isLoopbackHost(String(origin.dropFirst(scheme.count)))
        }
        return false
    }

    /// `application/json`, optionally with parameters (`; charset=utf-8`), any case.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }
}
