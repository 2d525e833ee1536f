/// A record a fleet file reader could not use, with where and why: "fleet.csv:12: latitude 'abc' is not a finite
/// number". With `--strict` the first one is thrown (exit code 1); otherwise they are summarised on stderr.
struct RejectedRecord: Error, Sendable, CustomStringConvertible {
    /// "fleet.csv:12", or "fleet.geojson: features[3]" for JSON documents.
    var location: String
    var reason: String
    var description: String { "\(location): \(reason)" }
}
