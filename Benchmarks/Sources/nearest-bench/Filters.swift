import ArgumentParser
import BenchSupport
import Foundation
import Geo
import NearestVehicle

/// k-nearest with selective filters on a peer fleet given synthetic attributes (seeded): a group of 1 % of the
/// vehicles spread everywhere, a group of 0.1 % parked around Paris (queried from everywhere else), a state held
/// by 5 %, positions fresh for 1 % (an age filter). Brute force over the same positions for scale.
struct Filters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "kNN with selective filters (rare groups, states, fresh positions) on a peer fleet.",
        discussion: """
            Synthetic attributes, seeded: 1 % of the vehicles in group rare1pct, the 0.1 % nearest to Paris in group \
            parisOnly, 5 % WAITING, 1 % with a fresh timestamp (the rest a day old). Prints mean and max per query, \
            with and without exclusion counting, and a brute-force scan's time per query for scale; then again \
            after 5 % of the vehicles were re-upserted into the log.
            """)

    @Option(help: "Fleet CSV (id,latitude,longitude,timestamp), e.g. data/fleet_1m.csv.")
    var fleet: String
    @Option(help: "Queries CSV (qid,latitude,longitude).")
    var queries: String
    @Option(help: "Queries timed per filter.")
    var limit: Int = 200

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be >= 1") }
    }

    func run() throws {
        try requireReleaseBuild()
        let rows = try PeerCSV.loadFleet(path: fleet)
        let queryRows = Array(try PeerCSV.loadQueries(path: queries).prefix(limit))
        guard !rows.isEmpty, !queryRows.isEmpty else {
            throw ValidationError("\(fleet) and \(queries) must hold at least one vehicle and one query")
        }
        var generator = UInt64(7)
        func next() -> UInt64 {
            generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return generator >> 33
        }
        let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        let distances = rows.map { paris.distance(to: $0.coordinate) }
        let nearParis = Set(rows.indices.sorted { distances[$0] < distances[$1] }.prefix(rows.count / 1000))
        let now = Date()
        let positions = rows.enumerated().map { index, row -> VehiclePosition in
            let draw = next() % 1000
            let group = draw < 10 ? "rare1pct" : (nearParis.contains(index) ? "parisOnly" : "common")
            return VehiclePosition(id: row.id, coordinate: row.coordinate,
                                   timestamp: draw % 100 == 7 ? now : now.addingTimeInterval(-86_400),
                                   customerId: "c", groupId: group, state: draw % 20 == 0 ? .waiting : .traveling)
        }
        let heapBefore = MachineInfo.heapBytesInUse()
        let loadStart = DispatchTime.now().uptimeNanoseconds
        // No compaction when writes stop: the live pass below keeps its log while it is timed.
        var configuration = FleetIndex.Configuration()
        configuration.quietCompactionDelay = nil
        let index = FleetIndex.load(positions, configuration: configuration).index
        let loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
        var heapNote = ""
        if let heapBefore, let heapAfter = MachineInfo.heapBytesInUse() {
            heapNote = String(format: ", heap %.1f B/vehicle", Double(heapAfter - heapBefore) / Double(positions.count))
        }
        print(String(format: "FleetIndex.load: %.1f ms", loadMilliseconds) + heapNote)
        let scenarios: [(String, VehicleFilter)] = [
            ("no filter", VehicleFilter(customerId: "c", now: now)),
            ("group 1 % everywhere", VehicleFilter(customerId: "c", groupIds: ["rare1pct"], now: now)),
            ("group 0.1 % near Paris", VehicleFilter(customerId: "c", groupIds: ["parisOnly"], now: now)),
            ("state 5 % everywhere", VehicleFilter(customerId: "c", states: [.waiting], now: now)),
            ("age: 1 % fresh", VehicleFilter(customerId: "c", maxPositionAge: 3600, now: now)),
        ]
        print("\(positions.count) vehicles, \(queryRows.count) queries, k = 10")
        for (live, counting) in [(false, false), (false, true), (true, false)] {
            if live {
                // 5 % of the vehicles re-upserted one second newer (under the rebuild threshold, 1/16): they leave
                // the base for the log's segments and tail, as in a live index between rebuilds.
                let moved = stride(from: 0, to: positions.count, by: 20).map { offset in
                    var newer = positions[offset]
                    newer.timestamp = newer.timestamp.addingTimeInterval(1)
                    return newer
                }
                let upsertStart = DispatchTime.now().uptimeNanoseconds
                index.upsert(contentsOf: moved)
                let upsertSeconds = Double(DispatchTime.now().uptimeNanoseconds - upsertStart) / 1e9
                print("live: \(moved.count) re-upserted in one batch (\(Int(Double(moved.count) / upsertSeconds)) "
                      + "upserts/s), \(index.logSegmentCount(customerId: "c")) log segments; countsExclusions: false")
            } else {
                print("countsExclusions: \(counting)")
            }
            for (name, filter) in scenarios {
                var total = 0.0, worst = 0.0, found = 0
                for query in queryRows {
                    let start = DispatchTime.now().uptimeNanoseconds
                    let answer = try index.nearest(10, to: query.coordinate, filter: filter,
                                                   options: QueryOptions(countsExclusions: counting))
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                    total += elapsed
                    worst = max(worst, elapsed)
                    found += answer.vehicles.count
                }
                var line = "  \(name.padding(toLength: 24, withPad: " ", startingAt: 0))"
                line += String(format: " mean %9.1f µs, max %9.1f µs, %.1f found",
                               total / Double(queryRows.count) / 1000, worst / 1000,
                               Double(found) / Double(queryRows.count))
                if !counting && !live {
                    line += String(format: "; brute force %.0f µs", bruteForce(positions, queryRows, filter))
                }
                print(line)
            }
        }
    }

    /// Mean µs per query of a scan of every position (filter, haversine, the 10 best kept) over 10 queries.
    func bruteForce(_ positions: [VehiclePosition], _ queries: [QueryRow], _ filter: VehicleFilter) -> Double {
        let sample = queries.prefix(10)
        let start = DispatchTime.now().uptimeNanoseconds
        for query in sample {
            var best: [Double] = []
            for position in positions where filter.exclusionReason(for: position) == nil {
                let distance = query.coordinate.distance(to: position.coordinate)
                if best.count < 10 {
                    best.append(distance)
                    best.sort()
                } else if distance < best[9] {
                    best[9] = distance
                    best.sort()
                }
            }
            consume(best)
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(sample.count) / 1000
    }
}
