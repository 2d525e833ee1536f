extension FaultConfiguration {
    /// Valid latency and jitter, milliseconds: up to one hour. Beyond that a client has long given up, and the
    /// sum latency + jitter stays far from `Int.max`.
    public static let latencyRangeMs: ClosedRange<Int> = 0...3_600_000
    /// Valid `Retry-After` seconds: up to one day.
    public static let retryAfterRangeSeconds: ClosedRange<Int> = 0...86_400
    /// Valid countdowns (`errorBurstCount`, `dropConnections`, `malformedResponses`) and `rateLimitEvery` (which
    /// must also be >= 1).
    public static let countRange: ClosedRange<Int> = 0...1_000_000_000
    /// Valid `errorBurstStatus` values.
    public static let burstStatuses: Set<Int> = [500, 502, 503, 504]

    /// Checks every field against its documented range.
    /// - Throws: ``InvalidFault`` naming the first field out of range (kind ``InvalidFault/Kind/outOfRange``), or a
    ///   burst status other than 500/502/503/504 (``InvalidFault/Kind/badStatus``).
    public func validate() throws {
        func check(_ field: String, _ value: Int, _ range: ClosedRange<Int>) throws {
            guard range.contains(value) else { throw InvalidFault.outOfRange(field, value, range) }
        }
        try check("latencyMs", latencyMs, Self.latencyRangeMs)
        try check("latencyJitterMs", latencyJitterMs, Self.latencyRangeMs)
        if let rateLimitEvery { try check("rateLimitEvery", rateLimitEvery, 1...Self.countRange.upperBound) }
        try check("retryAfterSeconds", retryAfterSeconds, Self.retryAfterRangeSeconds)
        try check("errorBurstCount", errorBurstCount, Self.countRange)
        try check("dropConnections", dropConnections, Self.countRange)
        try check("malformedResponses", malformedResponses, Self.countRange)
        guard Self.burstStatuses.contains(errorBurstStatus) else { throw InvalidFault.badStatus(errorBurstStatus) }
    }

    /// This configuration with every field clamped into its documented range (a status outside 500/502/503/504
    /// becomes 500). What ``OceanEmulator/setFaults(_:)`` applies, so that no value set in code can make the
    /// emulator trap; the HTTP admin route and `--fault` refuse out-of-range values instead (``validate()``).
    public func clamped() -> FaultConfiguration {
        func clamp(_ value: Int, _ range: ClosedRange<Int>) -> Int { min(max(value, range.lowerBound), range.upperBound) }
        return FaultConfiguration(
            latencyMs: clamp(latencyMs, Self.latencyRangeMs),
            latencyJitterMs: clamp(latencyJitterMs, Self.latencyRangeMs),
            rateLimitEvery: rateLimitEvery.map { clamp($0, 1...Self.countRange.upperBound) },
            retryAfterSeconds: clamp(retryAfterSeconds, Self.retryAfterRangeSeconds),
            errorBurstCount: clamp(errorBurstCount, Self.countRange),
            errorBurstStatus: Self.burstStatuses.contains(errorBurstStatus) ? errorBurstStatus : 500,
            dropConnections: clamp(dropConnections, Self.countRange),
            malformedResponses: clamp(malformedResponses, Self.countRange)
        )
    }
}
