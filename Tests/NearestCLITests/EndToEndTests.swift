import Foundation
import Testing

/// The built `nearest` binary, run as a user runs it: output, errors and exit codes.
@Suite struct EndToEndTests {
    @Test func helpDocumentsExitCodesAndSubcommands() async throws {
        let result = try await NearestBinary.run(["--help"])
        #expect(result.status == 0)
        for expected in ["Exit codes: 0 success", "64 usage error", "units"] {
            #expect(result.stdout.contains(expected), "missing '\(expected)' in --help")
        }
    }

    @Test func unitsListsPROJUnitsWithFactors() async throws {
        let result = try await NearestBinary.run(["units"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Statute mile") && result.stdout.contains("1609.344"))
        #expect(result.stdout.contains("nautical mile") && result.stdout.contains("1852"))
        let all = try await NearestBinary.run(["units", "--all"])
        #expect(all.stdout.contains("nmi") && all.stdout.contains("kilometers"))
    }

    @Test func usageErrorsExit64() async throws {
        let result = try await NearestBinary.run(["units", "--bogus"])
        #expect(result.status == 64)
        #expect(result.stderr == "error: Unknown option '--bogus' (see 'nearest --help')\n")
    }
}
