import Foundation
import Geo
import NearestVehicle
import Proj
import Testing
import TestSupport

/// The engine needs no PROJ database: FleetIndex works in metres and its only PROJ call is `geod_inverse` (exact
/// WGS84 mode), which reads no file. Units and CRSs stay at the service and CLI boundary.
///
/// Checked at run time, not by reading imports: ``engineAnswersWithTheProjDatabaseHidden()`` starts this test
/// runner again (Linux: `/proc/self/exe --testing-library swift-testing --filter ...`) with `PROJ_DATA` and
/// `PROJ_LIB` pointing at an empty directory, and there ``childQueriesWithoutTheProjDatabase()`` first proves that
/// PROJ's database is unreadable (a unit lookup throws), then loads and live-updates an index and runs k-nearest
/// and within queries, sphere and WGS84, with and without a radius, each checked against the brute-force oracle.
/// Before issue 12 a query without a unit resolved `LengthUnit.meter`, which called `fatalError` in exactly this
/// setting. The child test is skipped in an ordinary run (it only runs in the process its parent starts).
@Suite struct NoProjDatabaseTests {
    /// Set in the child's environment: the file the child writes its summary to.
    static let childVariable = "NEAREST_VEHICLE_TEST_NO_PROJ_DATABASE_REPORT"
    static var childReportPath: String? { ProcessInfo.processInfo.environment[childVariable] }

    #if os(Linux)
    @Test(.enabled(if: NoProjDatabaseTests.childReportPath == nil, "the parent; the child runs the queries"))
    func engineAnswersWithTheProjDatabaseHidden() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-proj-database-\(UUID().uuidString)")
        let emptyProjData = directory.appendingPathComponent("empty-proj-data")
        try FileManager.default.createDirectory(at: emptyProjData, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("report.txt")
        let output = directory.appendingPathComponent("output.txt")

        let runner = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var environment = ProcessInfo.processInfo.environment
        environment["PROJ_DATA"] = emptyProjData.path
        environment["PROJ_LIB"] = emptyProjData.path
        environment[Self.childVariable] = report.path
        let status = try await Self.run(
            runner, ["--testing-library", "swift-testing",
                     "--filter", "NoProjDatabaseTests/childQueriesWithoutTheProjDatabase"],
            environment: environment, output: output)

        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "child test runner exited with \(status):\n\(log.suffix(4000))")
        // The summary proves the child test ran (a filter matching nothing would also exit 0).
        let summary = try #require(try? String(contentsOf: report, encoding: .utf8),
                                   "the child wrote no report:\n\(log.suffix(4000))")
        #expect(summary.hasPrefix("PROJ database unreadable: "), "\(summary)")
        // 2 indexes × 2 models × 2 customers × 8 points × 3 queries, every one equal to the oracle.
        #expect(summary.hasSuffix("; 192 queries; 0 mismatches\n"), "\(summary)")
    }
    #endif

    @Test(.enabled(if: NoProjDatabaseTests.childReportPath != nil,
                   "runs only in the process engineAnswersWithTheProjDatabaseHidden() starts"))
    func childQueriesWithoutTheProjDatabase() throws {
        let reportPath = try #require(Self.childReportPath)
        // Control: this process really cannot read proj.db.
        let projError: String
        do {
            _ = try LengthUnit.resolve("km")
            Issue.record("PROJ's unit database is readable: the environment does not hide it")
            return
        } catch {
            projError = "\(error)"
        }

        let seed = testSeed(default: 0x5EED_0DB)
        var generator = SplitMix64(seed: seed)
        let vehicles = TestFleets.fleet("clustered", count: 600, &generator, customers: ["A", "B"])
        let updates = TestFleets.fleet("clustered", count: 200, &generator, customers: ["A", "B"]).map {
            VehiclePosition(id: "v\(Int.random(in: 0..<800, using: &generator))", coordinate: $0.coordinate,
                            timestamp: $0.timestamp + 10_000, customerId: $0.customerId, entityId: $0.entityId,
                            groupId: $0.groupId, state: $0.state, isPrivacyMode: $0.isPrivacyMode)
        }
        var oracle = FleetOracle()
        for vehicle in vehicles + updates { oracle.upsert(vehicle) }
        let (bulk, _) = FleetIndex.load(vehicles)
        bulk.upsert(contentsOf: updates)
        let live = FleetIndex(configuration: .init(minimumRebuildDelta: 150, rebuildDeltaFraction: 0.5,
                                                   logSegmentSize: 32))
        for vehicle in vehicles + updates { live.upsert(vehicle) }

        var queries = 0, mismatches = 0
        func check(_ got: NearbyVehicles, _ want: [FleetOracle.Row], _ note: @autoclosure () -> String) {
            queries += 1
            if got.rows != want {
                mismatches += 1
                Issue.record("\(note()) \(seedNote(seed))")
            }
        }
        let points = Fleets.queries(for: vehicles.map(\.coordinate), count: 8, &generator)
        for (label, index) in [("bulk", bulk), ("live", live)] {
            for model in [QueryOptions.DistanceModel.sphere, .wgs84] {
                let options = QueryOptions(model: model)
                for customer in ["A", "B"] {
                    let filter = VehicleFilter(customerId: customer, now: TestFleets.now)
                    for point in points {
                        let want = oracle.evaluate(point, filter, model)
                        let note = "\(label) \(model) \(customer) \(point)"
                        check(try index.nearest(10, to: point, filter: filter, options: options), want.nearest(10),
                              "nearest \(note)")
                        check(try index.nearest(10, to: point, within: 3_000, filter: filter, options: options),
                              want.nearest(10, cap: 3_000), "nearest within 3 km \(note)")
                        check(try index.within(5_000, of: point, filter: filter, options: options),
                              want.within(5_000), "within 5 km \(note)")
                    }
                }
            }
        }
        try "PROJ database unreadable: \(projError); \(queries) queries; \(mismatches) mismatches\n"
            .write(toFile: reportPath, atomically: true, encoding: .utf8)
    }

    /// Runs `executable` to completion on a Dispatch thread (not the Swift concurrency pool), output to a file.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    output: URL) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output.path])
                    }
                    let handle = try FileHandle(forWritingTo: output)
                    defer { try? handle.close() }
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    process.environment = environment
                    process.standardOutput = handle
                    process.standardError = handle
                    try process.run()
                    process.waitUntilExit()
                    return process.terminationStatus
                })
            }
        }
    }
}
