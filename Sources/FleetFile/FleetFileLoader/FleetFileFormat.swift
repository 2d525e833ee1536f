/// The fleet file formats `nearest` reads.
public enum FleetFileFormat: String, CaseIterable, Sendable {
    /// Header row with `id,latitude,longitude[,timestamp,entity,group,state,customer,privacy]`, or `x,y` with a CRS.
    case csv
    /// One JSON object per line, with the same field names as the CSV columns.
    case ndjson
    /// A GeoJSON FeatureCollection of Point features; `id` from the feature or its properties.
    case geojson
    /// A dump of Ocean's `GET /restapi/mobility/v1/vehiclePositions` answer: `{"vehicles": [...]}`.
    case ocean

    /// Guesses from the extension, then from the first bytes of JSON files.
    public static func detect(path: String, head: String) -> FleetFileFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        if lower.hasSuffix(".geojson") { return .geojson }
        let trimmed = head.drop { $0.isWhitespace }
        if trimmed.hasPrefix("{") {
            if head.contains("\"FeatureCollection\"") { return .geojson }
            if head.contains("\"vehicles\"") { return .ocean }
            return .ndjson
        }
        return .csv
    }
}
