/// JSON lines in the peer oracle's format: `{"qid": "Q00001", "results": [["V0010219", 0.0], ...]}`.
public enum OracleFormat {
    /// `distanceMeters` rounded to 1 µm, printed in the shortest round-trip form (as Python's `round(x, 6)`
    /// followed by `repr` does, within 1 ulp of the rounded value).
    public static func format(meters distanceMeters: Double) -> String {
        let rounded = (distanceMeters * 1e6).rounded() / 1e6
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
