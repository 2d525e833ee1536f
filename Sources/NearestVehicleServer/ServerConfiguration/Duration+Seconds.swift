extension Duration {
    /// The duration in seconds, as a `Double`.
    var secondsDouble: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
