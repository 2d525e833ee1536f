import Foundation
import NearestVehicleServer
import OceanAPI
import OceanEmulator
import Testing

/// Every operation of the spec through `serve`, compared with the emulator's own answer to the same call.
@Suite struct ServeOperationsTests {
    @Test func authenticate2IsForwardedAndTheTokenIsOceans() async throws {
        try await ServeWorld.withStack(sync: false) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            // The token came from upstream: the emulator accepts it directly.
            let direct = try await ServeWorld.get(
                stack.upstreamURL, "/restapi/mobility/v1/entities", token: token)
            #expect(direct.status == 200)
            let refused = try await ServeWorld.request(
                stack.serveURL, "POST", "/restapi/auth/authenticate2",
                body: Data(#"{"login":"demo","password":"wrong"}"#.utf8))
            #expect(refused.status == 401)
            #expect(refused.text.contains("Bad credentials"))
        }
    }

    @Test(arguments: [
        ("/restapi/mobility/v1/entities", [("customerId", "1001")]),
        ("/restapi/vehicule_engin/vehicles", [("customerId", "1001")]),
        ("/restapi/vehicule_engin/vehicles", [("customerId", "1001"), ("includeFields", "vehicle")]),
        ("/restapi/mobility/v1/vehiclePositions", [("customerId", "1001")]),
        ("/restapi/mobility/v1/vehiclePositions", []),
        ("/restapi/mobility/v1/entities", [("customerId", "1002")]),  // 403 from upstream, passed back
    ])
    func getOperationsAreForwardedUnchanged(path: String, query: [(String, String)]) async throws {
        try await ServeWorld.withStack(sync: false) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let through = try await ServeWorld.get(stack.serveURL, path, query: query, token: token)
            let direct = try await ServeWorld.get(stack.upstreamURL, path, query: query, token: token)
            #expect(through.status == direct.status)
            if direct.status == 200 {
                #expect(try JSONSerialization.jsonObject(with: through.body) as? NSObject
                    == JSONSerialization.jsonObject(with: direct.body) as? NSObject)
            } else {
                #expect(through.header("Content-Type")?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func alsoServedUnderOceansBasePath() async throws {
        try await ServeWorld.withStack(sync: false) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let answer = try await ServeWorld.get(
                stack.serveURL, "/ocean-3.0.0/restapi/mobility/v1/entities", token: token)
            #expect(answer.status == 200)
        }
    }

    @Test func parRouteIsForwarded() async throws {
        try await ServeWorld.withStack { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let through = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, mode: "PAR_ROUTE",
                limit: 5)
            let direct = try await ServeWorld.nearest(
                stack.upstreamURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35,
                mode: "PAR_ROUTE", limit: 5)
            #expect(through.status == 200)
            #expect(through.source == "upstream")
            #expect(try ServeWorld.hits(through) == ServeWorld.hits(direct))
            #expect(try ServeWorld.hits(through).count == 5)
            // PAR_ROUTE over 10 results: upstream's 400, passed back.
            let tooMany = try await ServeWorld.nearest(
                stack.serveURL, token: token, customerId: 1001, latitude: 48.85, longitude: 2.35, mode: "PAR_ROUTE",
                limit: 11)
            #expect(tooMany.status == 400)
            #expect(tooMany.source == "upstream")
        }
    }

    @Test func missingTokenIs401WithoutAsking() async throws {
        try await ServeWorld.withStack(sync: false) { stack in
            for path in ["/restapi/mobility/v1/entities", "/restapi/vehicule_engin/vehicles",
                         "/restapi/mobility/v1/vehiclePositions"] {
                let answer = try await ServeWorld.get(stack.serveURL, path)
                #expect(answer.status == 401)
                #expect(answer.text.contains("X-AUTH-TOKEN"))
            }
            let nearest = try await ServeWorld.nearest(
                stack.serveURL, token: nil, customerId: 1001, latitude: 48.85, longitude: 2.35)
            #expect(nearest.status == 401)
        }
    }

    @Test func malformedRequestsAre400() async throws {
        try await ServeWorld.withStack(sync: false) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.demo)
            let answer = try await ServeWorld.request(
                stack.serveURL, "POST", "/restapi/vehicule_engin/nearestVehicles",
                query: [("latitude", "north"), ("longitude", "2.35")], token: token,
                body: Data(#"{"computeMode":"VOL_OISEAU"}"#.utf8))
            #expect(answer.status == 400)
            let badBody = try await ServeWorld.request(
                stack.serveURL, "POST", "/restapi/vehicule_engin/nearestVehicles",
                query: [("latitude", "48.8"), ("longitude", "2.35")], token: token, body: Data("{".utf8))
            #expect(badBody.status == 400)
            let unknown = try await ServeWorld.get(stack.serveURL, "/restapi/nothing", token: token)
            #expect(unknown.status == 404)
            #expect(unknown.header("Content-Type")?.hasPrefix("application/json") == true)
        }
    }

    /// The typed client decodes the local answer: Ocean's JSON shape, dates included.
    @Test func oceanClientReadsTheLocalAnswer() async throws {
        try await ServeWorld.withStack { stack in
            let client = OceanClient(configuration: OceanClientConfiguration(
                baseURL: stack.serveURL, login: "demo", password: "demo-password", customerId: 1001,
                retry: RetryPolicy(maxAttempts: 1)))
            let near = try await client.nearestVehicles(
                try NearestVehiclesQuery(latitude: 48.85, longitude: 2.35, mode: .crowFlies, resultsLimit: 4), customerId: 1001)
            #expect(near.count == 4)
            #expect(near.allSatisfy { $0.vehicleId != nil && $0.distance != nil && $0.positionTime != nil })
        }
    }
}
