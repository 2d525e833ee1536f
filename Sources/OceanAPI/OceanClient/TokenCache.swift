import Foundation

/// A secret that prints, dumps and reflects as `<redacted>`.
struct Redacted: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String
    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// The cached Ocean token: one authentication in flight at a time, renewed before expiry. The token is kept
/// ``Redacted`` so that `dump(client)` cannot reveal it.
///
/// Concurrent callers share one authentication (a `Task` owned by the cache) and each waits on its own
/// continuation, so a cancelled caller stops waiting at once with `CancellationError` while the others keep
/// waiting. When the last waiter is cancelled the authentication itself is cancelled and forgotten; the next caller
/// starts a new one.
actor TokenCache {
    private var token: Redacted?
    private var renewAt: Date = .distantPast
    private var login: Login?
    /// Source of login generations and waiter ids (never reused).
    private var nextID: UInt64 = 0

    /// The authentication in flight and the callers waiting for it.
    private struct Login {
        let generation: UInt64
        let task: Task<Void, Never>
        var waiters: [UInt64: CheckedContinuation<String, any Error>] = [:]
    }

    /// A token valid now: the cached one, or a new one from `authenticate` (concurrent callers share one request).
    ///
    /// - Parameters:
    ///   - now: the time the token is requested; a new token is considered valid until `now + validFor`.
    ///   - validFor: seconds a new token is used before being renewed (>= 0).
    ///   - authenticate: obtains a new token; runs at most once at a time, outside the caller's task.
    /// - Throws: `CancellationError` as soon as the calling task is cancelled while waiting (the cached token is
    ///   still returned to a cancelled caller, without waiting); otherwise what `authenticate` threw.
    func validToken(
        now: Date, validFor: TimeInterval, authenticate: @escaping @Sendable () async throws -> String
    ) async throws -> String {
        if let token, now < renewAt { return token.value }
        let waiter = takeID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                // Runs on this actor. A cancellation before this point is seen here; one after it, by `onCancel`.
                guard !Task.isCancelled else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if login == nil {
                    startLogin(now: now, validFor: validFor, authenticate: authenticate)
                }
                login?.waiters[waiter] = continuation
            }
        } onCancel: {
            Task { await self.cancelWaiter(waiter) }
        }
    }

    /// Forgets `used` if it is still the cached token (so a burst of 401s triggers one re-authentication).
    func invalidate(_ used: String?) {
        if used == nil || used == token?.value {
            token = nil
            renewAt = .distantPast
        }
    }

    var current: String? { token?.value }

    // MARK: Private

    private func takeID() -> UInt64 {
        nextID += 1
        return nextID
    }

    private func startLogin(
        now: Date, validFor: TimeInterval, authenticate: @escaping @Sendable () async throws -> String
    ) {
        let generation = takeID()
        let task = Task {
            let result: Result<String, any Error>
            do {
                result = .success(try await authenticate())
            } catch {
                result = .failure(error)
            }
            self.finishLogin(generation, with: result, now: now, validFor: validFor)  // isolated: runs on the cache
        }
        login = Login(generation: generation, task: task)
    }

    /// Caches the token and resumes every waiter. Ignored for a login abandoned by all its waiters.
    private func finishLogin(_ generation: UInt64, with result: Result<String, any Error>, now: Date, validFor: TimeInterval) {
        guard let finished = login, finished.generation == generation else { return }
        login = nil
        if case .success(let fresh) = result {
            token = Redacted(value: fresh)
            renewAt = now.addingTimeInterval(validFor)
        }
        for continuation in finished.waiters.values {
            continuation.resume(with: result)
        }
    }

    /// Resumes one cancelled waiter with `CancellationError`; cancels the login if it was the last one.
    private func cancelWaiter(_ waiter: UInt64) {
        guard var current = login, let continuation = current.waiters.removeValue(forKey: waiter) else {
            return  // already resumed, or never registered because it saw the cancellation itself
        }
        continuation.resume(throwing: CancellationError())
        if current.waiters.isEmpty {
            current.task.cancel()
            login = nil
        } else {
            login = current
        }
    }
}
