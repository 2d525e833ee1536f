@testable import NearestVehicleServer
import Testing

/// `/proc/self/statm` and `/proc/self/stat` as proc(5) describes them, written by hand.
@Suite struct ProcessStatsTests {
    @Test func figuresAreReadFromTheRightFields() throws {
        // pid, a command name with spaces and parentheses, state, then ppid … ; utime 250 and stime 50 ticks are
        // the 14th and 15th fields counting from the pid.
        let stat = "4242 (serve (copy) 2) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 9 0 12345 "
            + "987654321 2500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
        let stats = try #require(ProcessStats.parse(statm: "90000 2500 700 12 0 30000 0\n", stat: stat,
                                                    pageSize: 4096, ticksPerSecond: 100))
        #expect(stats.residentBytes == 2500 * 4096)
        #expect(stats.cpuSeconds == 3.0)
    }

    @Test func malformedTextIsNil() {
        #expect(ProcessStats.parse(statm: "90000", stat: "1 (x) S 1", pageSize: 4096, ticksPerSecond: 100) == nil)
        #expect(ProcessStats.parse(statm: "9 2 1", stat: "no parenthesis 1 2 3", pageSize: 4096, ticksPerSecond: 100)
            == nil)
        #expect(ProcessStats.parse(statm: "9 x 1", stat: "1 (x) S 1 1 1 0 -1 0 0 0 0 0 5 5", pageSize: 4096,
                                   ticksPerSecond: 100) == nil)
        #expect(ProcessStats.parse(statm: "9 2 1", stat: "1 (x) S 1 1 1 0 -1 0 0 0 0 0 5 5", pageSize: 4096,
                                   ticksPerSecond: 0) == nil)
    }
}
