import Foundation
@testable import NearestVehicleServer
import OceanTestSupport
import Testing

/// The fast path on the event loop (``LocalNearestChannelHandler``) at the socket: what a client that pipelines,
/// sends its body in pieces or chunked, asks to close, or sends too much sees. References: the router's own
/// answers for the same requests, and HTTP/1.1's rules (answers in request order, 413 over the body limit).
@Suite struct EventLoopFastPathTests {
    static let path = "/restapi/vehicule_engin/nearestVehicles"
    static let body = #"{"computeMode":"VOL_OISEAU"}"#

    static func post(_ query: String, token: String, body: String = body, extra: String = "") -> String {
        "POST \(path)?\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nX-AUTH-TOKEN: \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
    }

    static func query(limit: Int) -> String {
        "customerId=1001&latitude=48.8566&longitude=2.3522&resultsLimit=\(limit)"
    }

    /// The responses in `text`, in order: status and body (each framed by its `Content-Length`).
    static func responses(_ text: String) -> [(status: Int, body: String)] {
        var rest = Substring(text)
        var found: [(Int, String)] = []
        while let end = rest.range(of: "\r\n\r\n") {
            let head = rest[..<end.lowerBound]
            let status = Int(head.dropFirst("HTTP/1.1 ".count).prefix(3)) ?? -1
            let length = head.split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            let body = rest[end.upperBound...].utf8.prefix(length)
            found.append((status, String(decoding: body, as: UTF8.self)))
            rest = rest[end.upperBound...].dropFirst(body.count)
        }
        return found
    }

    static func vehicleCount(_ body: String) throws -> Int {
        let array = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [Any]
        return try #require(array).count
    }

    /// A token authorised for customer 1001 (its first call goes upstream, which puts the pair in the cache).
    static func authorisedToken(_ stack: Stack) async throws -> String {
        let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.multi)
        let first = try await ServeWorld.request(
            stack.serveURL, "POST", path, query: [("customerId", "1001"), ("latitude", "48.8566"),
                                                  ("longitude", "2.3522"), ("resultsLimit", "1")],
            token: token, body: Data(body.utf8))
        try #require(first.status == 200)
        return token
    }

    /// Three requests in one write: one the router answers (an extra parameter the fast path declines), one the
    /// fast path could answer at once, `/health` with `Connection: close`. Answers come back in request order
    /// (1, then 2 vehicles, then health); answering the second on the loop before the router's first would swap
    /// them.
    @Test func pipelinedRequestsAreAnsweredInRequestOrder() async throws {
        try await ServeWorld.withStack(vehicles: 300) { stack in
            let token = try await Self.authorisedToken(stack)
            let connection = try RawHTTPConnection(port: stack.serveURL.port!)
            try connection.send(
                Self.post(Self.query(limit: 1) + "&unknownParameter=1", token: token)
                    + Self.post(Self.query(limit: 2), token: token)
                    + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let (text, ending) = await connection.read(timeout: .seconds(20), untilClosed: true)
            #expect(ending == .closedByServer)
            let answers = Self.responses(text)
            try #require(answers.count == 3, "\(text)")
            #expect(answers.map(\.status) == [200, 200, 200])
            #expect(try Self.vehicleCount(answers[0].body) == 1)
            #expect(try Self.vehicleCount(answers[1].body) == 2)
            #expect(answers[2].body == #"{"status":"ok"}"#)
        }
    }

    /// A body sent in two pieces, then a chunked one, on one keep-alive connection: both answered on the loop
    /// (the fast path's counter), each the router's answer for the same request byte for byte.
    @Test func bodiesInPiecesAndChunkedAreAnsweredLocally() async throws {
        try await ServeWorld.withStack(vehicles: 300) { stack in
            let token = try await Self.authorisedToken(stack)
            let reference = Self.responses(try await Self.exchange(
                stack, Self.post(Self.query(limit: 3) + "&unknownParameter=1", token: token)))
            try #require(reference.count == 1 && reference[0].status == 200)
            let connection = try RawHTTPConnection(port: stack.serveURL.port!)
            let before = stack.server.metrics.fastPathAnswers.load(ordering: .relaxed)
            let request = Self.post(Self.query(limit: 3), token: token)
            let split = request.index(request.endIndex, offsetBy: -10)
            try connection.send(String(request[..<split]))
            try await Task.sleep(for: .milliseconds(50))
            try connection.send(String(request[split...]))
            let pieces = await connection.read(timeout: .seconds(20))
            #expect(pieces.ending == .responseComplete)
            let chunked = "POST \(Self.path)?\(Self.query(limit: 3)) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-AUTH-TOKEN: \(token)\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"com\r\n17\r\nputeMode\":\"VOL_OISEAU\"}\r\n0\r\n\r\n"
            try connection.send(chunked)
            let chunks = await connection.read(timeout: .seconds(20))
            #expect(chunks.ending == .responseComplete)
            #expect(stack.server.metrics.fastPathAnswers.load(ordering: .relaxed) == before + 2)
            for answer in Self.responses(pieces.text) + Self.responses(chunks.text) {
                #expect(answer.status == 200)
                #expect(answer.body == reference[0].body)
            }
        }
    }

    /// Over the body limit: the router's 413 (the handler passes on what it buffered), not a local answer.
    @Test func aBodyOverTheLimitGetsTheRouters413() async throws {
        try await ServeWorld.withStack(vehicles: 100, configure: { $0.maxRequestBodyBytes = 60 }) { stack in
            let token = try await Self.authorisedToken(stack)
            let padded = #"{"computeMode":                "VOL_OISEAU"                    }"#
            try #require(padded.utf8.count > 60)
            let answers = Self.responses(try await Self.exchange(stack, Self.post(Self.query(limit: 2), token: token,
                                                                                   body: padded)))
            #expect(answers.first?.status == 413)
        }
    }

    /// A fast-path request whose body stalls: the connection guard's body timeout reaches the router with the
    /// request the handler had buffered, so the caller gets its 408 (not a bare close).
    @Test func aStalledFastPathBodyGets408() async throws {
        try await ServeWorld.withStack(vehicles: 100, configure: { $0.bodyTimeout = .milliseconds(300) }) { stack in
            let token = try await Self.authorisedToken(stack)
            let connection = try RawHTTPConnection(port: stack.serveURL.port!)
            let request = Self.post(Self.query(limit: 2), token: token)
            try connection.send(String(request.dropLast(Self.body.utf8.count - 1)))  // head and one byte of body
            let (text, ending) = await connection.read(timeout: .seconds(20), untilClosed: true)
            #expect(ending == .closedByServer)
            #expect(RawHTTPConnection.status(of: text) == 408, "\(text.prefix(300))")
        }
    }

    /// `Connection: close`: answered (locally, by the router), then the connection is closed.
    @Test func connectionCloseIsAnsweredThenClosed() async throws {
        try await ServeWorld.withStack(vehicles: 100) { stack in
            let token = try await Self.authorisedToken(stack)
            let connection = try RawHTTPConnection(port: stack.serveURL.port!)
            try connection.send(Self.post(Self.query(limit: 2), token: token, extra: "Connection: close\r\n"))
            let (text, ending) = await connection.read(timeout: .seconds(20), untilClosed: true)
            #expect(ending == .closedByServer)
            let answers = Self.responses(text)
            #expect(answers.count == 1 && answers.first?.status == 200)
            #expect(try Self.vehicleCount(answers.first?.body ?? "") == 2)
        }
    }

    /// One request on a fresh connection; what came back.
    static func exchange(_ stack: Stack, _ request: String) async throws -> String {
        let connection = try RawHTTPConnection(port: stack.serveURL.port!)
        try connection.send(request)
        return await connection.read(timeout: .seconds(20)).text
    }

    /// The `Date` header against Foundation's formatter (IMF-fixdate, `en_US_POSIX`, GMT) on random seconds of the
    /// years 1600-9999, and the epoch.
    @Test func dateHeaderIsFoundationsIMFFixdate() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var random = SystemRandomNumberGenerator()
        let low: Int64 = -11_676_096_000, high: Int64 = 253_402_300_799  // 1600-01-01, 9999-12-31T23:59:59
        var seconds: [Int64] = [0, -1, 86_399, 951_782_400, 4_107_542_400, low, high]
        for _ in 0..<5_000 { seconds.append(Int64.random(in: low...high, using: &random)) }
        for second in seconds {
            let reference = formatter.string(from: Date(timeIntervalSince1970: Double(second)))
            #expect(HTTPDate.format(secondsSince1970: second) == reference, "\(second)")
        }
        var date = HTTPDate()
        #expect(date.header(timeIntervalSince1970: 86_399.999) == "Thu, 01 Jan 1970 23:59:59 GMT")
        #expect(date.header(timeIntervalSince1970: 86_400.2) == "Fri, 02 Jan 1970 00:00:00 GMT")
    }
}
