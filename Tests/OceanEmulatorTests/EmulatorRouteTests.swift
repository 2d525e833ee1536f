import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Testing
@testable import OceanEmulator

/// Route-level tests, in process (`app.test(.router)`): no socket.
@Suite struct EmulatorRouteTests {
    static let referenceDate = Date(timeIntervalSince1970: 1_800_000_000)

    static func emulator(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }) -> OceanEmulator {
        var configuration = EmulatorConfiguration.synthetic(seed: 3, vehicleCount: 30, referenceDate: referenceDate, port: 0)
        configuration.now = { referenceDate }
        configure(&configuration)
        return OceanEmulator(configuration: configuration)
    }

    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func object(_ response: TestResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body))
    }

    static func login(_ client: some TestClientProtocol, _ login: String = "demo", _ password: String = "demo-password") async throws -> String {
        try await client.execute(
            uri: "/restapi/auth/authenticate2", method: .post, headers: [.contentType: "application/json"],
            body: json(["login": login, "password": password])
        ) { response in
            #expect(response.status == .ok)
            let body = try #require(try object(response) as? [String: Any])
            return try #require(body["token"] as? String)
        }
    }

    static func tokenHeader(_ token: String) -> HTTPFields {
        [HTTPField.Name("X-AUTH-TOKEN")!: token, .contentType: "application/json"]
    }

    /// Asserts a JSON error body with the given status.
    static func expectError(_ response: TestResponse, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        let body = try #require(try object(response) as? [String: Any], sourceLocation: sourceLocation)
        #expect(body["status"] as? Int == status.code, sourceLocation: sourceLocation)
    }

    @Test func authentication() async throws {
        let app = try Self.emulator().buildApplication()
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/restapi/auth/authenticate2", method: .post, headers: [.contentType: "application/json"],
                body: Self.json(["login": "demo", "password": "nope"])
            ) { try Self.expectError($0, .unauthorized) }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get) { try Self.expectError($0, .unauthorized) }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get, headers: Self.tokenHeader("forged")) {
                try Self.expectError($0, .unauthorized)
            }
            let token = try await Self.login(client)
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get, headers: Self.tokenHeader(token)) { response in
                #expect(response.status == .ok)
                let body = try #require(try Self.object(response) as? [String: Any])
                #expect((body["entities"] as? [Any])?.count == 3)
            }
        }
    }

    @Test func customerScoping() async throws {
        let app = try Self.emulator().buildApplication()
        try await app.test(.router) { client in
            let demo = try await Self.login(client)
            try await client.execute(uri: "/restapi/mobility/v1/vehiclePositions?customerId=1002", method: .get, headers: Self.tokenHeader(demo)) {
                try Self.expectError($0, .forbidden)
            }
            try await client.execute(uri: "/restapi/mobility/v1/vehiclePositions?customerId=999", method: .get, headers: Self.tokenHeader(demo)) {
                try Self.expectError($0, .forbidden)
            }
            let multi = try await Self.login(client, "multi", "multi-password")
            try await client.execute(uri: "/restapi/vehicule_engin/vehicles", method: .get, headers: Self.tokenHeader(multi)) {
                try Self.expectError($0, .badRequest)
            }
            try await client.execute(uri: "/restapi/vehicule_engin/vehicles?customerId=1002", method: .get, headers: Self.tokenHeader(multi)) { response in
                #expect(response.status == .ok)
                let vehicles = try #require(try Self.object(response) as? [[String: Any]])
                #expect(vehicles.count == 15)
            }
        }
    }

    @Test(arguments: [
        "latitude=abc&longitude=2.35",         // malformed number: the generated server alone would answer 500
        "longitude=2.35",                       // missing required parameter
        "latitude=95&longitude=2.35",           // out of range
        "latitude=48.8&longitude=200",
        "latitude=48.8&longitude=2.35&radius=-1",
        "latitude=48.8&longitude=2.35&resultsLimit=0",
        "latitude=48.8&longitude=2.35&resultsLimit=11",
        "latitude=48.8&longitude=2.35&resultsLimit=ten",
    ])
    func badNearestVehiclesQueries(query: String) async throws {
        let app = try Self.emulator().buildApplication()
        try await app.test(.router) { client in
            let token = try await Self.login(client)
            try await client.execute(
                uri: "/restapi/vehicule_engin/nearestVehicles?\(query)", method: .post, headers: Self.tokenHeader(token),
                body: Self.json(["computeMode": "PAR_ROUTE", "radiusUnit": "KM"])
            ) { try Self.expectError($0, .badRequest) }
        }
    }

    @Test(arguments: [#"{"computeMode": "TELEPORT"}"#, #"{"radiusUnit": "KM"}"#, #"{"computeMode": "#, #"{"computeMode": "VOL_OISEAU", "radiusUnit": "parsec"}"#])
    func badNearestVehiclesBodies(body: String) async throws {
        let app = try Self.emulator().buildApplication()
        try await app.test(.router) { client in
            let token = try await Self.login(client)
            try await client.execute(
                uri: "/restapi/vehicule_engin/nearestVehicles?latitude=48.8&longitude=2.35", method: .post,
                headers: Self.tokenHeader(token), body: ByteBuffer(string: body)
            ) { try Self.expectError($0, .badRequest) }
        }
    }

    /// The bridge network of `RoutingTests` served by the emulator: VOL_OISEAU ranks A (across the river) first,
    /// PAR_ROUTE ranks B (same bank) first, with road distance, duration and ETA.
    @Test func bridgeCaseThroughTheAPI() async throws {
        let q = Local.node(0, 0), a = Local.node(0, 600), b = Local.node(2000, 0)
        let fleet = EmulatedFleet(
            customers: [.init(id: 1001, name: "c")],
            entities: [.init(id: 1, nom: "e", customerId: 1001)],
            vehicles: [
                .init(id: 1, customerId: 1001, entityId: 1, immatriculation: "AA-001-AA", latitude: a.latitude, longitude: a.longitude, gmtPos: Self.referenceDate),
                .init(id: 2, customerId: 1001, entityId: 1, immatriculation: "BB-002-BB", latitude: b.latitude, longitude: b.longitude, gmtPos: Self.referenceDate),
                .init(id: 3, customerId: 1002, entityId: 1, immatriculation: "CC-003-CC", latitude: q.latitude, longitude: q.longitude, gmtPos: Self.referenceDate),
                // A stored position that is not a coordinate: served by vehiclePositions, never "near".
                .init(id: 4, customerId: 1001, entityId: 1, immatriculation: "DD-004-DD", latitude: 95, longitude: 2, gmtPos: Self.referenceDate),
            ]
        )
        let app = try Self.emulator {
            $0.fleet = fleet
            $0.roadNetwork = RoutingTests.bridgeNetwork()
        }.buildApplication()
        try await app.test(.router) { client in
            let token = try await Self.login(client)
            func ask(_ mode: String, _ extra: String = "") async throws -> [[String: Any]] {
                try await client.execute(
                    uri: "/restapi/vehicule_engin/nearestVehicles?latitude=\(q.latitude)&longitude=\(q.longitude)\(extra)",
                    method: .post, headers: Self.tokenHeader(token), body: Self.json(["computeMode": mode, "radiusUnit": "M"])
                ) { response in
                    #expect(response.status == .ok)
                    return try #require(try Self.object(response) as? [[String: Any]])
                }
            }
            func ids(_ results: [[String: Any]]) -> [Int] { results.compactMap { ($0["vehicle"] as? [String: Any])?["id"] as? Int } }

            let crow = try await ask("VOL_OISEAU")
            #expect(ids(crow) == [1, 2]) // vehicle 3 belongs to another customer
            #expect(abs((crow[0]["distance"] as? Double ?? 0) - 600) < 0.5)
            #expect(crow[0]["duration"] == nil)

            let road = try await ask("PAR_ROUTE")
            #expect(ids(road) == [2, 1])
            #expect(abs((road[0]["distance"] as? Double ?? 0) - 2_000) < 0.5)
            #expect(abs((road[1]["distance"] as? Double ?? 0) - 10_600) < 0.5)
            #expect(abs((road[0]["duration"] as? Double ?? 0) - 144) < 0.05)
            let eta = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(try #require(road[0]["eta"] as? String))
            #expect(abs(eta.timeIntervalSince(Self.referenceDate) - 144) < 0.002) // referenceDate + 144 s

            #expect(ids(try await ask("PAR_ROUTE", "&resultsLimit=1")) == [2])
            #expect(ids(try await ask("PAR_ROUTE", "&radius=5000")) == [2])       // radius on road distance
            #expect(ids(try await ask("VOL_OISEAU", "&radius=600")) == [1])       // inclusive
            #expect(ids(try await ask("VOL_OISEAU", "&radius=599")) == [])
        }
    }

    @Test func adminFaultsAndTokenExpiry() async throws {
        let app = try Self.emulator().buildApplication()
        try await app.test(.router) { client in
            let token = try await Self.login(client)
            try await client.execute(
                uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json"],
                body: Self.json(["rateLimitEvery": 1, "retryAfterSeconds": 7])
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get, headers: Self.tokenHeader(token)) { response in
                try Self.expectError(response, .tooManyRequests)
                #expect(response.headers[.retryAfter] == "7")
            }
            try await client.execute(uri: "/_admin/faults", method: .get) { response in
                let body = try #require(try Self.object(response) as? [String: Any])
                #expect(body["rateLimitEvery"] as? Int == 1)
            }
            try await client.execute(
                uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json"],
                body: Self.json(["errorBurstCount": 1, "errorBurstStatus": 503])
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get, headers: Self.tokenHeader(token)) {
                try Self.expectError($0, .serviceUnavailable)
            }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get, headers: Self.tokenHeader(token)) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/_admin/faults", method: .post, headers: [.contentType: "application/json"],
                body: Self.json(["errorBurstStatus": 418])
            ) { try Self.expectError($0, .badRequest) }
            try await client.execute(uri: "/_admin/expireTokens", method: .post, headers: [.contentType: "application/json"]) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .get, headers: Self.tokenHeader(token)) {
                try Self.expectError($0, .unauthorized)
            }
        }
    }

    @Test func unknownRouteIsAJSON404() async throws {
        let app = try Self.emulator().buildApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/restapi/nope", method: .get) { try Self.expectError($0, .notFound) }
            try await client.execute(uri: "/restapi/mobility/v1/entities", method: .delete) { response in
                try Self.expectError(response, .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
        }
    }

    @Test func faultSpecs() throws {
        var faults = FaultConfiguration.none
        try faults.apply(spec: "latency=20")
        try faults.apply(spec: "429-every=3")
        try faults.apply(spec: "503-burst=2")
        #expect(faults == FaultConfiguration(latencyMs: 20, rateLimitEvery: 3, errorBurstCount: 2, errorBurstStatus: 503))
        #expect(throws: FaultConfiguration.InvalidFault.self) { try faults.apply(spec: "latency") }
        #expect(throws: FaultConfiguration.InvalidFault.self) { try faults.apply(spec: "gremlins=1") }
        #expect(throws: FaultConfiguration.InvalidFault.self) { try faults.apply(spec: "429-every=0") }
    }
}
