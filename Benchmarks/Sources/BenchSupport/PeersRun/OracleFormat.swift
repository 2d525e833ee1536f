/// JSON lines in the peer oracle's format: `{"qid": "Q00001", "results": [["V0010219", 0.0], ...]}`.
public enum OracleFormat {
    /// `distanceMeters` rounded to 1 µm exactly as the oracle's Python `repr(round(x, 6))`: the binary value
    /// rounded correctly to 6 decimals (`%.6f`, round-half-even on the exact value, like CPython's `round`), read
    /// back as the nearest double and printed in the shortest round-trip form (Swift's `description` = `repr`).
    public static func format(meters distanceMeters: Double) -> String {
        let rounded = Double(String(format: "%.6f", distanceMeters))!
        return rounded == 0 ? "0.0" : "\(rounded)"
    }

    public static func line(qid: String, results: [(id: String, distanceMeters: Double)]) -> String {
        var text = "{\"qid\": \"\(qid)\", \"results\": ["
        for (offset, result) in results.enumerated() {
            if offset > 0 { text += ", " }
            text += "[\"\(result.id)\", \(format(meters: result.distanceMeters))]"
        }
        text += "]}\n"
        return text
    }
}
