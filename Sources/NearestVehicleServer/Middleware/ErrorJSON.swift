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
            error: OceanReasonPhrase.forStatus(status), message: message,
            path: path.map { String($0.prefix { $0 != "?" }) }
        )
    }

    /// `status` with its reason phrase (for the status line; `HTTPResponse.Status(code:)` has none).
    static func status(_ status: Int) -> HTTPResponse.Status {
        HTTPResponse.Status(code: status, reasonPhrase: OceanReasonPhrase.forStatus(status))
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
