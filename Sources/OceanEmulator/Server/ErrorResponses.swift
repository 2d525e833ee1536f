import Foundation
import Hummingbird
import NIOCore
import OceanAPIGenerated

/// JSON error bodies in the Spring Boot shape the spec declares (`ErrorBody`).
///
/// Bounded whatever the request: messages quote user values through ``EchoedInput`` (64 characters), and the body
/// caps the whole message at ``maxMessageCharacters`` and the echoed path at ``maxPathCharacters``.
enum ErrorResponses {
    static let maxMessageCharacters = 512
    static let maxPathCharacters = 256

    static func body(status: Int, message: String, path: String?) -> Components.Schemas.ErrorBody {
        Components.Schemas.ErrorBody(
            timestamp: Date().formatted(.iso8601),
            status: Int32(clamping: status),
            error: OceanReasonPhrase.forStatus(status),
            message: EchoedInput.truncated(message, maxCharacters: maxMessageCharacters),
            path: path.map { EchoedInput.truncated($0, maxCharacters: maxPathCharacters) }
        )
    }

    static func data(status: Int, message: String, path: String?) -> Data {
        (try? JSONEncoder().encode(body(status: status, message: message, path: path))) ?? Data("{}".utf8)
    }

    static func response(status: HTTPResponse.Status, message: String, path: String?) -> Response {
        let data = data(status: status.code, message: message, path: path)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
