import Foundation
import OceanEmulator
import OceanTestSupport
import Testing
import TestSupport

/// A local VOL_OISEAU answer carries, for every field the index holds, exactly what upstream (the emulator) sends
/// for the same question: compared field by field on the wire (issue 20: `group` was missing from every local
/// answer, and `gmtPos` lost its milliseconds).
@Suite struct LocalFidelityTests {
    /// What the index holds, and so what a local answer must carry exactly as upstream does (key paths of one
    /// `NearestVehicle` in the JSON; `group.id` only when the vehicle has a group, on both sides).
    static let held: Set<String> = [
        "address.latitude", "address.longitude", "distance", "etatMobile", "gmtPos", "group.id", "vehicle.id",
        "vehicle.privacyEnabled",
    ]

    /// Fields upstream sends that the index does not hold: a local answer leaves them out (README, `nearest serve`).
    /// `driver.` stands for the whole driver object. `duration`, `eta` and `time` are PAR_ROUTE-only (absent from
    /// VOL_OISEAU answers on both sides).
    static let notHeld: Set<String> = [
        "address.address", "address.cap", "address.countryCode", "address.gpsCalle", "address.precision",
        "address.town", "driver.", "gpsCale", "group.descriptionGrp", "group.suppressionLogique",
        "immobilisationState", "vehicle.categorie", "vehicle.description", "vehicle.geolocalise",
        "vehicle.suppressionLogique", "vehicle.typeMotorisation",
    ]

    static let cities = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698)]

    /// The emulator's seed-7 world with fixes at arbitrary milliseconds (plus sub-millisecond noise: upstream
    /// writes them rounded to the millisecond) and some vehicles without a group.
    static func upstream(seed: UInt64) -> EmulatorConfiguration {
        var configuration = EmulatorWorld.configuration(vehicles: 300, seed: 7)
        var random = SplitMix64(seed: seed)
        for offset in configuration.fleet.vehicles.indices {
            configuration.fleet.vehicles[offset].gmtPos += Double(random.next() % 1_000_000) / 1_000_000
            if random.next() % 8 == 0 { configuration.fleet.vehicles[offset].groupId = nil }
        }
        return configuration
    }

    /// Every key path of a JSON object, dotted; values that are objects are walked, not listed.
    static func leaves(_ object: [String: Any], prefix: String = "") -> [String: Any] {
        var leaves: [String: Any] = [:]
        for (key, value) in object {
            if let inner = value as? [String: Any] {
                leaves.merge(Self.leaves(inner, prefix: prefix + key + ".")) { first, _ in first }
            } else {
                leaves[prefix + key] = value
            }
        }
        return leaves
    }

    /// A JSON number as Double, whatever Foundation decoded it to.
    static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber: number.doubleValue
        case let number as Double: number
        case let number as Int: Double(number)
        default: nil
        }
    }

    static func vehicles(_ answer: HTTPAnswer) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]], "\(answer.text)")
    }

    @Test func localAnswersCarryWhatUpstreamSendsForEveryHeldField() async throws {
        let seed = testSeed(default: 0xF1DE_11_7E)
        try await ServeWorld.withStack(upstream: Self.upstream(seed: seed)) { stack in
            let token = try await ServeWorld.login(stack.serveURL, ServeWorld.users.multi)
            var random = SplitMix64(seed: seed)
            var compared = 0, withGroup = 0, withoutGroup = 0, withMilliseconds = 0
            for round in 0..<200 {
                let city = Self.cities[Int(random.next() % 3)]
                let spread = [0.01, 0.05, 0.3][Int(random.next() % 3)]
                let latitude = city.0 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * spread
                let longitude = city.1 + (Double(random.next() % 2_000_001) / 1_000_000 - 1) * spread
                let customerId: Int64 = random.next() % 2 == 0 ? 1001 : 1002
                let limit: Int? = random.next() % 4 == 0 ? nil : Int(1 + random.next() % 10)
                let radius: Int? = random.next() % 3 == 0 ? nil : Int(1 + random.next() % 20)
                let context = "\(seedNote(seed)) round \(round): \(customerId) (\(latitude), \(longitude)) "
                    + "r=\(radius.map(String.init) ?? "-") km k=\(limit.map(String.init) ?? "-")"
                let local = try await ServeWorld.nearest(
                    stack.serveURL, token: token, customerId: customerId, latitude: latitude, longitude: longitude,
                    radius: radius, limit: limit)
                let upstream = try await ServeWorld.nearest(
                    stack.upstreamURL, token: token, customerId: customerId, latitude: latitude, longitude: longitude,
                    radius: radius, limit: limit)
                try #require(local.status == 200 && upstream.status == 200, "\(context)")
                #expect(local.source == "local", "\(context)")
                let ours = try Self.vehicles(local).map { Self.leaves($0) }
                let theirs = try Self.vehicles(upstream).map { Self.leaves($0) }
                #expect(ours.map { Self.number($0["vehicle.id"]) } == theirs.map { Self.number($0["vehicle.id"]) }, "\(context)")
                for (mine, upstreamVehicle) in zip(ours, theirs) {
                    let id = "\(context), vehicle \(upstreamVehicle["vehicle.id"] ?? "?")"
                    // Nothing local that is not held, nothing held that is missing, nothing unexpected upstream.
                    let expectedKeys = Self.held.filter { $0 != "group.id" || upstreamVehicle["group.id"] != nil }
                    #expect(Set(mine.keys) == expectedKeys, "\(id)")
                    let unheld = Set(upstreamVehicle.keys).subtracting(Self.held).map { key in
                        key.hasPrefix("driver.") ? "driver." : key
                    }
                    #expect(Set(unheld).isSubset(of: Self.notHeld), "\(id): \(Set(unheld).subtracting(Self.notHeld))")
                    // Field by field.
                    let distance = try #require(Self.number(mine["distance"]), "\(id)")
                    let upstreamDistance = try #require(Self.number(upstreamVehicle["distance"]), "\(id)")
                    #expect(abs(distance - upstreamDistance) <= 1e-6, "\(id)")
                    for key in ["address.latitude", "address.longitude"] {
                        #expect(Self.number(mine[key]) == Self.number(upstreamVehicle[key]), "\(id): \(key)")
                    }
                    for key in ["etatMobile", "gmtPos"] {
                        #expect(mine[key] as? String == upstreamVehicle[key] as? String, "\(id): \(key)")
                    }
                    #expect(Self.number(mine["group.id"]) == Self.number(upstreamVehicle["group.id"]), "\(id): group.id")
                    #expect(mine["vehicle.privacyEnabled"] as? Bool == upstreamVehicle["vehicle.privacyEnabled"] as? Bool,
                            "\(id): vehicle.privacyEnabled")
                    compared += 1
                    if upstreamVehicle["group.id"] != nil { withGroup += 1 } else { withoutGroup += 1 }
                    if let gmtPos = upstreamVehicle["gmtPos"] as? String, !gmtPos.hasSuffix(".000Z") {
                        withMilliseconds += 1
                    }
                }
            }
            // The comparison must have covered what it is about.
            #expect(compared >= 400, "\(compared) vehicles compared")
            #expect(withGroup >= compared / 2 && withoutGroup > 0, "\(withGroup) with a group, \(withoutGroup) without")
            #expect(withMilliseconds >= compared * 9 / 10, "\(withMilliseconds) fix times with milliseconds")
        }
    }
}
