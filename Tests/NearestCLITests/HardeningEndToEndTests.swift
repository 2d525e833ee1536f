import Foundation
import Testing
import TestSupport

/// Issue 14 findings in `nearest` that a user meets end to end, one named regression test each (all failed on the
/// binary before the fix: wrong count, `kmi`, "Missing value", exit 1, a 2099 position kept as fresh, raw escape
/// sequences).
@Suite struct HardeningEndToEndTests {
    /// Issue 14: "1 older positions … ignored" when 2 were. V1 three times (newest last, each replacing the one
    /// before) and V2 twice: 3 positions ignored, and the singular for one.
    @Test func olderPositionsAreCountedAndPluralised() async throws {
        let path = try temporaryFile("dupes.csv", """
            id,latitude,longitude,timestamp
            V1,48.85,2.35,2025-06-01T10:00:00Z
            V1,48.85,2.35,2025-06-01T11:00:00Z
            V2,48.86,2.35,2025-06-01T11:00:00Z
            V1,48.85,2.35,2025-06-01T11:30:00Z
            V2,48.86,2.35,2025-06-01T09:00:00Z
            """)
        let result = try await NearestBinary.run(["query", "--at", "48.85,2.35", "--file", path, "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("dupes.csv: 3 older positions of vehicles listed more than once were ignored"),
                "\(result.stderr)")
        let single = try temporaryFile("one.csv", "id,latitude,longitude,timestamp\nA,1,2,100\nA,1,2,200\n")
        let one = try await NearestBinary.run(["query", "--at", "1,2", "--file", single, "--format", "csv"])
        #expect(one.stderr.contains("one.csv: 1 older position of a vehicle listed more than once was ignored"), "\(one.stderr)")
    }

    /// Issue 14: `--unit nmi` was displayed as `kmi` (PROJ's short name). 1 nmi = 1852 m: (1,0) to (1,0.02) on the
    /// R = 6371008.8 m sphere is 2223.88 m = 1.201 nmi (haversine by hand: 6371008.8 * 0.02 * pi/180 * cos(1°)).
    @Test func nauticalMilesAreShownAsNmi() async throws {
        let path = try temporaryFile("n.csv", "id,latitude,longitude\nA,1,0.02\n")
        let table = try await NearestBinary.run(["query", "--at", "1,0", "--file", path, "--unit", "nmi"])
        #expect(table.status == 0 && table.stdout.contains("1.201 nmi") && !table.stdout.contains("kmi"), "\(table.stdout)")
        let json = try await NearestBinary.run(["query", "--at", "1,0", "--file", path, "--unit", "NM", "--format", "json"])
        #expect(json.stdout.contains("\"unit\" : \"nmi\""), "\(json.stdout)")
    }

    /// Issue 14: `--k -1` said "Missing value"; `--crs EPSG:99999` exited 1 although the README promises 64 for
    /// invalid values. Plus the range checks of every numeric option (no arithmetic trap reachable from input).
    @Test(arguments: [
        (["query", "--at", "48,2", "--k", "-1"], "--k must be from 1 to 10000000, not -1"),
        (["query", "--at", "48,2", "--k", "99999999999999999999"], "is not a whole number"),
        (["query", "--at", "48,2", "--k", "10000001"], "--k must be from 1 to 10000000"),
        (["query", "--at", "48,2", "--radius", "-5"], "--radius -5.0"),
        (["query", "--at", "48,2", "--radius", "1e300"], "is more than 1e12 m"),
        (["query", "--at", "48,2", "--radius", "0x10"], "'0x10' is not a decimal number"),
        (["query", "--at", "0x1p5,2"], "expected LAT,LON in degrees"),
        (["query", "--at", "48,2", "--max-age", "1e300s"], "is longer than 1e11 s"),
        (["query", "--at", "48,2", "--max-age", "0x10"], "--max-age '0x10' is not a duration"),
        (["query", "--at", "48,2", "--max-clock-skew", "-1min"], "--max-clock-skew '-1min' is not a duration"),
        (["query", "--at", "48,2", "--now", "2025-06-01T25:00:00Z"], "--now '2025-06-01T25:00:00Z' is neither"),
        (["what-if", "--at", "48,2", "--radius", "1,1e300"], "is more than 1e12 m"),
        (["what-if", "--at", "48,2", "--radius", "-1"], "--radius: '-1' is not a non-negative number"),
        (["what-if", "--at", "48,2", "--radius", "1", "--min-vehicles", "-3"], "--min-vehicles must be from 1"),
        (["what-if", "--at", "48,2", "--radius", "1", "--worst", "99999999999"], "--worst must be from 0"),
    ] as [([String], String)])
    func numericOptionsAreRangeChecked(arguments: [String], message: String) async throws {
        let result = try await NearestBinary.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message) && !result.stderr.contains("Missing value"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test func unknownCRSIsAUsageError() async throws {
        let path = try temporaryFile("l93.csv", "id,x,y\nP,652469.02,6862035.26\n")
        let result = try await NearestBinary.run(["query", "--at", "48,2", "--file", path, "--crs", "EPSG:99999"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: invalid --crs 'EPSG:99999'"), "\(result.stderr)")
    }

    /// Issue 14: a position dated 2099 passed `--max-age 5min`. A position more than the clock-skew tolerance
    /// (5 min by default, `--max-clock-skew`) after the reference time is not fresh: excluded with --max-age and
    /// reported with file:line; kept (and reported) without it; within the tolerance it is kept.
    @Test func futurePositionsAreNotFresh() async throws {
        let path = try temporaryFile("future.csv", """
            id,latitude,longitude,timestamp
            FUTURE,48.85,2.35,2099-01-01T00:00:00Z
            FRESH,48.86,2.35,2025-06-01T11:59:00Z
            SKEWED,48.87,2.35,2025-06-01T12:04:00Z
            """)
        let base = ["query", "--at", "48.85,2.35", "--file", path, "--now", "2025-06-01T12:00:00Z", "--format", "csv"]
        let fresh = try await NearestBinary.run(base + ["--max-age", "5min"])
        #expect(fresh.status == 0)
        #expect(ids(fresh.stdout) == ["FRESH", "SKEWED"])
        #expect(fresh.stderr.contains("future.csv: 1 position dated more than 5 min after the reference time "
            + "(--max-clock-skew) excluded as not fresh (--max-age): future.csv:2: vehicle 'FUTURE' is dated "
            + "2099-01-01T00:00:00Z"), "\(fresh.stderr)")
        let strictSkew = try await NearestBinary.run(base + ["--max-age", "5min", "--max-clock-skew", "0"])
        #expect(ids(strictSkew.stdout) == ["FRESH"])
        let noMaxAge = try await NearestBinary.run(base)
        #expect(ids(noMaxAge.stdout) == ["FUTURE", "FRESH", "SKEWED"])
        #expect(noMaxAge.stderr.contains("1 position is dated more than 5 min after the reference time (future.csv:2)"),
                "\(noMaxAge.stderr)")
    }

    /// Issue 14: terminal escape sequences in ids were printed raw into the table.
    @Test func escapeSequencesInIdsAreEscapedInTheTable() async throws {
        let path = try temporaryFile("esc.csv", "id,latitude,longitude\n\"\u{1B}[2J\u{1B}]0;pwned\u{7}\",1,2\n")
        let result = try await NearestBinary.run(["query", "--at", "1,2", "--file", path])
        #expect(result.status == 0)
        #expect(!result.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" })
        #expect(result.stdout.contains("\\u{1B}[2J\\u{1B}]0;pwned\\u{7}"), "\(result.stdout)")
    }

    /// Issue 14: invalid UTF-8 ids merged even with --strict; now --strict stops at the first with file:line.
    @Test func invalidUTF8StopsStrictRuns() async throws {
        let path = try temporaryFile("bad.csv", bytes: Array("id,latitude,longitude\nok,1,2\n".utf8) + [0x76, 0xFF, 0x31]
            + Array(",1,2\n".utf8))
        let result = try await NearestBinary.run(["query", "--at", "1,2", "--file", path, "--strict"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: bad.csv:3: invalid UTF-8 (byte 0xFF"), "\(result.stderr)")
    }

    /// The ids column of a `--format csv` answer.
    func ids(_ csv: String) -> [String] {
        csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
    }
}
