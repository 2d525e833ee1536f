import Foundation
import Geo
import NearestVehicle
import Proj

/// Text for numbers, distances, ages and times, shared by every output format.
enum Formatting {
    /// A distance in `unit` with about a metre of precision: "0.214 km", "214.3 m", "1.37 mi".
    static func distance(_ meters: Double, _ unit: LengthUnit, withUnit: Bool = true) -> String {
        guard meters.isFinite else { return "none" }
        let value = meters / unit.metersPerUnit
        let decimals = unit.metersPerUnit >= 100 ? 3 : unit.metersPerUnit >= 1 ? 1 : 0
        let number = String(format: "%.\(decimals)f", value)
        return withUnit ? "\(number) \(unit.displaySymbol)" : number
    }

    /// A radius as typed: "1 km", "2.5 mi".
    static func radius(_ value: Double, _ unit: LengthUnit) -> String {
        "\(number(value)) \(unit.displaySymbol)"
    }

    /// A number without a useless ".0": 5 -> "5", 2.5 -> "2.5".
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A position age for people: "45 s", "12 min", "3 h 05 min", "2 d 4 h"; "in the future" when negative.
    static func age(_ seconds: TimeInterval) -> String {
        guard seconds >= 0 else { return "future" }
        guard seconds < 1e15 else { return "> 30 My" }  // Int conversion below would trap near Int.max
        let total = Int(seconds.rounded(.down))
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min" }
        if total < 86_400 { return String(format: "%d h %02d min", total / 3600, (total % 3600) / 60) }
        return "\(total / 86_400) d \((total % 86_400) / 3600) h"
    }

    /// ISO 8601 UTC, whole seconds: "2025-06-01T11:58:03Z".
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// "48.8566, 2.3522".
    static func coordinate(_ coordinate: Coordinate) -> String {
        "\(number(coordinate.latitude)), \(number(coordinate.longitude))"
    }

    /// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV line, `\n`-terminated.
    static func csvLine(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",") + "\n"
    }

    /// Pretty JSON with sorted keys, `\n`-terminated.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// What the exclusion counts hold, in the filter's order: "2 in privacy mode (--include-private), 1 older
    /// than --max-age" (only the non-zero counts).
    static func exclusions(_ excluded: ExclusionCounts) -> String {
        var parts: [String] = []
        if excluded.privacyMode > 0 { parts.append("\(excluded.privacyMode) in privacy mode (--include-private)") }
        if excluded.state > 0 { parts.append("\(excluded.state) in another state") }
        if excluded.entity > 0 { parts.append("\(excluded.entity) of another entity") }
        if excluded.group > 0 { parts.append("\(excluded.group) of another group") }
        if excluded.positionAge > 0 { parts.append("\(excluded.positionAge) older than --max-age") }
        if excluded.unknownState > 0 { parts.append("\(excluded.unknownState) of unknown state") }
        if excluded.unknownEntity > 0 { parts.append("\(excluded.unknownEntity) of unknown entity (not in the fleet source)") }
        if excluded.unknownGroup > 0 { parts.append("\(excluded.unknownGroup) of unknown group") }
        if excluded.unknownPositionTime > 0 { parts.append("\(excluded.unknownPositionTime) with an unknown fix time") }
        return parts.joined(separator: ", ")
    }
}
