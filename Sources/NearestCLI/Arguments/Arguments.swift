import FleetFile
import ArgumentParser
import Foundation
import Geo
import NearestVehicleService
import Proj

/// Parsers for option values; each throws a `ValidationError` (exit code 64) naming the value and the problem.
enum Arguments {
    /// "LAT,LON" in WGS84 degrees ("-33.9,151.2"; spaces allowed around the comma).
    static func coordinate(_ text: String) throws -> Coordinate {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let latitude = StrictDecimal.parse(parts[0]),
              let longitude = StrictDecimal.parse(parts[1]) else {
            throw ValidationError("expected LAT,LON in degrees, e.g. 48.8566,2.3522 (decimal numbers), not "
                + TerminalText.quoted(text))
        }
        do {
            return try Coordinate(latitude: latitude, longitude: longitude)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// A length unit by any name PROJ or our alias table knows (`nearest units --all`).
    static func unit(_ text: String) throws -> LengthUnit {
        do {
            return try LengthUnit.resolve(text)
        } catch {
            throw ValidationError("--unit: \(error) (see 'nearest units')")
        }
    }

    /// "1,2,5,10": finite, non-negative values, at least one, sorted ascending and deduplicated.
    static func radii(_ text: String) throws -> [Double] {
        var values: [Double] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let value = StrictDecimal.parse(part), value.isFinite, value >= 0 else {
                throw ValidationError("--radius: \(TerminalText.quoted(part)) is not a non-negative number (decimal)")
            }
            values.append(value)
            guard values.count <= maxRadii else {
                throw ValidationError("--radius: more than \(maxRadii) radii")
            }
        }
        guard !values.isEmpty else { throw ValidationError("--radius: give at least one radius, e.g. 1,2,5,10") }
        return Array(Set(values)).sorted()
    }

    /// A radius in `unit`: finite, at least 0, at most ``maxRadiusMeters`` once in metres. Units stay at this
    /// boundary: the index takes the radius's ``NearestVehicleService/Distance/meters``.
    static func radius(_ value: Double, _ unit: LengthUnit) throws -> Distance {
        guard value * unit.metersPerUnit <= maxRadiusMeters else {
            throw ValidationError("--radius \(Formatting.number(value)) \(unit.displaySymbol) is more than 1e12 m (the "
                + "Earth is 2e7 m across, by the surface)")
        }
        do {
            return try Distance(value, unit)
        } catch {
            throw ValidationError("--radius \(value): \(error)")
        }
    }

    /// Largest radius, metres: far beyond any distance on Earth, far below overflow.
    static let maxRadiusMeters = 1e12
    /// Most radii in one `what-if --radius` list.
    static let maxRadii = 1000
    /// Largest `--k`.
    static let maxK = 10_000_000
    /// Largest count option (`--min-vehicles`, `--worst`).
    static let maxCount = 10_000_000

    /// A strict decimal number option ("2.5"; `0x10`, `inf` and `nan` refused; `-1` read as a value).
    static func decimal(_ text: String, option: String) throws -> Double {
        guard let value = StrictDecimal.parse(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw ValidationError("\(option): \(TerminalText.quoted(text)) is not a decimal number")
        }
        return value
    }

    /// An integer option ("10"; `-1` read as a value and refused by the caller's range check).
    static func count(_ text: String, option: String) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(option): \(TerminalText.quoted(text)) is not a whole number")
        }
        return value
    }
}
