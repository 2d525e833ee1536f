/// Bounds on what one fleet or incident file may hold, so that no input can exhaust memory or time. Beyond them a
/// record is rejected with `file:line` and the reason (a document, for GeoJSON and Ocean dumps, is refused as a
/// whole); nothing beyond them is loaded.
public struct FleetFileLimits: Sendable {
    /// Longest CSV record or NDJSON line, in bytes, terminator excluded: 1 MiB. A 200 MB line is rejected after
    /// reading at most this much of it into memory (the rest is skipped up to its end of line).
    public var maxRecordBytes = 1 << 20
    /// Most fields in one CSV record (the header included): 1024.
    public var maxFields = 1024
    /// Largest GeoJSON or Ocean-dump document (read whole): 1 GiB.
    public var maxDocumentBytes = 1 << 30
    /// Deepest nesting of JSON arrays and objects: 64 (GeoJSON points need 4).
    public var maxJSONDepth = 64
    /// Bytes read from the file at a time by the line readers.
    public var chunkBytes = 4 << 20

    public init() {}
}
