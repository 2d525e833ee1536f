import Foundation

extension FleetFileLoader {
    /// CSV/TSV (tab-separated when the name ends in `.tsv`): a header row, then one record per row.
    func readCSV(path: String, name: String, into collector: inout Collector) throws {
        let delimiter = name.lowercased().hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        var scanner = try CSVScanner(path: path, delimiter: delimiter, limits: limits)
        var columns: [(role: FieldRole, columns: [Int])]?  // the roles the header names, their columns by priority
        var width = 0
        var fields = RecordFields(file: name, lines: 1...1)
        while try scanner.next({ record in
            if record.isBlank { return }
            guard let roleColumns = columns else {
                (columns, width) = try Self.header(&record, name: name)
                return
            }
            if let problem = record.problem {
                try collector.reject(RejectedRecord(file: name, lines: record.lines, reason: problem))
                return
            }
            if let offset = UTF8Check.firstInvalidOffset(record.bytes) {
                try collector.reject(RejectedRecord(file: name, lines: record.lines, reason: Self.invalidUTF8(
                    record.bytes, offset)))
                return
            }
            guard record.fields.count == width else {
                try collector.reject(RejectedRecord(file: name, lines: record.lines,
                                                    reason: "\(record.fields.count) fields, the header has \(width)"))
                return
            }
            fields.clear()
            fields.lines = record.lines
            var scratch = 0
            for (role, candidates) in roleColumns {
                for column in candidates {
                    fields[role] = record.value(column, scratchOffset: &scratch)
                    if fields[role] != nil { break }
                }
            }
            try collector.add(fields)
        }) {}
        if columns == nil {
            throw FleetFileError("\(name):1: empty file, expected a header such as 'id,latitude,longitude'")
        }
    }

    /// The roles the header names, each with its columns in priority order. Throws `FleetFileError` for a malformed header, a column named twice (up to case)
    /// or no id/latitude/x column.
    private static func header(_ record: inout CSVScanner.Record, name: String) throws
        -> ([(role: FieldRole, columns: [Int])], Int) {
        let location = "\(name):\(record.lines.lowerBound)"
        if let problem = record.problem { throw FleetFileError("\(location): malformed header: \(problem)") }
        if let offset = UTF8Check.firstInvalidOffset(record.bytes) {
            throw FleetFileError("\(location): header: \(invalidUTF8(record.bytes, offset))")
        }
        var scratch = 0
        let names = record.fields.indices.map { index in
            String(decoding: RecordFields.trimmed(record.value(index, scratchOffset: &scratch)), as: UTF8.self)
                .lowercased()
        }
        var columns = [[(priority: Int, column: Int)]](repeating: [], count: FieldRole.allCases.count)
        var seen: [String: Int] = [:]
        for (column, columnName) in names.enumerated() {
            if let first = seen[columnName] {
                throw FleetFileError("\(location): column \(TerminalText.quoted(columnName)) appears twice (columns "
                    + "\(first + 1) and \(column + 1)); which one to read would be a guess")
            }
            seen[columnName] = column
            if case let (role, priority)? = FieldRole.role(named: columnName) { columns[role.rawValue].append((priority, column)) }
        }
        guard !columns[FieldRole.id.rawValue].isEmpty || !columns[FieldRole.latitude.rawValue].isEmpty
                || !columns[FieldRole.x.rawValue].isEmpty else {
            throw FleetFileError("\(location): header \(TerminalText.quoted(names.joined(separator: ","))) has no 'id' or "
                + "'latitude'/'x' column")
        }
        let byRole = FieldRole.allCases.compactMap { role in
            columns[role.rawValue].isEmpty
                ? nil : (role, columns[role.rawValue].sorted { $0.priority < $1.priority }.map(\.column))
        }
        return (byRole, names.count)
    }

    /// "invalid UTF-8 (byte 0xFF at byte 4 of the record)".
    static func invalidUTF8(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> String {
        let byte = String(bytes[offset], radix: 16, uppercase: true)
        return "invalid UTF-8 (byte 0x\(byte.count == 1 ? "0" + byte : byte) at byte \(offset + 1) of the record); "
            + "the file must be UTF-8"
    }
}
