import Foundation
import Geo

/// One vehicle row of a peer fleet file (`id,latitude,longitude,timestamp`).
public struct FleetRow: Sendable {
    public var id: String
    public var coordinate: Coordinate
    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixSeconds: Int64
}

/// One row of a peer query file (`qid,latitude,longitude`).
public struct QueryRow: Sendable {
    public var qid: String
    public var coordinate: Coordinate
}

/// A failure to read a peer CSV file: the file, the 1-based line and what was wrong.
public struct PeerCSVError: Error, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let message: String
    public var description: String { "\(path):\(line): \(message)" }
}

/// A small dedicated parser for the peer harness CSV files (../shared/peers `gen_fleet.py` output).
///
/// Reads the whole file into memory and scans bytes: ids and qids are the raw field bytes; decimal numbers
/// with at most 15 significant digits are parsed as `integer mantissa / 10^decimals`, which is the correctly
/// rounded double (both operands are exact doubles and IEEE division rounds correctly), i.e. the same value
/// Python's `float()` gives (`-0.0000000` stays -0.0); anything else falls back to `Double(String)`.
/// Timestamps must be ISO-8601 UTC `YYYY-MM-DDTHH:MM:SSZ`.
public enum PeerCSV {
    public static func loadFleet(path: String) throws -> [FleetRow] {
        let bytes = try readAll(path)
        var rows: [FleetRow] = []
        rows.reserveCapacity(bytes.count / 44)
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer: buffer, path: path)
            try scanner.expectHeader("id,latitude,longitude,timestamp")
            while !scanner.atEnd {
                if scanner.skipBlankLine() { continue }
                let id = try scanner.stringField(terminator: UInt8(ascii: ","))
                let latitude = try scanner.numberField(terminator: UInt8(ascii: ","))
                let longitude = try scanner.numberField(terminator: UInt8(ascii: ","))
                let seconds = try scanner.timestampField()
                rows.append(FleetRow(id: id, coordinate: try scanner.coordinate(latitude, longitude),
                                     unixSeconds: seconds))
            }
        }
        return rows
    }

    public static func loadQueries(path: String) throws -> [QueryRow] {
        let bytes = try readAll(path)
        var rows: [QueryRow] = []
        rows.reserveCapacity(bytes.count / 30)
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer: buffer, path: path)
            try scanner.expectHeader("qid,latitude,longitude")
            while !scanner.atEnd {
                if scanner.skipBlankLine() { continue }
                let qid = try scanner.stringField(terminator: UInt8(ascii: ","))
                let latitude = try scanner.numberField(terminator: UInt8(ascii: ","))
                let longitude = try scanner.numberField(terminator: UInt8(ascii: "\n"))
                rows.append(QueryRow(qid: qid, coordinate: try scanner.coordinate(latitude, longitude)))
            }
        }
        return rows
    }

    static func readAll(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PeerCSVError(path: path, line: 0, message: "cannot open file")
        }
        defer { try? handle.close() }
        let data = try handle.readToEnd() ?? Data()
        return [UInt8](data)
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    struct Scanner {
        let buffer: UnsafeBufferPointer<UInt8>
        let path: String
        var position = 0
        var line = 1

        init(buffer: UnsafeBufferPointer<UInt8>, path: String) {
            self.buffer = buffer
            self.path = path
        }

        var atEnd: Bool { position >= buffer.count }

        func error(_ message: String) -> PeerCSVError { PeerCSVError(path: path, line: line, message: message) }

        mutating func expectHeader(_ header: String) throws {
            let field = try stringField(terminator: UInt8(ascii: "\n"))
            let trimmed = field.hasSuffix("\r") ? String(field.dropLast()) : field
            guard trimmed == header else { throw error("expected header '\(header)', found '\(trimmed)'") }
        }

        mutating func skipBlankLine() -> Bool {
            if buffer[position] == UInt8(ascii: "\n") {
                position += 1
                line += 1
                return true
            }
            if buffer[position] == UInt8(ascii: "\r"), position + 1 < buffer.count,
               buffer[position + 1] == UInt8(ascii: "\n") {
                position += 2
                line += 1
                return true
            }
            return false
        }

        /// Consumes up to `terminator` (or end of line / file) and the terminator itself.
        mutating func endField(_ terminator: UInt8) throws {
            if position >= buffer.count {
                guard terminator == UInt8(ascii: "\n") else { throw error("unexpected end of file") }
                return
            }
            if buffer[position] == UInt8(ascii: "\r") { position += 1 }
            guard position < buffer.count else { return }
            guard buffer[position] == terminator else {
                throw error("unexpected byte '\(Character(UnicodeScalar(buffer[position])))'")
            }
            position += 1
            if terminator == UInt8(ascii: "\n") { line += 1 }
        }

        mutating func stringField(terminator: UInt8) throws -> String {
            let start = position
            while position < buffer.count, buffer[position] != terminator, buffer[position] != UInt8(ascii: "\n") {
                position += 1
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
            guard !text.isEmpty else { throw error("empty field") }
            try endField(terminator)
            return text
        }

        mutating func numberField(terminator: UInt8) throws -> Double {
            let start = position
            var negative = false
            if position < buffer.count, buffer[position] == UInt8(ascii: "-") {
                negative = true
                position += 1
            } else if position < buffer.count, buffer[position] == UInt8(ascii: "+") {
                position += 1
            }
            var mantissa: UInt64 = 0
            var digits = 0
            var decimals = 0
            var seenPoint = false
            var simple = true
            while position < buffer.count {
                let byte = buffer[position]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                    digits += 1
                    if seenPoint { decimals += 1 }
                } else if byte == UInt8(ascii: "."), !seenPoint {
                    seenPoint = true
                } else if byte == terminator || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    break
                } else {
                    simple = false  // exponent, inf, nan...: let the standard library decide
                }
                position += 1
            }
            let value: Double
            if simple, digits > 0, digits <= 15, decimals <= 22 {
                let magnitude = Double(mantissa) / Scanner.powersOfTen[decimals]
                value = negative ? -magnitude : magnitude
            } else {
                let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
                guard let parsed = Double(text) else { throw error("not a number: '\(text)'") }
                value = parsed
            }
            try endField(terminator)
            return value
        }

        static let powersOfTen: [Double] = (0...22).map { exponent in
            var value = 1.0
            for _ in 0..<exponent { value *= 10 }
            return value
        }

        /// `YYYY-MM-DDTHH:MM:SSZ` (then end of line) as seconds since 1970.
        mutating func timestampField() throws -> Int64 {
            guard position + 20 <= buffer.count else { throw error("truncated timestamp") }
            func number(_ offset: Int, _ length: Int) throws -> Int {
                var value = 0
                for index in position + offset ..< position + offset + length {
                    let byte = buffer[index]
                    guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                        throw error("bad timestamp digit")
                    }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            guard buffer[position + 4] == UInt8(ascii: "-"), buffer[position + 7] == UInt8(ascii: "-"),
                  buffer[position + 10] == UInt8(ascii: "T"), buffer[position + 13] == UInt8(ascii: ":"),
                  buffer[position + 16] == UInt8(ascii: ":"), buffer[position + 19] == UInt8(ascii: "Z") else {
                throw error("timestamp is not YYYY-MM-DDTHH:MM:SSZ")
            }
            let days = PeerCSV.daysFromCivil(year: try number(0, 4), month: try number(5, 2), day: try number(8, 2))
            let seconds = days * 86_400 + (try number(11, 2)) * 3600 + (try number(14, 2)) * 60 + (try number(17, 2))
            position += 20
            try endField(UInt8(ascii: "\n"))
            return Int64(seconds)
        }

        func coordinate(_ latitude: Double, _ longitude: Double) throws -> Coordinate {
            do {
                return try Coordinate(latitude: latitude, longitude: longitude)
            } catch {
                throw self.error("invalid coordinate: \(error)")
            }
        }
    }
}
