/// A record a fleet file reader could not use, with where and why: "fleet.csv:12: latitude 'abc' is not a
/// number". With `--strict` the first one is thrown (exit code 1); otherwise they are summarised on stderr.
///
/// Every location is `file:line` (the line where the record starts; `file:12-15` for one that spans lines), for
/// CSV, NDJSON, GeoJSON features and Ocean dump vehicles alike; JSON documents add the member path to the reason
/// ("features[3]: not a Point feature").
public struct RejectedRecord: Error, Sendable, CustomStringConvertible {
    /// The file's name.
    public var file: String
    /// First and last physical line of the record (1-based).
    public var lines: ClosedRange<Int>
    public var reason: String

    public init(file: String, lines: ClosedRange<Int>, reason: String) {
        self.file = file
        self.lines = lines
        self.reason = reason
    }

    public init(file: String, line: Int, reason: String) {
        self.init(file: file, lines: line...line, reason: reason)
    }

    /// "fleet.csv:12" or "fleet.csv:12-15".
    public var location: String {
        lines.count == 1 ? "\(file):\(lines.lowerBound)" : "\(file):\(lines.lowerBound)-\(lines.upperBound)"
    }

    public var description: String { "\(location): \(reason)" }
}
