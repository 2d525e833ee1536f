import Foundation
import Testing
import TestSupport

/// Errors as a user meets them: one line on stderr, exit code 64 for usage errors and 1 for runtime failures.
@Suite struct ErrorEndToEndTests {
    /// Usage errors: exit 64, one `error:` line naming the problem, nothing on stdout.
    @Test(arguments: [
        (["query", "--at", "91,0"], "invalid latitude 91.0"),
        (["query", "--at", "0,181"], "invalid longitude 181.0"),
        (["query", "--at", "abc"], "expected LAT,LON in degrees"),
        (["query", "--at", "nan,2"], "expected LAT,LON in degrees, e.g. 48.8566,2.3522 (decimal numbers), not 'nan,2'"),
        (["query", "--at", "48,2", "--unit", "furlongz"], "unknown length unit 'furlongz'"),
        (["what-if", "--at", "48,2", "--radius", "1,x"], "--radius: 'x' is not a non-negative number"),
        (["what-if", "--at", "48,2", "--radius", "1", "--unit", "parsec"], "unknown length unit 'parsec'"),
        (["what-if", "--radius", "1"], "give the incident with --at LAT,LON or a file with --incidents"),
        (["query", "--at", "48,2", "--k", "0"], "--k must be from 1 to 10000000, not 0"),
        (["query", "--at", "48,2", "--max-age", "soon"], "--max-age 'soon' is not a duration"),
        (["query", "--at", "48,2", "--crs", "EPSG:2154"], "--crs needs --file"),
        (["query", "--at", "48,2", "--customer", "42"], "unknown customer '42': the fleet (sample fleet) has customers 1001, 1002"),
        (["query"], "Missing expected argument '--at <lat,lon>'"),
        (["query", "--at", "48,2", "--now", "yesterday"], "--now 'yesterday' is neither ISO 8601 nor Unix seconds"),
        (["query", "--at", "48,2", "--ocean", "--ocean-url", "ftp://x"], "--ocean-url 'ftp://x' is not an http(s) URL"),
        (["query", "--at", "48,2", "--ocean", "--file", "f.csv"], "give either --file or --ocean, not both"),
        (["query", "--at", "48,2", "--ocean", "--customer", "acme"], "Ocean customer ids are integers"),
        (["query", "--at", "48,2", "--input-format", "xml"], "--input-format"),
        // Regressions (review 2026-11-27): a time beyond ±1e11 Unix seconds trapped in the age column, and an
        // overflowing --max-age was a runtime error from the core instead of a usage error.
        (["query", "--at", "48,2", "--now", "1e19"], "--now '1e19' is neither ISO 8601 nor Unix seconds"),
        (["query", "--at", "48,2", "--max-age", "1e305d"], "--max-age '1e305d' is longer than 1e11 s"),
    ] as [([String], String)])
    func usageErrors(arguments: [String], message: String) async throws {
        let result = try await NearestBinary.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    /// Regression (review 2026-11-27): a record timestamp of -1e19 Unix seconds trapped when its age was printed;
    /// it is now a malformed record (skipped by default, with its line).
    @Test func absurdRecordTimestampIsMalformedNotACrash() async throws {
        let path = try temporaryFile("times.csv", """
            id,latitude,longitude,timestamp
            V1,48.857,2.352,-1e19
            V2,48.858,2.353,1748779200
            """)
        let result = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path, "--now", "1748779260"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("times.csv: skipped 1 of 2 records") && result.stderr.contains("times.csv:2:"),
                "\(result.stderr)")
        #expect(result.stdout.contains("V2") && !result.stdout.contains("V1"))
    }

    @Test func missingFileIsARuntimeError() async throws {
        let result = try await NearestBinary.run(["query", "--at", "48,2", "--file", "/nonexistent/fleet.csv"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: fleet file '/nonexistent/fleet.csv' does not exist\n")
    }

    /// Malformed records: by default skipped with a summary (count, first reasons with file:line); with --strict
    /// the first one stops the run with file:line and reason, exit 1.
    @Test func malformedInputInBothModes() async throws {
        let path = try temporaryFile("bad.csv", """
            id,latitude,longitude
            V1,48.857,2.352
            V2,abc,2.35
            V3,95,2.35
            V4,48.86
            V5,48.858,2.353
            """)
        let lenient = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path, "--format", "csv"])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) } == ["V1", "V5"])
        #expect(lenient.stderr.contains("bad.csv: skipped 3 of 5 records"))
        #expect(lenient.stderr.contains("bad.csv:3: latitude 'abc' is not a decimal number"))
        #expect(lenient.stderr.contains("bad.csv:4: invalid latitude 95.0"))
        #expect(lenient.stderr.contains("bad.csv:5: 2 fields, the header has 3"))

        let strict = try await NearestBinary.run(["query", "--at", "48.8566,2.3522", "--file", path, "--strict"])
        #expect(strict.status == 1 && strict.stdout.isEmpty)
        #expect(strict.stderr == "error: bad.csv:3: latitude 'abc' is not a decimal number (--strict)\n")

        let incidents = try temporaryFile("incidents.csv", "latitude,longitude\n48.86,2.33\n48.86,north\n")
        let strictIncidents = try await NearestBinary.run(["what-if", "--incidents", incidents, "--radius", "1", "--strict"])
        #expect(strictIncidents.status == 1)
        #expect(strictIncidents.stderr == "error: incidents.csv:3: longitude 'north' is not a decimal number (--strict)\n")
    }

    /// The help screens document the commands, the sources and the exit codes.
    @Test func helpContent() async throws {
        let root = try await NearestBinary.run(["--help"])
        #expect(root.status == 0)
        for expected in ["query", "what-if", "units", "Exit codes: 0 success", "1 runtime failure", "64 usage error"] {
            #expect(root.stdout.contains(expected), "missing '\(expected)' in nearest --help")
        }
        let query = try await NearestBinary.run(["query", "--help"])
        for expected in ["--at <lat,lon>", "--k <k>", "--radius <distance>", "--unit <unit>", "--exact",
                         "ocean-json", "geojson", "--file <path>", "--crs <crs>", "--strict", "--customer <id>",
                         "--entity <id>", "--group <id>", "--state <state>", "--max-age <age>", "--include-private",
                         "Exit codes: 0 success", "64 usage error", "--at -33.9,151.2"] {
            #expect(query.stdout.contains(expected), "missing '\(expected)' in nearest query --help")
        }
        let whatIf = try await NearestBinary.run(["what-if", "--help"])
        for expected in ["--incidents <path>", "--radius <list>", "--min-vehicles <n>", "--svg <path>",
                         "Exit codes: 0 success", "64 usage error"] {
            #expect(whatIf.stdout.contains(expected), "missing '\(expected)' in nearest what-if --help")
        }
    }
}
