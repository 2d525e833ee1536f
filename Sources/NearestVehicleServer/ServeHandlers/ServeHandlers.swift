import Foundation
import Logging
import OceanAPIGenerated
import OpenAPIRuntime

/// `serve`'s implementation of the spec's generated `APIProtocol`: `nearestVehicles` VOL_OISEAU from the index
/// when it may (``nearestVehicles(_:)``), every other call forwarded upstream with the caller's own token and
/// Ocean's answer returned unchanged (status, body, `Retry-After`).
struct ServeHandlers: APIProtocol {
    let upstream: Upstream
    let local: LocalNearest
    let syncs: CustomerSyncs
    let authorization: CallerAuthorization
    let logger: Logger

    /// Forwarded: the caller gets Ocean's own token (or Ocean's refusal). The body (password) is never logged.
    func authenticate2(_ input: Operations.authenticate2.Input) async throws -> Operations.authenticate2.Output {
        try await upstream.forward("authenticate2") { try await $0.authenticate2(input) }
    }

    func getEntities(_ input: Operations.getEntities.Input) async throws -> Operations.getEntities.Output {
        try await upstream.forward("getEntities") { try await $0.getEntities(input) }
    }

    func getVehicles(_ input: Operations.getVehicles.Input) async throws -> Operations.getVehicles.Output {
        try await upstream.forward("getVehicles") { try await $0.getVehicles(input) }
    }

    func getVehiclePositions(
        _ input: Operations.getVehiclePositions.Input
    ) async throws -> Operations.getVehiclePositions.Output {
        try await upstream.forward("getVehiclePositions") { try await $0.getVehiclePositions(input) }
    }
}
