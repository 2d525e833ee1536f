/// Bounded exponential backoff with full jitter, for 429 (when no Retry-After), 5xx, timeouts and connection
/// errors. Attempt n (1-based) waits a uniform random time in [0, min(maxDelay, baseDelay * 2^(n-1))].
/// A 429's Retry-After is honoured, capped at ``maxRetryAfter``.
///
/// Every operation the client exposes is retried: the GETs are idempotent, `authenticate2` only issues a new token,
/// and `nearestVehicles` is a POST but read-only (it computes, it does not create), so repeating it is safe.
public struct RetryPolicy: Sendable, CustomStringConvertible {
    /// Total attempts per call, >= 1 (1 = no retry). A re-authentication after a 401 is not counted.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Backoff before attempt `attempt + 1`, given that `attempt` (1-based) failed.
    func backoff(afterAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(attempt - 1, 30)
        let cap = min(maxDelay, baseDelay * (1 << exponent))
        return cap * Double.random(in: 0...1, using: &random)
    }

    public var description: String {
        "RetryPolicy(maxAttempts: \(maxAttempts), baseDelay: \(baseDelay), maxDelay: \(maxDelay))"
    }
}
