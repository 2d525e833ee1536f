import Foundation
import Hummingbird
import NIOCore

extension OceanEmulator {
    /// `GET /_admin/faults` (current faults), `POST /_admin/faults` (replace, JSON ``FaultConfiguration``),
    /// `POST /_admin/expireTokens` (expire all tokens now). Peers other than loopback get 403.
    func addAdminRoutes(to router: Router<EmulatorRequestContext>) {
        let admin = router.group("_admin").add(middleware: LoopbackOnlyMiddleware())
        admin.get("faults") { _, _ in
            try Self.json(await self.currentFaults())
        }
        admin.post("faults") { request, context in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let faults: FaultConfiguration
            do {
                faults = try JSONDecoder().decode(FaultConfiguration.self, from: Data(buffer: body))
            } catch {
                return ErrorResponses.response(status: .badRequest, message: "Invalid faults: \(error)", path: "/_admin/faults")
            }
            await self.setFaults(faults)
            context.logger.info("faults set", metadata: ["faults": "\(faults)"])
            return try Self.json(faults)
        }
        admin.post("expireTokens") { _, context in
            await self.expireAllTokens()
            context.logger.info("all tokens expired")
            return Response(status: .noContent)
        }
    }

    private static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
        )
    }
}

/// Lets only loopback peers through (an in-process router test has no peer address and passes).
struct LoopbackOnlyMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let address = context.remoteAddress, !Self.isLoopback(address) {
            return ErrorResponses.response(status: .forbidden, message: "Admin routes are loopback-only", path: request.uri.path)
        }
        return try await next(request, context)
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return address.protocol == .unix }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
