import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP client on 127.0.0.1 for what an HTTP client library will not do: send half a request, forge a `Host`,
/// and watch whether (and when) the server answers or closes the connection.
public final class RawHTTPConnection: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// What the server did while we read.
    public enum Ending: Equatable, Sendable {
        /// The server closed (or reset) the connection.
        case closedByServer
        /// A complete response (head and `Content-Length` body) arrived; the connection may still be open.
        case responseComplete
        /// Neither happened before the deadline.
        case timedOut
    }

    private let fd: Int32

    public init(port: Int) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
    }

    deinit { close(fd) }

    public func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
                #else
                Darwin.send(fd, buffer.baseAddress, buffer.count, 0)
                #endif
            }
            guard sent > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += sent
        }
    }

    /// Reads until a complete response arrived, the server closed the connection, or `timeout` passed.
    ///
    /// Polls without blocking and sleeps between polls, so the in-process server keeps the cooperative threads.
    /// Times out only after a poll past the deadline found nothing: what arrived while a busy machine kept this
    /// task waiting is still read.
    /// - Parameter untilClosed: keep reading after a complete response, until the server closes or the deadline.
    public func read(timeout: Duration, untilClosed: Bool = false) async -> (text: String, ending: Ending) {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if !untilClosed, Self.isComplete(received) { return (String(decoding: received, as: UTF8.self), .responseComplete) }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            guard ready > 0 else {
                guard ContinuousClock.now < deadline else {
                    return (String(decoding: received, as: UTF8.self), .timedOut)
                }
                try? await Task.sleep(for: .milliseconds(10))
                continue
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: chunk[..<count])
            } else {
                return (String(decoding: received, as: UTF8.self), .closedByServer) // 0: EOF; < 0: reset
            }
        }
    }

    /// The status code of the first response in `text`, if its status line arrived.
    public static func status(of text: String) -> Int? {
        guard text.hasPrefix("HTTP/1.1 "), text.count >= 12 else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    /// The body of the first response in `text` (after the blank line).
    public static func body(of text: String) -> String {
        guard let range = text.range(of: "\r\n\r\n") else { return "" }
        return String(text[range.upperBound...])
    }

    /// The value of header `name` (case-insensitive) in the first response's head in `text`, if present.
    public static func header(_ name: String, of text: String) -> String? {
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        for line in text[..<end.lowerBound].split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].caseInsensitiveCompare(name) == .orderedSame {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// Head received and, if it declares one, the whole `Content-Length` body.
    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return true }
        return text[end.upperBound...].utf8.count >= length
    }
}
