import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
@testable import NearestVehicleServer
import OceanAPIGenerated
import OpenAPIRuntime
import Testing

/// The generated server's `nearestVehicles` handler in memory, with `Configuration.ocean` as `serve` registers it:
/// the reference the fast path's parsers and encoder are compared with. It decodes a request exactly as `serve`'s
/// generated route does (OpenAPIRuntime's `URIDecoder` for the query, `JSONDecoder` for the body) and encodes an
/// answer exactly as it does (`JSONEncoder` over the generated types).
struct GeneratedNearestHandler: Sendable {
    typealias Handler = @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)

    /// What the handler decoded, or the error it threw (the generated route's 400).
    enum Decoded: Sendable {
        case input(Operations.nearestVehicles.Input)
        case failure(String)
    }

    private let handler: Handler
    private let api: StubAPI

    init() throws {
        let transport = CapturingTransport()
        let api = StubAPI()
        try api.registerHandlers(on: transport, serverURL: URL(string: "/")!, configuration: .ocean)
        handler = try #require(transport.handlers.withLockedValue { $0["nearestVehicles"] })
        self.api = api
    }

    /// Decodes a request with query string `query` (after `?`) and body `body` (JSON).
    func decode(query: String, body: String = #"{"computeMode":"VOL_OISEAU"}"#) async -> Decoded {
        var request = HTTPRequest(
            method: .post, scheme: nil, authority: nil, path: "/restapi/vehicule_engin/nearestVehicles?" + query)
        request.headerFields[.contentType] = "application/json"
        let received = NIOLockedValueBox<Operations.nearestVehicles.Input?>(nil)
        api.respond.withLockedValue { $0 = { input in
            received.withLockedValue { $0 = input }
            return .ok(.init(body: .json([])))
        } }
        do {
            _ = try await handler(request, HTTPBody(body), ServerRequestMetadata())
        } catch {
            return .failure(String(describing: error))
        }
        guard let input = received.withLockedValue({ $0 }) else { return .failure("handler not called") }
        return .input(input)
    }

    /// The body and headers of the generated answer `.ok(vehicles)`.
    func encode(_ vehicles: [Components.Schemas.NearestVehicle]) async throws -> (body: [UInt8], headers: HTTPFields) {
        var request = HTTPRequest(
            method: .post, scheme: nil, authority: nil,
            path: "/restapi/vehicule_engin/nearestVehicles?latitude=0&longitude=0")
        request.headerFields[.contentType] = "application/json"
        api.respond.withLockedValue { $0 = { _ in .ok(.init(body: .json(vehicles))) } }
        let (response, body) = try await handler(request, HTTPBody(#"{"computeMode":"VOL_OISEAU"}"#), ServerRequestMetadata())
        let bytes = try await [UInt8](collecting: try #require(body), upTo: 64 << 20)
        return (bytes, response.headerFields)
    }
}

/// Keeps the handlers the generated code registers, by operation (path).
private final class CapturingTransport: ServerTransport, Sendable {
    let handlers = NIOLockedValueBox<[String: GeneratedNearestHandler.Handler]>([:])

    func register(
        _ handler: @escaping GeneratedNearestHandler.Handler, method: HTTPRequest.Method, path: String
    ) throws {
        let name = String(path.split(separator: "/").last ?? "")
        handlers.withLockedValue { $0[name] = handler }
    }
}

/// `nearestVehicles` answers what the test sets; the other operations are never called here.
private final class StubAPI: APIProtocol, Sendable {
    let respond = NIOLockedValueBox<@Sendable (Operations.nearestVehicles.Input) -> Operations.nearestVehicles.Output>(
        { _ in .ok(.init(body: .json([]))) })

    func nearestVehicles(_ input: Operations.nearestVehicles.Input) async throws -> Operations.nearestVehicles.Output {
        respond.withLockedValue { $0 }(input)
    }
    func authenticate2(_ input: Operations.authenticate2.Input) async throws -> Operations.authenticate2.Output {
        throw Unexpected()
    }
    func getEntities(_ input: Operations.getEntities.Input) async throws -> Operations.getEntities.Output {
        throw Unexpected()
    }
    func getVehicles(_ input: Operations.getVehicles.Input) async throws -> Operations.getVehicles.Output {
        throw Unexpected()
    }
    func getVehiclePositions(
        _ input: Operations.getVehiclePositions.Input
    ) async throws -> Operations.getVehiclePositions.Output {
        throw Unexpected()
    }
    struct Unexpected: Error {}
}
