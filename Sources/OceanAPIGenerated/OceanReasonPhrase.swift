/// The reason phrase Ocean (Spring's `HttpStatus`) writes in an error body's `error` for a status: the one table of
/// it, for the emulator (which answers as Ocean does) and `nearest serve` (whose own errors look like Ocean's). An
/// unknown status gets its class ("Client Error", "Server Error").
public enum OceanReasonPhrase {
    public static func forStatus(_ status: Int) -> String {
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
}
