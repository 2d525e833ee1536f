import Synchronization

/// Whether `serve` is draining: set once, on the graceful shutdown (SIGTERM), never reset. While draining,
/// `/ready` answers 503 and each connection closes after the answer to the last request it read
/// (``ConnectionGuard``), but requests are still answered. Read once per answer without a lock.
final class DrainSwitch: Sendable {
    private let draining = Atomic<Bool>(false)
    private let skipsPeriod = Atomic<Bool>(false)

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    func startDraining() { draining.store(true, ordering: .relaxed) }

    /// Whether the drain period is to be skipped (SIGINT, an operator at a terminal: stop now, not in 10 s).
    var periodSkipped: Bool { skipsPeriod.load(ordering: .relaxed) }

    func skipPeriod() { skipsPeriod.store(true, ordering: .relaxed) }
}
