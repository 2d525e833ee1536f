import Testing
@testable import NearestCLI

@Suite struct PercentileTests {
    /// Hand-checked against numpy.percentile (linear): [1, 2, 3, 4] -> p50 2.5, p90 3.7; [5] -> 5.
    @Test func matchesNumpyLinear() {
        #expect(percentile([4, 1, 3, 2], 0.5) == 2.5)
        #expect(abs(percentile([4, 1, 3, 2], 0.9)! - 3.7) < 1e-12)
        #expect(percentile([5], 0.9) == 5)
        #expect(percentile([], 0.5) == nil)
        #expect(percentile([1, .infinity], 0.9) == .infinity)
    }
}

@Suite struct ArgumentParsingTests {
    @Test(arguments: [("900", 900.0), ("90s", 90), ("15min", 900), ("15m", 900), ("2h", 7200), ("1d", 86_400),
                      ("0.5h", 1800), (" 2H ", 7200)])
    func durations(text: String, seconds: Double) {
        #expect(FilterOptions.parseDuration(text) == seconds)
    }

    @Test(arguments: ["", "-5", "soon", "5 parsecs", "infh", "nan", "0x10", "1_000"])
    func invalidDurations(text: String) {
        #expect(FilterOptions.parseDuration(text) == nil)
    }

    @Test func radiiAreSortedAndDeduplicated() throws {
        #expect(try Arguments.radii("10, 1,2,5,2") == [1, 2, 5, 10])
        #expect(throws: (any Error).self) { try Arguments.radii("1,-2") }
        #expect(throws: (any Error).self) { try Arguments.radii(",") }
    }

    @Test func coordinates() throws {
        let point = try Arguments.coordinate("-33.9, 151.2")
        #expect(point.latitude == -33.9 && point.longitude == 151.2)
        for bad in ["91,0", "0,-181", "1,2,3", "abc", "inf,0", ""] {
            #expect(throws: (any Error).self, "\(bad)") { try Arguments.coordinate(bad) }
        }
    }
}
