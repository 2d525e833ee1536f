import Foundation

/// Reads a file's records in chunks: RFC 4180 CSV (quoted fields with `""` escapes and line breaks, `\r\n` or
/// `\n`, a leading UTF-8 BOM skipped) or, with no delimiter, plain lines (NDJSON).
///
/// Memory is bounded by ``FleetFileLimits/chunkBytes`` + ``FleetFileLimits/maxRecordBytes`` whatever the file:
/// a longer record is reported as a problem and skipped up to the end of its physical line. Malformed quoting is
/// reported per record (`problem`), never guessed at: a quote inside an unquoted field, text after a closing
/// quote, a quoted field still open at the end of the file.
struct CSVScanner: ~Copyable {
    /// One field of ``Record``: byte offsets into ``Record/bytes``.
    struct Field {
        var start: Int
        var end: Int
        /// Quoted with `""` escapes inside: ``Record/value(_:)`` unescapes it.
        var hasEscapedQuotes: Bool
        var isQuoted: Bool
    }

    /// One record; its memory is the scanner's, valid until the next call to ``next(_:)``.
    struct Record {
        /// The record's bytes, terminator excluded (for `\r\n`, the `\r` too).
        var bytes: UnsafeRawBufferPointer
        var fields: [Field]
        /// First and last physical line.
        var lines: ClosedRange<Int>
        /// Why the record is malformed; nil when it is well-formed.
        var problem: String?
        /// Where unescaped quoted fields are written (as long as the longest record).
        fileprivate var scratch: UnsafeMutableRawBufferPointer

        /// A blank line: one unquoted field of spaces and tabs at most.
        var isBlank: Bool {
            fields.count == 1 && !fields[0].isQuoted
                && RecordFields.trimmed(UnsafeRawBufferPointer(rebasing: bytes[fields[0].start..<fields[0].end])).isEmpty
        }

        /// The text of field `index`, quotes removed and `""` unescaped (into scratch space shared by the record's
        /// fields: each field's slice stays valid while the record is current).
        mutating func value(_ index: Int, scratchOffset: inout Int) -> UnsafeRawBufferPointer {
            let field = fields[index]
            let raw = UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
            guard field.hasEscapedQuotes else { return raw }
            let base = scratchOffset
            var skip = false
            for byte in raw {
                if byte == UInt8(ascii: "\"") && skip { skip = false; continue }
                skip = byte == UInt8(ascii: "\"")
                scratch[scratchOffset] = byte
                scratchOffset += 1
            }
            return UnsafeRawBufferPointer(rebasing: scratch[base..<scratchOffset])
        }
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, closed }

    private let fd: Int32
    private let delimiter: UInt8?
    private let limits: FleetFileLimits
    private let buffer: UnsafeMutableRawBufferPointer
    private let scratch: UnsafeMutableRawBufferPointer
    private var start = 0, end = 0
    private var eof = false
    private var atFileStart: Bool
    /// The physical line the next record starts on.
    private(set) var line: Int
    private var fields: [Field] = []
    /// Bytes of the range not read yet (nil: up to the end of the file).
    private var unread: Int?
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int
    /// Whether the range ended inside a quoted field (the last record is then reported unterminated). For a
    /// range cut at a line start, it means the cut was inside a field's quotes.
    private(set) var endedInsideQuotes = false

    /// Opens `path` for reading. `delimiter` nil reads plain lines (no quoting).
    /// - Parameters:
    ///   - range: the bytes to read (a record boundary to the end of a line), nil for the whole file; the range
    ///     is read as if it were the file (a BOM is skipped only at offset 0).
    ///   - firstLine: the physical line number the range starts on.
    /// - Throws: `FleetFileError` when the file cannot be opened.
    init(path: String, delimiter: UInt8?, limits: FleetFileLimits, range: Range<Int>? = nil, firstLine: Int = 1) throws {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FleetFileError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        if let range, range.lowerBound > 0, lseek(fd, off_t(range.lowerBound), SEEK_SET) < 0 {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw FleetFileError("cannot read '\(path)': \(reason)")
        }
        self.delimiter = delimiter
        self.limits = limits
        unread = range?.count
        bufferOffset = range?.lowerBound ?? 0
        atFileStart = bufferOffset == 0
        line = firstLine
        buffer = .allocate(byteCount: max(limits.chunkBytes, 1) + limits.maxRecordBytes + 1, alignment: 8)
        scratch = .allocate(byteCount: limits.maxRecordBytes + 1, alignment: 8)
    }

    /// The file offset of the next record (after the one last handed to `next`).
    var offset: Int { bufferOffset + start }

    deinit {
        close(fd)
        buffer.deallocate()
        scratch.deallocate()
    }

    /// Reads more bytes after the unconsumed ones (moved to the front first). Returns false at end of file.
    private mutating func fill() throws -> Bool {
        if start > 0 {
            if end > start { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start) }
            end -= start
            bufferOffset += start
            start = 0
        }
        guard end < buffer.count else { return true }  // full: the caller handles an overlong record
        var count: Int
        let wanted = min(buffer.count - end, unread ?? Int.max)
        repeat {
            count = wanted == 0 ? 0 : read(fd, buffer.baseAddress! + end, wanted)
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw FleetFileError("read error: \(String(cString: strerror(errno)))") }
        if count == 0 { eof = true; return false }
        if let remaining = unread { unread = remaining - count }
        end += count
        if atFileStart {
            atFileStart = false
            if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        }
        return true
    }

    /// Calls `body` with the next record, blank lines included; returns false at the end of the file.
    mutating func next(_ body: (inout Record) throws -> Void) throws -> Bool {
        if start == end, !eof { _ = try fill() }
        if start == end, eof { return false }
        fields.removeAll(keepingCapacity: true)
        if let (recordEnd, terminator, tooManyFields) = scanUnquotedLine() {
            return try deliver(body, recordEnd: recordEnd, terminator: terminator, newlines: 0,
                               problem: tooManyFields ? "more than \(limits.maxFields) fields" : nil)
        }
        var state = State.fieldStart
        var position = start
        var fieldStart = 0, fieldEnd = 0, escaped = false, quoted = false
        var newlines = 0
        var problem: String?
        var recordEnd = 0, terminator = 0
        func endField(at relativeEnd: Int) {
            if fields.count < limits.maxFields {
                fields.append(Field(start: fieldStart, end: relativeEnd, hasEscapedQuotes: escaped, isQuoted: quoted))
            } else if problem == nil {
                problem = "more than \(limits.maxFields) fields"
            }
            escaped = false
            quoted = false
        }
        scan: while true {
            if position == end {
                let offset = position - start
                var more = false
                if !eof { more = try fill() }
                if !more {
                    // End of file ends the record.
                    switch state {
                    case .quoted:
                        endedInsideQuotes = true
                        problem = problem ?? "unterminated quoted field (its opening quote is on line \(line))"
                        endField(at: offset)
                        // A final line break ends the last line, it does not start another.
                        if offset > 0, buffer[start + offset - 1] == UInt8(ascii: "\n") { newlines -= 1 }
                    case .quoteInQuoted: endField(at: offset - 1)
                    case .closed: endField(at: fieldEnd)
                    default:
                        fieldStart = state == .fieldStart ? offset : fieldStart
                        endField(at: offset)
                    }
                    position = start + offset
                    recordEnd = offset
                    terminator = 0
                    break scan
                }
                position = start + offset
                if position == end {
                    // The buffer is full of one record: skip it to the end of its physical line.
                    return try skipOverlong(body, newlines: newlines)
                }
            }
            let byte = buffer[position]
            let offset = position - start
            position += 1
            switch state {
            case .fieldStart:
                if byte == UInt8(ascii: "\""), delimiter != nil {
                    state = .quoted
                    quoted = true
                    fieldStart = offset + 1
                    continue
                }
                fieldStart = offset
                state = .unquoted
                fallthrough
            case .unquoted:
                if byte == UInt8(ascii: "\n") {
                    let contentEnd = offset > fieldStart && buffer[position - 2] == UInt8(ascii: "\r") ? offset - 1 : offset
                    endField(at: contentEnd)
                    recordEnd = contentEnd
                    terminator = offset + 1 - contentEnd
                    break scan
                } else if delimiter != nil && byte == delimiter {
                    endField(at: offset)
                    state = .fieldStart
                } else if byte == UInt8(ascii: "\""), delimiter != nil, problem == nil {
                    problem = "a quote inside an unquoted field (field \(fields.count + 1)); quote the whole field"
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") { state = .quoteInQuoted } else if byte == UInt8(ascii: "\n") { newlines += 1 }
            case .quoteInQuoted:
                if byte == UInt8(ascii: "\"") {
                    escaped = true
                    state = .quoted
                    continue
                }
                fieldEnd = offset - 1
                state = .closed
                fallthrough
            case .closed:
                if byte == UInt8(ascii: "\n") {
                    endField(at: fieldEnd)
                    recordEnd = buffer[position - 2] == UInt8(ascii: "\r") ? offset - 1 : offset
                    terminator = offset + 1 - recordEnd
                    break scan
                } else if byte == delimiter {
                    endField(at: fieldEnd)
                    state = .fieldStart
                } else if byte != UInt8(ascii: "\r") || (position < end && buffer[position] != UInt8(ascii: "\n")) {
                    if problem == nil { problem = "text after the closing quote of field \(fields.count + 1)" }
                }
            }
        }
        return try deliver(body, recordEnd: recordEnd, terminator: terminator, newlines: newlines, problem: problem)
    }

    /// Hands the record at `start` (`recordEnd` bytes, then `terminator` bytes of line break) to `body` and moves
    /// past it.
    private mutating func deliver(_ body: (inout Record) throws -> Void, recordEnd: Int, terminator: Int,
                                  newlines: Int, problem: String?) throws -> Bool {
        var record = Record(bytes: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + recordEnd)]),
                            fields: fields, lines: line...(line + newlines), problem: problem, scratch: scratch)
        if recordEnd > limits.maxRecordBytes {
            record.problem = "record of \(recordEnd) bytes, longer than the limit of \(limits.maxRecordBytes)"
        }
        line += newlines + (terminator > 0 ? 1 : 0)
        start += recordEnd + terminator
        try body(&record)
        return true
    }

    /// The fast path, for the common record: the buffer holds its whole line and the line has no quote (or this
    /// is a plain-line reader). Splits it on the delimiter into ``fields`` (at most ``FleetFileLimits/maxFields``
    /// kept, like the state machine, which then reports the record) and returns where it ends; nil leaves
    /// everything to the state machine.
    ///
    /// Same result as the state machine on such a line: unquoted fields, a `\r` before the `\n` dropped.
    private mutating func scanUnquotedLine() -> (recordEnd: Int, terminator: Int, tooManyFields: Bool)? {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start
        let available = end - start
        guard let newline = memchr(base, Int32(UInt8(ascii: "\n")), available) else { return nil }
        let length = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
        guard let delimiter else {
            let contentEnd = length > 0 && base[length - 1] == UInt8(ascii: "\r") ? length - 1 : length
            fields.append(Field(start: 0, end: contentEnd, hasEscapedQuotes: false, isQuoted: false))
            return (contentEnd, length + 1 - contentEnd, false)
        }
        if memchr(base, Int32(UInt8(ascii: "\"")), length) != nil { return nil }
        let contentEnd = length > 0 && base[length - 1] == UInt8(ascii: "\r") ? length - 1 : length
        var fieldStart = 0
        var count = 0
        let maxFields = limits.maxFields
        for offset in 0..<contentEnd where base[offset] == delimiter {
            if count < maxFields { fields.append(Field(start: fieldStart, end: offset, hasEscapedQuotes: false, isQuoted: false)) }
            count += 1
            fieldStart = offset + 1
        }
        if count < maxFields { fields.append(Field(start: fieldStart, end: contentEnd, hasEscapedQuotes: false, isQuoted: false)) }
        return (contentEnd, length + 1 - contentEnd, count + 1 > maxFields)
    }

    /// Skips a record longer than the buffer up to the end of its physical line and reports it.
    private mutating func skipOverlong(_ body: (inout Record) throws -> Void, newlines: Int) throws -> Bool {
        // Resynchronise at the first line break from here, ignoring quotes: an unterminated quote must not
        // swallow the rest of the file.
        var skipped = end - start
        start = end
        var found = false
        while !found {
            bufferOffset += end
            start = 0
            end = 0
            guard try fill() else { break }
            if let newline = UnsafeRawBufferPointer(rebasing: buffer[0..<end]).firstIndex(of: UInt8(ascii: "\n")) {
                skipped += newline
                start = newline + 1
                found = true
            } else {
                skipped += end
                start = end
            }
        }
        var record = Record(bytes: UnsafeRawBufferPointer(start: nil, count: 0), fields: [],
                            lines: line...(line + newlines),
                            problem: "record of at least \(skipped) bytes, longer than the limit of "
                                + "\(limits.maxRecordBytes) (skipped to the end of its line)",
                            scratch: scratch)
        line += newlines + 1
        try body(&record)
        return true
    }
}
