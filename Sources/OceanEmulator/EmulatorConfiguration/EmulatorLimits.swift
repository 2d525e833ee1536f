/// Resource bounds of a running emulator: what one connection, one request and one user can hold.
///
/// Every field has a documented valid range; ``validate()`` checks them (the `ocean-emulator` flags answer a value
/// out of range with a usage error, exit 64).
public struct EmulatorLimits: Sendable, Hashable {
    /// Largest request body accepted, bytes, in ``maxRequestBodyBytesRange`` (1 B...64 MiB; default 1 MiB). A
    /// larger body is answered 413 (`Content-Length` over the limit: before any of it is read).
    public var maxRequestBodyBytes: Int
    /// A connection on which nothing is read for this long is closed: an idle keep-alive connection, or a request
    /// whose header (or body) stopped arriving. In ``timeoutRange`` (10 ms...1 h; default 30 s).
    public var idleTimeout: Duration
    /// Time allowed to receive a whole request body, however slowly it trickles in; past it the request is answered
    /// 408 and the connection closed. In ``timeoutRange`` (default 10 s).
    public var requestBodyTimeout: Duration
    /// Live tokens one login may hold, in ``maxTokensPerUserRange`` (1...100 000; default 1000). A login beyond it
    /// revokes that user's oldest token (a call with it then gets 401). Expired tokens are purged as logins happen.
    public var maxTokensPerUser: Int

    public static let maxRequestBodyBytesRange: ClosedRange<Int> = 1...(64 << 20)
    public static let timeoutRange: ClosedRange<Duration> = .milliseconds(10) ... .seconds(3_600)
    public static let maxTokensPerUserRange: ClosedRange<Int> = 1...100_000

    public init(
        maxRequestBodyBytes: Int = 1 << 20,
        idleTimeout: Duration = .seconds(30),
        requestBodyTimeout: Duration = .seconds(10),
        maxTokensPerUser: Int = 1_000
    ) {
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.idleTimeout = idleTimeout
        self.requestBodyTimeout = requestBodyTimeout
        self.maxTokensPerUser = maxTokensPerUser
    }

    /// The defaults: 1 MiB bodies, 30 s idle, 10 s per body, 1000 tokens per user.
    public static let standard = EmulatorLimits()

    /// - Throws: ``InvalidEmulatorSetting`` naming the first field outside its range.
    public func validate() throws {
        if !Self.maxRequestBodyBytesRange.contains(maxRequestBodyBytes) {
            throw InvalidEmulatorSetting("maxRequestBodyBytes \(maxRequestBodyBytes) must be in 1...\(64 << 20)")
        }
        if !Self.timeoutRange.contains(idleTimeout) {
            throw InvalidEmulatorSetting("idleTimeout \(EmulatorConfiguration.describe(idleTimeout)) must be between 10ms and 1h")
        }
        if !Self.timeoutRange.contains(requestBodyTimeout) {
            throw InvalidEmulatorSetting("requestBodyTimeout \(EmulatorConfiguration.describe(requestBodyTimeout)) must be between 10ms and 1h")
        }
        if !Self.maxTokensPerUserRange.contains(maxTokensPerUser) {
            throw InvalidEmulatorSetting("maxTokensPerUser \(maxTokensPerUser) must be in 1...100000")
        }
    }

    /// These limits clamped into their ranges: what an ``OceanEmulator`` applies, so a value set in code never
    /// makes it trap or hold unbounded resources.
    public func clamped() -> EmulatorLimits {
        func clamp<T: Comparable>(_ value: T, _ range: ClosedRange<T>) -> T {
            min(max(value, range.lowerBound), range.upperBound)
        }
        return EmulatorLimits(
            maxRequestBodyBytes: clamp(maxRequestBodyBytes, Self.maxRequestBodyBytesRange),
            idleTimeout: clamp(idleTimeout, Self.timeoutRange),
            requestBodyTimeout: clamp(requestBodyTimeout, Self.timeoutRange),
            maxTokensPerUser: clamp(maxTokensPerUser, Self.maxTokensPerUserRange)
        )
    }
}
