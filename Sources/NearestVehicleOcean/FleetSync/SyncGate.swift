import Synchronization

/// At most `limit` syncs at once across many ``FleetSync`` loops (one per customer): an async counting semaphore,
/// FIFO, cancellable. Without it a server that syncs tens of customers starts all their whole-fleet reads at the
/// same moment (three calls each) — on startup, and again whenever their intervals line up — so a large tenant's
/// answers time out behind the others' and every retry asks Ocean again (measured: 20 customers of 50 000
/// vehicles, 60 concurrent calls, every one past the client's 30 s timeout, three times).
///
/// A permit is handed straight from the releasing sync to the longest waiting one; a waiter cancelled while it
/// waits throws `CancellationError` and takes no permit.
public final class SyncGate: Sendable {
    public let limit: Int

    private struct State {
        var available: Int
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// - Parameter limit: syncs allowed at once, ≥ 1.
    public init(limit: Int) {
        precondition(limit >= 1, "SyncGate needs a limit of at least 1, got \(limit)")
        self.limit = limit
        state = Mutex(State(available: limit))
    }

    /// Runs `body` holding a permit (waiting for one first).
    /// - Throws: `CancellationError` if the task is cancelled while it waits; what `body` throws.
    public func withPermit<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await acquire()
        defer { release() }
        return try await body()
    }

    /// Permits free now (for tests and metrics).
    public var available: Int { state.withLock { $0.available } }
    /// Syncs waiting for a permit now (for tests and metrics).
    public var waiting: Int { state.withLock { $0.waiters.count } }

    private func acquire() async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Action { case proceed, wait, cancel }
                // One critical section decides: a release or a cancellation cannot slip in between the check and
                // the enqueueing (the cancellation handler takes the same lock, and the task's cancelled flag is
                // set before that handler runs).
                let action = state.withLock { state -> Action in
                    if Task.isCancelled { return .cancel }
                    if state.available > 0 {
                        state.available -= 1
                        return .proceed
                    }
                    state.waiters.append((id, continuation))
                    return .wait
                }
                switch action {
                case .proceed: continuation.resume()
                case .cancel: continuation.resume(throwing: CancellationError())
                case .wait: break
                }
            }
        } onCancel: {
            let waiting = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiting?.resume(throwing: CancellationError())
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiters.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
