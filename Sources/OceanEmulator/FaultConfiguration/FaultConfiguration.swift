/// Faults the emulator injects into API calls (never into `/_admin` routes). Switchable at start
/// (`ocean-emulator --fault ...`) and at run time (`POST /_admin/faults` with this as JSON, or
/// ``OceanEmulator/setFaults(_:)``). Every field is optional in JSON; absent means "off".
///
/// Per call, in order: latency is added; then the first applicable of: dropped connection, error burst, 429 every
/// Nth call; otherwise the call is served and, while `malformedResponses` > 0, a successful body is replaced by
/// truncated JSON.
public struct FaultConfiguration: Codable, Sendable, Hashable {
    /// Fixed latency added to every API call, milliseconds (>= 0).
    public var latencyMs: Int
    /// Extra random latency, uniform in 0...latencyJitterMs milliseconds (seeded generator).
    public var latencyJitterMs: Int
    /// Every Nth API call (N >= 1) answers 429 Too Many Requests with `Retry-After: retryAfterSeconds`.
    public var rateLimitEvery: Int?
    /// Seconds in the Retry-After header of injected 429s.
    public var retryAfterSeconds: Int
    /// The next `errorBurstCount` API calls answer `errorBurstStatus` (500 or 503).
    public var errorBurstCount: Int
    public var errorBurstStatus: Int
    /// The next `dropConnections` API calls close the connection without a response.
    public var dropConnections: Int
    /// The next `malformedResponses` successful API calls return a truncated JSON body.
    public var malformedResponses: Int

    public init(
        latencyMs: Int = 0, latencyJitterMs: Int = 0, rateLimitEvery: Int? = nil, retryAfterSeconds: Int = 1,
        errorBurstCount: Int = 0, errorBurstStatus: Int = 500, dropConnections: Int = 0, malformedResponses: Int = 0
    ) {
        self.latencyMs = latencyMs
        self.latencyJitterMs = latencyJitterMs
        self.rateLimitEvery = rateLimitEvery
        self.retryAfterSeconds = retryAfterSeconds
        self.errorBurstCount = errorBurstCount
        self.errorBurstStatus = errorBurstStatus
        self.dropConnections = dropConnections
        self.malformedResponses = malformedResponses
    }

    /// No faults.
    public static let none = FaultConfiguration()

    private enum CodingKeys: String, CodingKey {
        case latencyMs, latencyJitterMs, rateLimitEvery, retryAfterSeconds, errorBurstCount, errorBurstStatus
        case dropConnections, malformedResponses
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            latencyMs: try c.decodeIfPresent(Int.self, forKey: .latencyMs) ?? 0,
            latencyJitterMs: try c.decodeIfPresent(Int.self, forKey: .latencyJitterMs) ?? 0,
            rateLimitEvery: try c.decodeIfPresent(Int.self, forKey: .rateLimitEvery),
            retryAfterSeconds: try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? 1,
            errorBurstCount: try c.decodeIfPresent(Int.self, forKey: .errorBurstCount) ?? 0,
            errorBurstStatus: try c.decodeIfPresent(Int.self, forKey: .errorBurstStatus) ?? 500,
            dropConnections: try c.decodeIfPresent(Int.self, forKey: .dropConnections) ?? 0,
            malformedResponses: try c.decodeIfPresent(Int.self, forKey: .malformedResponses) ?? 0
        )
        try validate()
    }

    public struct InvalidFault: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// - Throws: ``InvalidFault`` for negative counts, N < 1 or a burst status other than 500/503.
    public func validate() throws {
        if latencyMs < 0 || latencyJitterMs < 0 || retryAfterSeconds < 0 || errorBurstCount < 0 || dropConnections < 0
            || malformedResponses < 0 {
            throw InvalidFault(description: "fault counts and delays must be >= 0")
        }
        if let n = rateLimitEvery, n < 1 { throw InvalidFault(description: "rateLimitEvery must be >= 1") }
        if ![500, 502, 503, 504].contains(errorBurstStatus) {
            throw InvalidFault(description: "errorBurstStatus must be 500, 502, 503 or 504")
        }
    }

    /// Applies one command-line fault spec, `NAME=VALUE`:
    /// `latency=MS`, `jitter=MS`, `429-every=N`, `retry-after=S`, `500-burst=N`, `503-burst=N`, `drop=N`,
    /// `malformed=N`.
    public mutating func apply(spec: String) throws {
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let value = Int(parts[1]) else {
            throw InvalidFault(description: "fault '\(spec)' is not NAME=INTEGER")
        }
        switch parts[0] {
        case "latency": latencyMs = value
        case "jitter": latencyJitterMs = value
        case "429-every": rateLimitEvery = value
        case "retry-after": retryAfterSeconds = value
        case "500-burst": errorBurstCount = value; errorBurstStatus = 500
        case "503-burst": errorBurstCount = value; errorBurstStatus = 503
        case "drop": dropConnections = value
        case "malformed": malformedResponses = value
        default:
            throw InvalidFault(
                description: "unknown fault '\(parts[0])' (latency, jitter, 429-every, retry-after, 500-burst, 503-burst, drop, malformed)"
            )
        }
        try validate()
    }
}
