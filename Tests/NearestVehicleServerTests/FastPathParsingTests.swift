import Foundation
@testable import NearestVehicleServer
import OceanAPIGenerated
import Testing
import TestSupport

/// The fast path's hand parsers against the generated handler's decoding (``GeneratedNearestHandler``): on every
/// input they accept, the generated handler decodes the same values; what they decline goes to that handler,
/// which answers it itself (400 when it cannot decode it).
@Suite struct FastPathParsingTests {
    static let keys = ["customerId", "radius", "latitude", "longitude", "resultsLimit"]
    static let hostileKeys = ["Latitude", "lat", "latitude ", "latitude%20", "l%61titude", "customerid", "foo", "",
                              "latitude[]", "resultsLimit2", "%00", "radius+"]
    static let values = [
        "0", "1", "-1", "10", "1001", "1002", "5", "48.8566", "2.3522", "-33.9", "151.2", "90", "-90", "180",
        "-180", "90.0000001", "-0", "-0.0", "0.5", ".5", "5.", "-.5", "1e3", "1E3", "1e-7", "1e400", "-1e400",
        "1e", "e5", "--1", "1-", "1.2.3", "007", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
        "0.1e1", "48.85660000000000000000000001", "4.9e-324", "1.7976931348623157e308", "1.8e308",
        "", "+5", "%2D5", "5%2E0", "%35", "nan", "NaN", "inf", "-inf", "infinity", "0x10", "0x1p3", " 5", "5 ",
        "1_0", "١", "５", "5;", "5,6", "true", "null", "%", "%zz", "+", "++", "=", "5=6", "\u{301}",
    ]

    static func randomQuery(_ random: inout SplitMix64) -> String {
        var pairs: [String] = []
        // Mostly well-formed requests (so that many are accepted), then hostile variations.
        let base: [(String, String)] = [
            ("customerId", ["1001", "1002", "7", "-3"][Int(random.next() % 4)]),
            ("latitude", String(Double(Int64(random.next() % 180_000_000) - 90_000_000) / 1_000_000)),
            ("longitude", String(Double(Int64(random.next() % 360_000_000) - 180_000_000) / 1_000_000)),
            ("radius", String(random.next() % 50)),
            ("resultsLimit", String(random.next() % 20)),
        ]
        for (key, value) in base where random.next() % 5 != 0 { pairs.append("\(key)=\(value)") }
        for _ in 0..<(random.next() % 4) {
            switch random.next() % 8 {
            case 0, 1, 2:  // a known key with any value (maybe a duplicate)
                let key = keys[Int(random.next() % UInt64(keys.count))]
                let value = values[Int(random.next() % UInt64(values.count))]
                pairs.insert("\(key)=\(value)", at: Int(random.next() % UInt64(pairs.count + 1)))
            case 3:  // a replaced value
                if !pairs.isEmpty {
                    let at = Int(random.next() % UInt64(pairs.count))
                    let key = pairs[at].prefix { $0 != "=" }
                    pairs[at] = "\(key)=\(values[Int(random.next() % UInt64(values.count))])"
                }
            case 4:
                let key = hostileKeys[Int(random.next() % UInt64(hostileKeys.count))]
                pairs.append("\(key)=\(values[Int(random.next() % UInt64(values.count))])")
            case 5:
                pairs.append(["", "latitude", "&", "=", "=5", "radius=1=2"][Int(random.next() % 6)])
            case 6:
                pairs.shuffle(using: &random)
            default:
                if !pairs.isEmpty { pairs.removeLast() }
            }
        }
        var query = pairs.joined(separator: "&")
        if random.next() % 10 == 0 { query += ["&", "&&", "#x", ";", "?"][Int(random.next() % 5)] }
        return query
    }

    @Test func queryParserAgreesWithTheGeneratedDecoding() async throws {
        let seed = testSeed(default: 0x0E_27_5A)
        var random = SplitMix64(seed: seed)
        let generated = try GeneratedNearestHandler()
        var accepted = 0, declinedButDecoded = 0, refused = 0
        for round in 0..<4000 {
            let query = Self.randomQuery(&random)
            let ours = NearestQueryString.parse(Array(query.utf8))
            let reference = await generated.decode(query: query)
            switch (ours, reference) {
            case (let ours?, .input(let input)):
                #expect(ours == input.query, "round \(round) `\(query)`, \(seedNote(seed))")
                accepted += 1
            case (let ours?, .failure(let error)):
                Issue.record("round \(round) `\(query)`: fast path reads \(ours), generated refuses (\(error)), \(seedNote(seed))")
            case (nil, .input):
                declinedButDecoded += 1
            case (nil, .failure):
                refused += 1
            }
        }
        // The comparison proves something only if both kinds of input were seen often.
        #expect(accepted > 800, "\(seedNote(seed))")
        #expect(refused > 200 && declinedButDecoded > 200, "\(seedNote(seed))")
    }

    @Test(arguments: [
        "latitude=48.8566&longitude=2.3522", "customerId=1001&latitude=1&longitude=2&radius=5&resultsLimit=10",
        "resultsLimit=1&longitude=-0&latitude=-0.0&customerId=-9223372036854775808&radius=0",
        "latitude=1e-7&longitude=1E2",
    ])
    func wellFormedQueriesAreAccepted(_ query: String) async throws {
        let ours = try #require(NearestQueryString.parse(Array(query.utf8)))
        let generated = try GeneratedNearestHandler()
        guard case .input(let input) = await generated.decode(query: query) else {
            Issue.record("generated handler refused `\(query)`")
            return
        }
        #expect(ours == input.query)
    }

    @Test(arguments: [
        "latitude=1&longitude=2&latitude=3", "latitude=1&longitude=2&foo=3", "latitude=%31&longitude=2",
        "latitude=+1&longitude=2", "latitude=&longitude=2", "latitude=1&longitude=2&", "latitude=1&&longitude=2",
        "latitude&longitude=2", "latitude=1&longitude=2&radius=2147483648", "latitude=nan&longitude=2",
        "latitude=0x1p3&longitude=2", "longitude=2", "",
    ])
    func doubtfulQueriesAreDeclined(_ query: String) {
        #expect(NearestQueryString.parse(Array(query.utf8)) == nil)
    }

    static let bodies = [
        #"{"computeMode":"VOL_OISEAU"}"#, #"{"computeMode":"PAR_ROUTE"}"#, #"{"computeMode":"VOL_OISEAU","radiusUnit":"km"}"#,
        #"{"radiusUnit":"m","computeMode":"VOL_OISEAU"}"#, #" { "computeMode" : "VOL_OISEAU" , "radiusUnit" : "" } "#,
        "{\n\t\"computeMode\":\r\n\"VOL_OISEAU\"}\n", #"{"computeMode":"VOL_OISEAU","radiusUnit":null}"#,
        #"{"computeMode":"vol_oiseau"}"#, #"{"computeMode":"VOL_OISEAU","computeMode":"PAR_ROUTE"}"#,
        #"{"computeMode":"VOL_OISEAU","radiusUnit":"km","radiusUnit":"m"}"#, #"{"computeMode":"VOL_OISEAU","x":1}"#,
        #"{"computeMode":"VOL_\u004FISEAU"}"#, #"{"computeMode":"VOL_OISEAU","radiusUnit":"k\"m"}"#,
        #"{"computeMode":"VOL_OISEAU"} x"#, #"{"computeMode":"VOL_OISEAU"}}"#, #"{"computeMode":"VOL_OISEAU",}"#,
        #"{}"#, "", "null", #"[{"computeMode":"VOL_OISEAU"}]"#, #"{"computeMode":"VOL_OISEAU""#,
        #"{"radiusUnit":"MILES","computeMode":"VOL_OISEAU"}"#, "\u{FEFF}{\"computeMode\":\"VOL_OISEAU\"}",
        #"{"computeMode":"VOL_OISEAU","radiusUnit":"é"}"#, #"{"computeMode":"VOL_OISEAU","radiusUnit":"\t"}"#,
        #"{'computeMode':'VOL_OISEAU'}"#, #"{"computeMode":"VOL_OISEAU","radiusUnit":5}"#,
    ]

    @Test func bodyParserAgreesWithTheGeneratedDecoding() async throws {
        let seed = testSeed(default: 0xB0D1)
        var random = SplitMix64(seed: seed)
        let generated = try GeneratedNearestHandler()
        var inputs = Self.bodies
        let pieces = ["{", "}", "\"computeMode\"", "\"radiusUnit\"", ":", ",", "\"VOL_OISEAU\"", "\"PAR_ROUTE\"",
                      "\"km\"", "\"mi\"", " ", "\n", "null", "\"\\u006b\"", "1", "\"\""]
        for _ in 0..<1500 {
            var body = ""
            for _ in 0..<(3 + random.next() % 10) { body += pieces[Int(random.next() % UInt64(pieces.count))] }
            inputs.append(body)
            // Mutations of well-formed bodies.
            var good = Self.bodies[Int(random.next() % 6)]
            if !good.isEmpty, random.next() % 2 == 0 {
                let at = good.index(good.startIndex, offsetBy: Int(random.next() % UInt64(good.count)))
                good.insert(contentsOf: pieces[Int(random.next() % UInt64(pieces.count))], at: at)
            }
            inputs.append(good)
        }
        var accepted = 0
        for (round, body) in inputs.enumerated() {
            let ours = NearestRequestBody.parse(Array(body.utf8))
            let reference = await generated.decode(query: "latitude=1&longitude=2", body: body)
            switch (ours, reference) {
            case (let ours?, .input(let input)):
                guard case .json(let theirs) = input.body else {
                    Issue.record("round \(round) `\(body)`: not JSON")
                    continue
                }
                #expect(ours == theirs, "round \(round) `\(body)`, \(seedNote(seed))")
                accepted += 1
            case (let ours?, .failure(let error)):
                Issue.record("round \(round) `\(body)`: fast path reads \(ours), generated refuses (\(error)), \(seedNote(seed))")
            case (nil, _):
                break
            }
        }
        #expect(accepted > 300, "\(seedNote(seed))")
    }
}
