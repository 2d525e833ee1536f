import NIOCore

extension Duration {
    /// The duration in seconds, as a `Double`.
    var secondsDouble: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration as NIO's `TimeAmount` (nanoseconds).
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}
