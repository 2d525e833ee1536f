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

    init(configuration: FaultConfiguration, seed: UInt64) {
        self.configuration = configuration
        self.random = SplitMix64(seed: seed ^ 0xFA17)
    }

    func set(_ configuration: FaultConfiguration) {
        self.configuration = configuration
        callCount = 0
    }

    /// Latency for this call, milliseconds, and the fault to apply (consumes countdowns).
    func decide() -> (latencyMs: Int, decision: FaultDecision) {
        callCount += 1
        var latency = configuration.latencyMs
        if configuration.latencyJitterMs > 0 {
            latency += Int(random.next() % UInt64(configuration.latencyJitterMs + 1))
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
