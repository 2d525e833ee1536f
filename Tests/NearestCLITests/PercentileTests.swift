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
