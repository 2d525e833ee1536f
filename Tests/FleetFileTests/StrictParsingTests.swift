import Foundation
import Testing
@testable import FleetFile

/// Reference tables for the strict number and timestamp parsers. Unix times from GNU `date -u -d ... +%s`.
@Suite struct StrictParsingTests {
    @Test(arguments: [
        ("48.8566", 48.8566), ("-33.9", -33.9), ("+2", 2), ("0", 0), (".5", 0.5), ("5.", 5), ("1e3", 1000),
        ("1E-2", 0.01), ("-0.0000000", -0.0), ("179.99999999999999", 179.99999999999999),
        ("123456789012345678", 123_456_789_012_345_680), ("0.1234567890123456789", 0.1234567890123456789),
    ] as [(String, Double)])
    func decimalsAccepted(text: String, value: Double) {
        let parsed = StrictDecimal.parse(text)
        #expect(parsed == value && parsed?.sign == value.sign, "\(text)")
    }

    @Test(arguments: ["", " 1", "1 ", "0x1p5", "0X10", "inf", "-infinity", "nan", "1_000", "1,5", "--1", "+", ".",
                      "1e", "1e+", "e5", "1.2.3", "١٢", "1d", "0b1", String(repeating: "1", count: 65)])
    func decimalsRefused(text: String) {
        #expect(StrictDecimal.parse(text) == nil, "\(text)")
    }

    @Test(arguments: [
        ("2025-06-01T12:00:00Z", 1_748_779_200.0), ("2025-06-01T14:00:00+02:00", 1_748_779_200),
        ("2025-06-01T12:00:00", 1_748_779_200), ("2025-06-01t12:00:00z", 1_748_779_200),
        ("1969-12-31T23:59:59Z", -1), ("2000-03-01T00:00:00Z", 951_868_800), ("2024-02-29T22:59:59.5Z", 1_709_247_599.5),
        ("9999-12-31T23:59:59Z", 253_402_300_799), ("0001-01-01T00:00:00Z", -62_135_596_800),
        ("1748779200", 1_748_779_200), ("-1", -1), ("1.5", 1.5), ("1e11", 1e11),
    ] as [(String, Double)])
    func timestampsAccepted(text: String, unixSeconds: Double) {
        #expect(StrictTimestamp.parse(text) == Date(timeIntervalSince1970: unixSeconds), "\(text)")
    }

    @Test(arguments: ["2025-06-01T25:00:00Z", "2025-06-01T24:00:00Z", "2025-06-01T12:60:00Z", "2025-06-01T12:00:60Z",
                      "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
                      "2025-04-31T00:00:00Z", "2025-06-00T00:00:00Z", "2025-06-01T12:00:00+24:00",
                      "2025-06-01T12:00:00+02:60", "2025-06-01 12:00:00Z", "2025-06-01T12:00:00.Z",
                      "2025-06-01T12:00:00.1234567890Z", "2025-06-01T12:00:00ZZ", "2025-06-01", "2025-W22-7",
                      "0x1p5", "1e12", "-1.1e11", "nan", "2025-06-01T12:00:00+0200", "+2025-06-01T12:00:00Z"])
    func timestampsRefused(text: String) {
        #expect(StrictTimestamp.parse(text) == nil, "\(text)")
    }

    /// The civil-date arithmetic against GNU date for the first of every month over 1970-2100 is too slow to
    /// shell out for; instead every day of 1600-2400 is checked to follow its predecessor by exactly one day,
    /// anchored at 1970-01-01 = 0 and 2000-03-01 = 11017 (951868800 / 86400).
    @Test func daysFromCivilIsContinuous() {
        #expect(StrictTimestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(StrictTimestamp.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        var expected = StrictTimestamp.daysFromCivil(year: 1600, month: 1, day: 1)
        for year in 1600...2400 {
            for month in 1...12 {
                for day in 1...StrictTimestamp.daysIn(month: month, year: year) {
                    #expect(StrictTimestamp.daysFromCivil(year: year, month: month, day: day) == expected)
                    expected += 1
                }
            }
        }
    }

    /// RFC 8259 strictness of the JSON reader.
    @Test(arguments: ["{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": +1}", "{\"a\": 0x10}", "{\"a\": NaN}",
                      "{\"a\": \"\\ud800\"}", "{\"a\": \"\\x41\"}", "{\"a\": \"tab\there\"}", "{\"a\": 1,}", "[1 2]",
                      "{'a': 1}", "{\"a\": tru}", "{\"a\": 1} x", String(repeating: "[", count: 65) + String(repeating: "]", count: 65)])
    func invalidJSONIsRefused(text: String) {
        let bytes = Array(text.utf8)
        #expect(throws: JSONParser.SyntaxError.self, "\(text)") {
            try bytes.withUnsafeBytes { try JSONParser.parse($0) }
        }
    }

    @Test func jsonStringsDecodeEscapesAndKeepNumberText() throws {
        let text = #"{"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "n": -12345678901234567890.50e+3, "t": true, "z": null}"#
        let value = try Array(text.utf8).withUnsafeBytes { try JSONParser.parse($0) }
        #expect(value["s"]?.text == "a\"\\/\u{8}\u{C}\n\r\té😀")
        #expect(value["n"]?.text == "-12345678901234567890.50e+3")
        #expect(value["t"]?.text == "true" && value["z"]?.text == nil)
    }
}
