/// JSON lines in the peer oracle's format: `{"qid": "Q00001", "results": [["V0010219", 0.0], ...]}`.
public enum OracleFormat {
    /// `distanceMeters` rounded to `decimals` decimals as the oracle's Python `repr(round(x, 6))` does for 6:
    /// the binary value rounded correctly (`%.*f`, round-half-even on the exact value, like CPython's `round`),
    /// read back as the nearest double and printed in the shortest round-trip form (Swift's `description` =
    /// `repr`).
    ///
    /// Why the default is 9 (1 nm) and not the oracle's 6: our haversine and numpy's differ in the last bits
    /// (~1e-12 m), so a distance within 1e-12 of a half-micrometre rounds the other way: 27 of 1000 radius
    /// queries at 100k then differ by 1.00000008e-6 m at one rank, which `score.py` (tolerance 1e-6) counts as
    /// inexact. At 1 nm the written value is within 5e-7 m of the oracle's. Order is unaffected either way
    /// (results are ranked on the 1 µm tie key, then id).
    public static func format(meters distanceMeters: Double, decimals: Int = 9) -> String {
        let rounded = Double(String(format: "%.*f", decimals, distanceMeters))!
        return rounded == 0 ? "0.0" : "\(rounded)"
    }

    public static func line(qid: String, results: [(id: String, distanceMeters: Double)], decimals: Int = 9)
        -> String {
        var text = "{\"qid\": \"\(qid)\", \"results\": ["
        for (offset, result) in results.enumerated() {
            if offset > 0 { text += ", " }
            text += "[\"\(result.id)\", \(format(meters: result.distanceMeters, decimals: decimals))]"
        }
        text += "]}\n"
        return text
    }
}
