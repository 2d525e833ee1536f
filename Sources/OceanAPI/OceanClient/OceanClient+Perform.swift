import Foundation
import Logging
import OceanAPIGenerated
import OpenAPIRuntime

/// What one attempt produced, before retry decisions.
enum AttemptOutcome<Value: Sendable>: Sendable {
    case success(Value)
    /// A status with no more specific meaning for this operation.
    case status(Int)
    /// 429 with the Retry-After header, if sent.
    case rateLimited(String?)
    case failure(OceanError)

    /// The error status of an output that is not a success this operation handles itself.
    static func status(_ output: some OceanOperationOutput) -> Self {
        .status(output.errorStatus ?? 500)  // a 2xx the operation did not take: never produced by the spec
    }
}

extension OceanClient {
    /// Runs one operation with the client's policies: token (unless `authenticated` is false), per-attempt timeout,
    /// one re-authentication on 401, retries of 429 / 5xx / timeouts / connection errors up to
    /// `retry.maxAttempts` attempts.
    ///
    /// - Throws: ``OceanError``; `CancellationError` when the calling task is cancelled (never retried, never
    ///   turned into an ``OceanError``; see `OceanClientCancellationTests`).
    func perform<Value: Sendable>(
        _ operation: String,
        authenticated: Bool = true,
        _ attempt: @escaping @Sendable (Client) async throws -> AttemptOutcome<Value>
    ) async throws -> Value {
        let policy = configuration.retry
        var random = SystemRandomNumberGenerator()
        var attemptNumber = 0
        var reauthenticated = false
        while true {
            attemptNumber += 1
            let token = authenticated ? try await self.token() : nil
            let context = AttemptContext(token: token)
            let problem: OceanError
            do {
                let outcome = try await withTimeout(configuration.requestTimeout) { [client] in
                    try await AttemptContext.$current.withValue(context) { try await attempt(client) }
                }
                switch outcome {
                case .success(let value):
                    logger.debug("ocean call succeeded", metadata: ["operation": "\(operation)", "attempt": "\(attemptNumber)"])
                    return value
                case .failure(let failure):
                    problem = failure.with(operation: operation)
                case .rateLimited(let retryAfter):
                    problem = OceanError.rateLimited.with(
                        statusCode: 429, retryAfter: retryAfter.flatMap { Self.retryAfter($0, now: configuration.now()) },
                        operation: operation
                    )
                case .status(let status):
                    if status == 401, authenticated {
                        if !reauthenticated {
                            reauthenticated = true
                            attemptNumber -= 1
                            logger.info("ocean token refused (401); authenticating again", metadata: ["operation": "\(operation)"])
                            await tokens.invalidate(token)
                            continue
                        }
                        problem = OceanError.unauthorized.with(statusCode: 401, operation: operation)
                    } else {
                        problem = Self.error(forStatus: status).with(
                            statusCode: status, bodyExcerpt: redact(await context.bodyPrefix), operation: operation
                        )
                    }
                }
            } catch let failure as OceanError {
                problem = failure.with(operation: operation)
            } catch {
                if Self.isCancellation(error) { throw CancellationError() }
                if let clientError = error as? ClientError {
                    problem = await classify(clientError, context: context, operation: operation)
                } else {
                    problem = OceanError.connection.with(operation: operation, detail: String(describing: type(of: error)))
                }
            }
            // Whatever a cancelled attempt ended with (a transport may report it as a dropped connection), the caller
            // asked to stop: no retry, no OceanError.
            try Task.checkCancellation()
            guard problem.isRetryable, attemptNumber < policy.maxAttempts else {
                logger.warning("ocean call failed", metadata: ["operation": "\(operation)", "error": "\(problem)"])
                throw problem
            }
            var delay = policy.backoff(afterAttempt: attemptNumber, using: &random)
            if let retryAfter = problem.retryAfter {
                delay = min(retryAfter, policy.maxRetryAfter)
            }
            logger.warning(
                "ocean call will be retried",
                metadata: ["operation": "\(operation)", "attempt": "\(attemptNumber)", "error": "\(problem)", "delay": "\(delay)"]
            )
            try await configuration.sleep(delay)
            try Task.checkCancellation()  // a custom `sleep` may return early instead of throwing
        }
    }

    /// A Retry-After value: delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"), never negative.
    static func retryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(trimmed) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(max(0, Int64((date.timeIntervalSince(now) * 1000).rounded())))
    }

    static func error(forStatus status: Int) -> OceanError {
        switch status {
        case 400: .badRequest
        case 401: .badCredentials
        case 403: .forbidden
        case 404: .notFound
        case 429: .rateLimited
        case 500...599: .serverError
        default: .unexpectedStatus
        }
    }

    /// Whether `error` is a cancellation: `CancellationError` or `URLError.cancelled`, possibly wrapped in the
    /// generated client's `ClientError`.
    static func isCancellation(_ error: any Error) -> Bool {
        let underlying = (error as? ClientError)?.underlyingError ?? error
        if underlying is CancellationError { return true }
        if let urlError = underlying as? URLError, urlError.code == .cancelled { return true }
        return false
    }

    /// Maps a generated-client error without ever using its description (it contains the request, and for
    /// authenticate2 the password).
    private func classify(_ clientError: ClientError, context: AttemptContext, operation: String) async -> OceanError {
        let underlying = clientError.underlyingError
        if let failure = underlying as? OceanError { return failure.with(operation: operation) }  // our middleware's
        if underlying is DecodingError || clientError.response != nil {
            return OceanError.undecodableResponse.with(
                statusCode: clientError.response.map { $0.status.code },
                bodyExcerpt: redact(await context.bodyPrefix),
                operation: operation,
                detail: underlying is DecodingError ? "body is not the documented JSON" : "unreadable response"
            )
        }
        if let urlError = underlying as? URLError {
            if urlError.code == .timedOut { return OceanError.timeout.with(operation: operation) }
            return OceanError.connection.with(operation: operation, detail: "URLError \(urlError.code.rawValue)")
        }
        return OceanError.connection.with(operation: operation, detail: String(describing: type(of: underlying)))
    }

    /// The body excerpt with secrets removed: the password, the current token and any JSON `"token"` value.
    func redact(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        if !configuration.password.isEmpty {
            text = text.replacingOccurrences(of: configuration.password, with: "<redacted>")
        }
        if let range = text.range(of: "\"token\"") {
            text = String(text[..<range.upperBound]) + ":<redacted>"
        }
        return text
    }
}

/// Runs `operation`, throwing ``OceanError/timeout`` if it takes longer than `timeout` (it is then cancelled).
func withTimeout<Value: Sendable>(
    _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw OceanError.timeout.with(detail: "no response within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
