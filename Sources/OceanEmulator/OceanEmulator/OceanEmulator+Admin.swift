import Foundation
import Hummingbird
import NIOCore

extension OceanEmulator {
    /// `GET /_admin/faults` (current faults), `POST /_admin/faults` (replace, JSON ``FaultConfiguration``),
    /// `POST /_admin/expireTokens` (expire all tokens now). Guarded by ``AdminGuardMiddleware``: loopback peer,
    /// loopback `Host` (and `Origin`, if any), JSON content type on POSTs; else 403 or 415.
    func addAdminRoutes(to router: Router<EmulatorRequestContext>) {
        let admin = router.group("_admin").add(middleware: AdminGuardMiddleware())
        admin.get("faults") { _, _ in
            try Self.json(await self.currentFaults())
        }
        admin.post("faults") { request, context in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let faults: FaultConfiguration
            do {
                faults = try JSONDecoder().decode(FaultConfiguration.self, from: Data(buffer: body))
            } catch let error as FaultConfiguration.InvalidFault {
                return ErrorResponses.response(status: .badRequest, message: "Invalid faults: \(error)", path: "/_admin/faults")
            } catch {
                return ErrorResponses.response(
                    status: .badRequest, message: "Invalid faults: not a JSON FaultConfiguration (\(Self.summary(error)))",
                    path: "/_admin/faults"
                )
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

    /// A decoding error in a few words (its coding path and a bounded excerpt of its description), never the body.
    private static func summary(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "malformed JSON" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
             .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return EchoedInput.truncated(path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)")
        @unknown default:
            return "malformed JSON"
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
