extension FaultConfiguration {
    /// Applies one command-line fault spec, `NAME=VALUE`:
    /// `latency=MS`, `jitter=MS`, `429-every=N`, `retry-after=S`, `500-burst=N`, `503-burst=N`, `drop=N`,
    /// `malformed=N`. Ranges as in ``validate()``.
    /// - Throws: ``InvalidFault``: not `NAME=INTEGER`, unknown name, or a value out of range (the configuration is
    ///   left unchanged).
    public mutating func apply(spec: String) throws {
        let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let value = Int(parts[1]) else { throw InvalidFault.malformedSpec(spec) }
        var updated = self
        switch parts[0] {
        case "latency": updated.latencyMs = value
        case "jitter": updated.latencyJitterMs = value
        case "429-every": updated.rateLimitEvery = value
        case "retry-after": updated.retryAfterSeconds = value
        case "500-burst": updated.errorBurstCount = value; updated.errorBurstStatus = 500
        case "503-burst": updated.errorBurstCount = value; updated.errorBurstStatus = 503
        case "drop": updated.dropConnections = value
        case "malformed": updated.malformedResponses = value
        default: throw InvalidFault.unknownFault(String(parts[0]))
        }
        try updated.validate()
        self = updated
    }
}
