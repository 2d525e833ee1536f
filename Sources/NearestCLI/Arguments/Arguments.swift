import ArgumentParser
import Foundation
import Geo
import NearestVehicle
import Proj

/// Parsers for option values; each throws a `ValidationError` (exit code 64) naming the value and the problem.
enum Arguments {
    /// "LAT,LON" in WGS84 degrees ("-33.9,151.2"; spaces allowed around the comma).
    static func coordinate(_ text: String) throws -> Coordinate {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]) else {
            throw ValidationError("expected LAT,LON in degrees, e.g. 48.8566,2.3522")
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
            guard let value = Double(part), value.isFinite, value >= 0 else {
                throw ValidationError("--radius: '\(part)' is not a non-negative number")
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw ValidationError("--radius: give at least one radius, e.g. 1,2,5,10") }
        return Array(Set(values)).sorted()
    }

    /// A radius for the core, in `unit`.
    static func radius(_ value: Double, _ unit: LengthUnit) throws -> Distance {
        do {
            return try Distance(value, unit)
        } catch {
            throw ValidationError("--radius \(value): \(error)")
        }
    }
}
