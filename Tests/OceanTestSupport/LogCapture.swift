import Logging
import Synchronization

/// Keeps every line that its loggers write, for asserting on logged text (and on what must never be logged:
/// passwords, tokens).
///
/// A line is `LEVEL MESSAGE key=value key=value`: the logger's metadata merged with the event's (the event's wins),
/// keys sorted, so that a line's text does not depend on dictionary order.
///
/// ```swift
/// let logs = LogCapture()
/// let client = EmulatorWorld.client(url, maxAttempts: 2, logger: logs.logger())
/// #expect(logs.lines.contains { $0.contains("ocean token obtained") })
/// ```
public final class LogCapture: Sendable {
    private let _lines = Mutex<[String]>([])

    public init() {}

    /// Every line so far, in the order written.
    public var lines: [String] { _lines.withLock { $0 } }

    /// Every line so far, joined with newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// A logger at trace level (everything is kept) that writes here.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) {
        _lines.withLock { $0.append(line) }
    }
}
