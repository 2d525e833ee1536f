import Foundation

extension FleetFileLoader {
    /// The roles a header names, each with its columns in priority order, and the header's field count.
    typealias Header = (columns: [(role: FieldRole, columns: [Int])], width: Int)

    /// CSV/TSV (tab-separated when the name ends in `.tsv`): a header row, then one record per row.
    ///
    /// A large file (``FleetFileLoader/parallelThreshold``) is read in two halves at once, cut at a line start near the middle:
    /// the first half is read up to the cut, the second from it with its line numbers counted ahead, and the two
    /// loads are joined in file order. When the cut turns out to be inside a quoted field (the first half ends in
    /// open quotes), both halves are dropped and the file is read in one go: the result is always the sequential
    /// one, rejections, line numbers and `--strict`'s first error included. Not with a CRS transform (PROJ's
    /// context serves one thread).
    func readCSV(path: String, name: String, into collector: inout Collector) throws {
        let delimiter = name.lowercased().hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        var scanner = try CSVScanner(path: path, delimiter: delimiter, limits: limits)
        var header: Header?
        while header == nil, try scanner.next({ record in
            if !record.isBlank { header = try Self.header(&record, name: name, idColumnNames: idColumnNames) }
        }) {}
        guard let header else {
            throw FleetFileError("\(name):1: empty file, expected a header such as 'id,latitude,longitude'")
        }
        let size = Self.fileSize(path)
        if collector.project == nil, size - scanner.offset >= parallelThreshold,
           let cut = try Self.lineStart(in: path, after: scanner.offset + (size - scanner.offset) / 2, size: size) {
            let firstLine = try Self.lineCount(in: path, before: cut) + 1
            let halves = [
                Half(collector: collector, range: scanner.offset..<cut, firstLine: scanner.line),
                Half(collector: collector.fresh(progress: nil), range: cut..<size, firstLine: firstLine),
            ]
            // Room for the guessed record counts (one per 40 bytes; pages not written cost nothing): the arrays do
            // not grow by copying, and the first has room for the second's records when they are joined.
            halves[0].collector.reserve(records: (size - scanner.offset) / 40)
            halves[1].collector.reserve(records: (size - cut) / 40)
            let limits = self.limits
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                let half = halves[part]
                do {
                    var scanner = try CSVScanner(path: path, delimiter: delimiter, limits: limits, range: half.range,
                                                 firstLine: half.firstLine)
                    // Also when the half stops at an error (--strict): a cut inside quotes makes that error moot.
                    defer { half.endedInsideQuotes = scanner.endedInsideQuotes }
                    try Self.readRecords(&scanner, header: header, name: name, into: &half.collector)
                } catch {
                    half.error = error
                }
            }
            if !halves[0].endedInsideQuotes {
                for half in halves { if let error = half.error { throw error } }
                collector = halves[0].collector
                collector.append(halves[1].collector.load)
                return
            }
            // The cut was inside quotes: read the file in one go, as if nothing had happened.
        }
        try Self.readRecords(&scanner, header: header, name: name, into: &collector)
    }

    /// One half of a file read in parallel: its own collector, filled by one thread.
    private final class Half: @unchecked Sendable {
        var collector: Collector
        let range: Range<Int>
        let firstLine: Int
        var endedInsideQuotes = false
        var error: (any Error)?

        init(collector: Collector, range: Range<Int>, firstLine: Int) {
            self.collector = collector
            self.range = range
            self.firstLine = firstLine
        }
    }

    /// Every record after the header, until the scanner's range ends.
    private static func readRecords(_ scanner: inout CSVScanner, header: Header, name: String,
                                    into collector: inout Collector) throws {
        let (roleColumns, width) = header
        var fields = RecordFields(file: name, lines: 1...1)
        while try scanner.next({ record in
            if record.isBlank { return }
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
    }

    /// The file's size in bytes (0 when it cannot be read: the file is then read sequentially).
    private static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// The offset just after the first `\n` at or after `offset`, if that is before `size`.
    private static func lineStart(in path: String, after offset: Int, size: Int) throws -> Int? {
        var found: Int?
        try forEachChunk(of: path, in: offset..<size) { chunkOffset, bytes in
            guard let index = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return true }
            found = chunkOffset + index + 1
            return false
        }
        return found.flatMap { $0 < size ? $0 : nil }
    }

    /// How many `\n` bytes the file has before `offset` (the scanner counts lines the same way).
    private static func lineCount(in path: String, before offset: Int) throws -> Int {
        var count = 0
        try forEachChunk(of: path, in: 0..<offset) { _, bytes in
            var index = bytes.startIndex
            while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
                count += 1
                index = newline + 1
            }
            return true
        }
        return count
    }

    /// Reads `range` of the file in 1 MiB chunks; `body` returns false to stop.
    private static func forEachChunk(of path: String, in range: Range<Int>,
                                     _ body: (Int, UnsafeRawBufferPointer) throws -> Bool) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FleetFileError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { buffer.deallocate() }
        var offset = range.lowerBound
        while offset < range.upperBound {
            let count = pread(fd, buffer.baseAddress!, min(buffer.count, range.upperBound - offset), off_t(offset))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { throw FleetFileError("read error: \(String(cString: strerror(errno)))") }
                return
            }
            guard try body(offset, UnsafeRawBufferPointer(rebasing: buffer[0..<count])) else { return }
            offset += count
        }
    }

    /// The roles the header names, each with its columns in priority order. Throws `FleetFileError` for a
    /// malformed header, a column named twice (up to case) or no id/latitude/x column.
    private static func header(_ record: inout CSVScanner.Record, name: String, idColumnNames: [String]) throws
        -> Header {
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
            if case let (role, priority)? = FieldRole.role(named: columnName) {
                columns[role.rawValue].append((priority, column))
            } else if let extra = idColumnNames.firstIndex(of: columnName) {
                columns[FieldRole.id.rawValue].append((FieldRole.id.names.count + extra, column))
            }
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
