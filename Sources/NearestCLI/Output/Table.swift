import FleetFile

/// Plain-text tables for the terminal: a header row, a rule, right-aligned numeric columns.
///
/// Cells are shown through ``TerminalText/escaped(_:)``: an id holding an escape sequence is printed as
/// `\u{1B}[31m`, never sent to the terminal. Widths count characters (grapheme clusters).
///
/// - Complexity: O(total characters of the cells): each cell is escaped and measured once, and trailing blanks
///   are trimmed from the end of each line (a 1 MB id renders in milliseconds).
struct Table {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns to right-align (numbers).
    var numericColumns: Set<Int> = []

    func render() -> String {
        let escapedHeaders = headers.map(TerminalText.escaped)
        let escapedRows = rows.map { $0.map(TerminalText.escaped) }
        let counts = ([escapedHeaders] + escapedRows).map { $0.map(\.count) }
        let widths = headers.indices.map { column in
            counts.map { column < $0.count ? $0[column] : 0 }.max() ?? 0
        }
        func line(_ cells: [String], _ cellCounts: [Int]) -> String {
            var text = ""
            for column in headers.indices {
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - (column < cells.count ? cellCounts[column] : 0))
                if column > 0 { text += "  " }
                text += numericColumns.contains(column) ? padding + cell : cell + padding
            }
            return Self.trimmingTrailingWhitespace(text)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var lines = [line(escapedHeaders, counts[0]), rule]
        for (index, row) in escapedRows.enumerated() { lines.append(line(row, counts[index + 1])) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` without trailing whitespace, scanning back from the end only (linear; the regex it replaces was
    /// quadratic in the line's length).
    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard text[before].isWhitespace else { break }
            end = before
        }
        return end == text.endIndex ? text : String(text[..<end])
    }
}
