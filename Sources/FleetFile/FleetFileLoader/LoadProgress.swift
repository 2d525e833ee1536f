import Foundation

/// A progress line on stderr for loads that take more than about a second, only when stderr is a terminal.
public final class LoadProgress {
    private let label: String
    private let total: Int?
    private let start = Date()
    private var count = 0
    private var shown = false

    /// nil when stderr is not a TTY: pipes and CI logs stay quiet.
    public init?(label: String, total: Int? = nil) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
        self.total = total
    }

    public func advance(by step: Int = 1) {
        count += step
        guard count % 20_000 == 0, Date().timeIntervalSince(start) > 1 else { return }
        shown = true
        if let total, total > 0 {
            let fraction = Double(count) / Double(total)
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(fraction * 100))%".utf8))
        } else {
            FileHandle.standardError.write(Data("\r\(label): \(count) records".utf8))
        }
    }

    public func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\(label): \(count) records in \(String(format: "%.1f", Date().timeIntervalSince(start))) s\n".utf8))
    }
}
