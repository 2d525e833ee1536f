import Foundation
import Geo
import NearestVehicle
import Testing
import TestSupport

/// A base stores each vehicle's (entity, group, state, privacy) as one attribute code: 16 bits while it has at most
/// 65 536 distinct tuples, 32 beyond; and its timestamps as whole seconds when they all are (3 bytes each within
/// 2^24 s of the earliest, 4 beyond), else as `Double`s. Every combination filters (maximum age included), counts exclusions and reports attributes and
/// timestamps as the brute-force oracle (which evaluates the filter on each `VehiclePosition`).
@Suite struct AttributeCodeTests {
    @Test(arguments: [2_000, 70_000], Timestamps.allCases)
    func filtersMatchOracleAtBothCodeWidths(distinctEntities: Int, timestamps: Timestamps) throws {
        let seed = testSeed(default: 0xA77_C0DE &+ UInt64(distinctEntities))
        var generator = SplitMix64(seed: seed)
        let vehicles = Self.fleet(distinctEntities: distinctEntities, timestamps: timestamps, &generator)
        let index = FleetIndex.load(vehicles).index
        var oracle = FleetOracle()
        for vehicle in vehicles { oracle.upsert(vehicle) }
        try Self.expectOracle(index, oracle, latest: Dictionary(uniqueKeysWithValues: vehicles.map { ($0.id, $0) }),
                              near: vehicles, seed: seed, &generator)
    }

    /// A rebuild translates the old base's attribute codes into the new base's tables (once per distinct code, no
    /// `VehiclePosition` made) and interns the log's: after upserts that bring new entities, groups, states and
    /// privacy flags, move vehicles between tuples, and remove some, each `compact()` (the second one rebuilding a
    /// rebuilt base) answers as the oracle, at both code widths.
    @Test(arguments: [2_000, 70_000])
    func rebuildsTranslateAttributeCodes(distinctEntities: Int) throws {
        let seed = testSeed(default: 0xC0DE_5EED &+ UInt64(distinctEntities))
        var generator = SplitMix64(seed: seed)
        let vehicles = Self.fleet(distinctEntities: distinctEntities, timestamps: .wholeSeconds, &generator)
        let index = FleetIndex.load(vehicles, configuration: .init(rebuildsInBackground: false)).index
        var oracle = FleetOracle()
        var latest: [String: VehiclePosition] = [:]
        for vehicle in vehicles {
            oracle.upsert(vehicle)
            latest[vehicle.id] = vehicle
        }
        let newStates: [VehicleState] = [.traveling, "ANOTHER_STATE", .undefined]
        for round in 0..<2 {
            var updates: [VehiclePosition] = []
            for number in stride(from: round, to: vehicles.count, by: 7) {
                var vehicle = latest["v\(number)"] ?? vehicles[number]
                vehicle.timestamp = vehicle.timestamp.addingTimeInterval(1)
                switch number % 4 {
                case 0: vehicle.entityId = "new-e\(number % 50)"
                case 1: vehicle.groupId = number % 3 == 0 ? nil : "new-g\(round)"
                case 2: vehicle.state = newStates[number % newStates.count]
                default: vehicle.isPrivacyMode.toggle()
                }
                updates.append(vehicle)
            }
            updates.append(VehiclePosition(id: "added-\(round)", coordinate: vehicles[round].coordinate,
                                           timestamp: TestFleets.now, customerId: "A", entityId: "e3",
                                           groupId: "g5", state: .traveling, isPrivacyMode: true))
            index.upsert(contentsOf: updates)
            for vehicle in updates {
                oracle.upsert(vehicle)
                latest[vehicle.id] = vehicle
            }
            for number in stride(from: 3 + round, to: vehicles.count, by: 101) where latest["v\(number)"] != nil {
                index.remove(id: "v\(number)")
                oracle.remove("v\(number)")
                latest["v\(number)"] = nil
            }
            index.compact()
            #expect(index.count == latest.count, "round \(round) \(seedNote(seed))")
            try Self.expectOracle(index, oracle, latest: latest, near: vehicles, seed: seed, &generator)
        }
    }

    /// 70 000 vehicles of customer "A"; with 70 000 distinct entities, 69 306 have their own (entity, ...) tuple: more
    /// than 65 536, so that base stores 32-bit codes; with 2 000 entities it stores 16-bit ones.
    /// How a test fleet's timestamps are stored: whole seconds within 15 minutes (3 bytes each), whole seconds over
    /// 300 days (4 bytes: past 2^24 s), fractional seconds (`Double`s).
    enum Timestamps: CaseIterable, Sendable {
        case wholeSeconds, wholeSecondsOverMonths, fractionalSeconds

        func offset(_ number: Int) -> Double {
            switch self {
            case .wholeSeconds: -Double(number % 900)
            case .wholeSecondsOverMonths: -Double(number % 900) - Double(number % 3) * 150 * 86_400
            case .fractionalSeconds: -Double(number % 900) - 0.001
            }
        }
    }

    static func fleet(distinctEntities: Int, timestamps: Timestamps,
                      _ generator: inout SplitMix64) -> [VehiclePosition] {
        let states: [VehicleState] = [.stopped, .traveling, .waiting, "CUSTOM_STATE"]
        let centre = Fleets.uniform(&generator)
        return (0..<70_000).map { number in
            VehiclePosition(
                id: "v\(number)", coordinate: Fleets.near(centre, spreadDegrees: 2, &generator),
                timestamp: TestFleets.now.addingTimeInterval(timestamps.offset(number)),
                customerId: "A",
                entityId: number % 101 == 0 ? nil : "e\(number % distinctEntities)",
                groupId: number % 13 == 0 ? nil : "g\(number % 7)", state: states[number % states.count],
                isPrivacyMode: number % 5 == 0)
        }
    }

    /// Filters by every attribute: answers, exclusion counts and the attributes read back as the oracle's.
    static func expectOracle(_ index: FleetIndex, _ oracle: FleetOracle, latest: [String: VehiclePosition],
                             near vehicles: [VehiclePosition], seed: UInt64, _ generator: inout SplitMix64) throws {
        let filters = [
            VehicleFilter(customerId: "A", now: TestFleets.now),
            VehicleFilter(customerId: "A", entityIds: ["e3", "e4", "e69999", "e1999", "new-e8"], now: TestFleets.now,
                          includesPrivacyMode: true),
            VehicleFilter(customerId: "A", groupIds: ["g2", "g5", "new-g1"], states: [.traveling, "CUSTOM_STATE"],
                          maxPositionAge: 600, now: TestFleets.now),
            VehicleFilter(customerId: "A", entityIds: ["e12"], groupIds: ["g5"], now: TestFleets.now,
                          includesPrivacyMode: true),
            VehicleFilter(customerId: "A", states: ["ANOTHER_STATE", .undefined], now: TestFleets.now),
            VehicleFilter(customerId: "A", maxPositionAge: 200 * 86_400, now: TestFleets.now, includesPrivacyMode: true),
        ]
        for (number, point) in Fleets.queries(for: vehicles.map(\.coordinate), count: 6, &generator).enumerated() {
            for (filterNumber, filter) in filters.enumerated() {
                let want = oracle.evaluate(point, filter)
                let nearest = try index.nearest(10, to: point, filter: filter)
                #expect(nearest.rows == want.nearest(10), "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                #expect(nearest.excluded == want.nearestExclusions(10),
                        "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                let within = try index.within(20_000, of: point, filter: filter)
                #expect(within.rows == want.within(20_000), "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                #expect(within.excluded == want.exclusions(20_000),
                        "q#\(number) filter#\(filterNumber) \(seedNote(seed))")
                // Every attribute read back from the columns is the one upserted last.
                for answer in nearest.vehicles {
                    #expect(answer.vehicle == latest[answer.vehicle.id], "\(answer.vehicle.id) \(seedNote(seed))")
                }
            }
        }
    }
}
