import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OceanAPIGenerated
import OpenAPIRuntime

/// `serve`'s own error answers, in the spec's `ErrorBody` shape (as Ocean and the emulator answer), with Ocean's
/// reason phrase in `error` (Spring's: "Bad Request", "Unauthorized", "Payload Too Large"...).
enum ErrorJSON {
    static func body(status: Int, message: String, path: String?) -> Components.Schemas.ErrorBody {
        Components.Schemas.ErrorBody(
            timestamp: Date().formatted(.iso8601), status: Int32(status),
            error: reasonPhrase(status), message: message,
            path: path.map { String($0.prefix { $0 != "?" }) }
        )
    }

    /// The reason phrase Ocean (Spring's `HttpStatus`) writes in an error body's `error` for `status`; an unknown
    /// status gets its class ("Client Error", "Server Error").
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Payload Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 400..<500: "Client Error"
        default: "Server Error"
        }
    }

    /// `status` with its reason phrase (for the status line; `HTTPResponse.Status(code:)` has none).
    static func status(_ status: Int) -> HTTPResponse.Status {
        HTTPResponse.Status(code: status, reasonPhrase: reasonPhrase(status))
    }

    static func data(status: Int, message: String, path: String?) -> Data {
        (try? JSONEncoder().encode(body(status: status, message: message, path: path))) ?? Data("{}".utf8)
    }

    /// An OpenAPI-middleware response.
    static func openAPIResponse(
        status: Int, message: String, path: String?, headers: HTTPFields = [:]
    ) -> (HTTPResponse, HTTPBody?) {
        var response = HTTPResponse(status: Self.status(status), headerFields: headers)
        response.headerFields[.contentType] = "application/json"
        return (response, HTTPBody(data(status: status, message: message, path: path)))
    }

    /// A Hummingbird response.
    static func response(status: HTTPResponse.Status, message: String, path: String?) -> Response {
        Response(
            status: Self.status(status.code), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data(status: status.code, message: message, path: path)))
        )
    }
}
