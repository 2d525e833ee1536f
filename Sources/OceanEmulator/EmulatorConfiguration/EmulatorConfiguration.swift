import Foundation

/// Everything an ``OceanEmulator`` serves and how.
public struct EmulatorConfiguration: Sendable {
    /// Address to bind; loopback by default.
    public var host: String
    /// Port to bind; 0 picks a free port (learn it from ``OceanEmulator/withRunningServer(_:)`` or
    /// `buildApplication(onServerRunning:)`).
    public var port: Int
    public var fleet: EmulatedFleet
    public var users: [EmulatedUser]
    public var roadNetwork: RoadNetwork
    /// Token lifetime (Ocean: 12 h), in ``tokenTTLRange`` (1 ms...366 days; clamped into it).
    public var tokenTTL: Duration
    /// Faults active from the start.
    public var faults: FaultConfiguration
    /// Seed of the latency jitter generator.
    public var seed: UInt64
    /// Whether `/_admin/...` routes exist (they answer loopback peers that name a loopback `Host`, and POSTs with a
    /// JSON content type only; see ``OceanEmulator/buildRouter()``).
    public var adminEnabled: Bool
    /// Body size, timeouts and tokens per user (``EmulatorLimits/standard`` by default).
    public var limits: EmulatorLimits
    /// The emulator's clock (token expiry, ETA). Tests may inject a controllable one.
    public var now: @Sendable () -> Date

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        fleet: EmulatedFleet,
        users: [EmulatedUser] = EmulatedUser.defaults,
        roadNetwork: RoadNetwork,
        tokenTTL: Duration = .seconds(12 * 3600),
        faults: FaultConfiguration = .none,
        seed: UInt64 = 1,
        adminEnabled: Bool = true,
        limits: EmulatorLimits = .standard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.fleet = fleet
        self.users = users
        self.roadNetwork = roadNetwork
        self.tokenTTL = tokenTTL
        self.faults = faults
        self.seed = seed
        self.adminEnabled = adminEnabled
        self.limits = limits
        self.now = now
    }

    /// Valid token lifetimes: 1 ms (tests of expiry) to 366 days.
    public static let tokenTTLRange: ClosedRange<Duration> = .milliseconds(1) ... .seconds(366 * 86_400)

    /// Valid synthetic fleet sizes for ``synthetic(seed:vehicleCount:referenceDate:port:)`` and `--vehicles`.
    public static let vehicleCountRange: ClosedRange<Int> = 0...1_000_000

    /// The synthetic world of a seed: ``EmulatedFleet/synthetic(seed:vehicleCount:referenceDate:)`` and
    /// ``RoadNetwork/synthetic(seed:)``. `vehicleCount` is clamped into ``vehicleCountRange``.
    public static func synthetic(
        seed: UInt64 = 1, vehicleCount: Int = 200, referenceDate: Date = Date(), port: Int = 8080
    ) -> EmulatorConfiguration {
        EmulatorConfiguration(
            port: port,
            fleet: .synthetic(
                seed: seed, vehicleCount: min(max(vehicleCount, 0), vehicleCountRange.upperBound),
                referenceDate: referenceDate
            ),
            roadNetwork: .synthetic(seed: seed),
            seed: seed
        )
    }
}
