import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
@testable import OceanEmulator

/// Every numeric fault input (admin JSON, `--fault` specs, code) is range-checked; nothing reachable from input traps.
@Suite struct FaultRangeTests {
    /// Regression (issue 14): `{"latencyJitterMs": 9223372036854775807}` was accepted, and the next API call trapped
    /// on `latencyJitterMs + 1`, killing the server.
    @Test func hugeJitterDoesNotKillTheServer() async throws {
        let app = try EmulatorRouteTests.emulator().buildApplication()
        try await app.test(.router) { client in
            let token = try await EmulatorRouteTests.login(client)
            try await client.execute(
                uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"latencyJitterMs": 9223372036854775807}"#)
            ) { response in
                try EmulatorRouteTests.expectError(response, .badRequest)
                let body = try #require(try EmulatorRouteTests.object(response) as? [String: Any])
                let message = try #require(body["message"] as? String)
                #expect(message.contains("latencyJitterMs"))
                #expect(message.contains("0...3600000"))
            }
            try await client.execute(uri: "/_admin/faults", method: .get) { response in
                let body = try #require(try EmulatorRouteTests.object(response) as? [String: Any])
                #expect(body["latencyJitterMs"] as? Int == 0) // refused, not applied
            }
            try await client.execute(
                uri: "/restapi/mobility/v1/entities", method: .get, headers: EmulatorRouteTests.tokenHeader(token)
            ) { #expect($0.status == .ok) }
        }
    }

    /// The same values set in code are clamped, so the fault switchboard cannot trap either.
    @Test func extremeValuesSetInCodeAreClamped() async throws {
        let state = FaultState(
            configuration: FaultConfiguration(
                latencyMs: .max, latencyJitterMs: .max, rateLimitEvery: .min, retryAfterSeconds: .max,
                errorBurstCount: .min, errorBurstStatus: .max, dropConnections: .min, malformedResponses: .max
            ),
            seed: 1
        )
        for _ in 0..<100 {
            let (latency, decision) = await state.decide()
            #expect(FaultConfiguration.latencyRangeMs.upperBound...(2 * FaultConfiguration.latencyRangeMs.upperBound) ~= latency)
            #expect(decision == .rateLimited(retryAfterSeconds: 86_400)) // every call (N clamped to 1)
        }
        let clamped = await state.configuration
        #expect(clamped == FaultConfiguration(
            latencyMs: 3_600_000, latencyJitterMs: 3_600_000, rateLimitEvery: 1, retryAfterSeconds: 86_400,
            errorBurstCount: 0, errorBurstStatus: 500, dropConnections: 0, malformedResponses: 1_000_000_000
        ))
    }

    /// Each field just outside its documented range is a 400 naming the field; just inside is accepted.
    @Test(arguments: [
        ("latencyMs", -1, 3_600_001), ("latencyJitterMs", -1, 3_600_001), ("rateLimitEvery", 0, 1_000_000_001),
        ("retryAfterSeconds", -1, 86_401), ("errorBurstCount", -1, 1_000_000_001), ("dropConnections", -1, 1_000_000_001),
        ("malformedResponses", -1, 1_000_000_001),
    ])
    func adminJSONOutOfRange(field: String, below: Int, above: Int) async throws {
        let app = try EmulatorRouteTests.emulator().buildApplication()
        try await app.test(.router) { client in
            for value in [below, above, Int.max, Int.min] {
                try await client.execute(
                    uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json"],
                    body: EmulatorRouteTests.json([field: value])
                ) { response in
                    try EmulatorRouteTests.expectError(response, .badRequest)
                    let body = try #require(try EmulatorRouteTests.object(response) as? [String: Any])
                    #expect((body["message"] as? String)?.contains(field) == true, "\(field)=\(value)")
                }
            }
            for value in [below + 1, above - 1] {
                try await client.execute(
                    uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json"],
                    body: EmulatorRouteTests.json([field: value])
                ) { response in
                    #expect(response.status == .ok, "\(field)=\(value)")
                    let body = try #require(try EmulatorRouteTests.object(response) as? [String: Any])
                    #expect(body[field] as? Int == value)
                }
            }
        }
    }

    /// A number beyond 64 bits and a non-number are 400s too, and the message does not repeat the body.
    @Test(arguments: [
        #"{"latencyMs": 1e300}"#, #"{"latencyMs": 99999999999999999999999}"#, #"{"latencyMs": "soon"}"#,
        #"{"latencyMs": 1.5}"#, "[", String(repeating: "x", count: 10_000),
    ])
    func adminJSONNotANumber(body: String) async throws {
        let app = try EmulatorRouteTests.emulator().buildApplication()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { response in
                try EmulatorRouteTests.expectError(response, .badRequest)
                #expect(response.body.readableBytes < 1_024)
            }
        }
    }

    /// Regression (issue 14): `--fault jitter=9223372036854775807` trapped the executable (exit 132).
    @Test(arguments: [
        ("jitter=9223372036854775807", FaultConfiguration.InvalidFault.Kind.outOfRange),
        ("latency=3600001", .outOfRange), ("latency=-1", .outOfRange), ("retry-after=86401", .outOfRange),
        ("drop=-1", .outOfRange), ("500-burst=1000000001", .outOfRange), ("429-every=0", .outOfRange),
        ("jitter=99999999999999999999", .malformedSpec), ("jitter=", .malformedSpec), ("jitter=1e3", .malformedSpec),
        ("jitter", .malformedSpec), ("=5", .unknownFault), ("gremlins=1", .unknownFault),
    ])
    func faultSpecOutOfRange(spec: String, kind: FaultConfiguration.InvalidFault.Kind) {
        var faults = FaultConfiguration(latencyMs: 7)
        let error = #expect(throws: FaultConfiguration.InvalidFault.self) { try faults.apply(spec: spec) }
        #expect(error?.kind == kind, "\(spec): \(error.map(String.init(describing:)) ?? "")")
        #expect(faults == FaultConfiguration(latencyMs: 7)) // unchanged
    }

    @Test func faultSpecBoundariesAccepted() throws {
        var faults = FaultConfiguration.none
        for spec in ["latency=3600000", "jitter=0", "retry-after=86400", "429-every=1000000000", "drop=0"] {
            try faults.apply(spec: spec)
        }
        #expect(faults == FaultConfiguration(latencyMs: 3_600_000, rateLimitEvery: 1_000_000_000, retryAfterSeconds: 86_400))
    }

    /// A 10 000-character spec is refused with a bounded message.
    @Test func faultSpecMessageIsBounded() {
        var faults = FaultConfiguration.none
        let spec = String(repeating: "z", count: 10_000) + "=1"
        let error = #expect(throws: FaultConfiguration.InvalidFault.self) { try faults.apply(spec: spec) }
        #expect((error?.description.count ?? .max) < 200)
    }
}
