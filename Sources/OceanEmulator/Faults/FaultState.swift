import SeededRandom

/// What the fault injector decided for one API call.
enum FaultDecision: Sendable, Equatable {
    case serve(malformed: Bool)
    case drop
    case error(status: Int)
    case rateLimited(retryAfterSeconds: Int)
}

/// The run-time fault switchboard: the current configuration, its countdowns and the call counter.
actor FaultState {
    private(set) var configuration: FaultConfiguration
    private var callCount = 0
    private var random: SplitMix64

    /// - Parameter configuration: clamped into the documented ranges (``FaultConfiguration/clamped()``).
    init(configuration: FaultConfiguration, seed: UInt64) {
        self.configuration = configuration.clamped()
        self.random = SplitMix64(seed: seed ^ 0xFA17)
    }

    /// Replaces the configuration, clamped into the documented ranges, so that no value can make ``decide()`` trap.
    func set(_ configuration: FaultConfiguration) {
        self.configuration = configuration.clamped()
        callCount = 0
    }

    /// Latency for this call, milliseconds, and the fault to apply (consumes countdowns).
    ///
    /// Never traps: the configuration is clamped (latency and jitter <= 1 h each), and the arithmetic saturates
    /// regardless (see `FaultRangeTests.hugeJitterDoesNotKillTheServer`).
    func decide() -> (latencyMs: Int, decision: FaultDecision) {
        callCount = callCount == Int.max ? 1 : callCount + 1
        var latency = max(0, configuration.latencyMs)
        let jitter = max(0, configuration.latencyJitterMs)
        if jitter > 0 {
            // jitter < Int.max after clamping; the bound is computed in UInt64 so even Int.max could not overflow.
            let extra = Int(random.next() % (UInt64(jitter) + 1))
            let (sum, overflow) = latency.addingReportingOverflow(extra)
            latency = overflow ? Int.max : sum
        }
        if configuration.dropConnections > 0 {
            configuration.dropConnections -= 1
            return (latency, .drop)
        }
        if configuration.errorBurstCount > 0 {
            configuration.errorBurstCount -= 1
            return (latency, .error(status: configuration.errorBurstStatus))
        }
        if let n = configuration.rateLimitEvery, callCount % n == 0 {
            return (latency, .rateLimited(retryAfterSeconds: configuration.retryAfterSeconds))
        }
        return (latency, .serve(malformed: configuration.malformedResponses > 0))
    }

    /// Called when a malformed body was actually served.
    func consumeMalformed() {
        if configuration.malformedResponses > 0 { configuration.malformedResponses -= 1 }
    }
}
