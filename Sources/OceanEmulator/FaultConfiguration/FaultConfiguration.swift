/// Faults the emulator injects into API calls (never into `/_admin` routes). Switchable at start
/// (`ocean-emulator --fault ...`) and at run time (`POST /_admin/faults` with this as JSON, or
/// ``OceanEmulator/setFaults(_:)``). Every field is optional in JSON; absent means "off".
///
/// Per call, in order: latency is added; then the first applicable of: dropped connection, error burst, 429 every
/// Nth call; otherwise the call is served and, while `malformedResponses` > 0, a successful body is replaced by
/// truncated JSON.
public struct FaultConfiguration: Codable, Sendable, Hashable {
    /// Fixed latency added to every API call, milliseconds, in ``latencyRangeMs`` (0...3 600 000, one hour).
    public var latencyMs: Int
    /// Extra random latency, uniform in 0...latencyJitterMs milliseconds (seeded generator), in ``latencyRangeMs``.
    public var latencyJitterMs: Int
    /// Every Nth API call answers 429 Too Many Requests with `Retry-After: retryAfterSeconds`; N in ``countRange``
    /// and >= 1.
    public var rateLimitEvery: Int?
    /// Seconds in the Retry-After header of injected 429s, in ``retryAfterRangeSeconds`` (0...86 400).
    public var retryAfterSeconds: Int
    /// The next `errorBurstCount` API calls (in ``countRange``) answer `errorBurstStatus` (500, 502, 503 or 504).
    public var errorBurstCount: Int
    public var errorBurstStatus: Int
    /// The next `dropConnections` API calls (in ``countRange``) close the connection without a response.
    public var dropConnections: Int
    /// The next `malformedResponses` successful API calls (in ``countRange``) return a truncated JSON body.
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
}
