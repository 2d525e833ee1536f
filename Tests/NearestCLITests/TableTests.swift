import Foundation
import Testing
@testable import NearestCLI

@Suite struct TableTests {
    /// Layout against a hand-written rendering: left-aligned text, right-aligned numbers, two spaces between
    /// columns, no trailing blanks.
    @Test func layout() {
        var table = Table(headers: ["#", "vehicle", "note"], numericColumns: [0])
        table.rows = [["1", "V1", ""], ["10", "LONGER-ID", "x"]]
        #expect(table.render() == """
             #  vehicle    note
            --  ---------  ----
             1  V1
            10  LONGER-ID  x

            """)
    }

    /// Issue 14: trailing blanks were trimmed with a regex over the padded line, quadratic in its length: a 20k
    /// character id took 21 s and a 1 MB id never finished. Linear now: a 1 MB id (and a second row padded to it)
    /// renders in well under the 10 s bound here (milliseconds in practice; the quadratic version needs hours).
    @Test func renderingIsLinearInItsInput() {
        let long = String(repeating: "v", count: 1 << 20)
        var table = Table(headers: ["vehicle", "distance"], numericColumns: [1])
        table.rows = [[long, "1.000 km"], ["short", "2.000 km"]]
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = table.render() }
        #expect(elapsed < .seconds(10), "\(elapsed)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2].count == (1 << 20) + 2 + 8)
        #expect(lines[3].hasPrefix("short ") && lines[3].hasSuffix("  2.000 km"))
    }

    /// Issue 14: ids holding terminal escape sequences were printed raw into the table.
    @Test func controlCharactersAreEscaped() {
        var table = Table(headers: ["vehicle"])
        table.rows = [["\u{1B}[31mred\u{7}\r"], ["tab\there\u{202E}"], ["é日本"]]
        let text = table.render()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("\\u{1B}[31mred\\u{7}\\u{D}"))
        #expect(text.contains("tab\\u{9}here\\u{202E}"))
        #expect(text.contains("é日本"))
    }
}
