extension LengthUnit {
    /// Common spellings that PROJ's database does not know, mapped to the unit's identifier. PROJ has "m",
    /// "metre", "km", "kilometre", "mi", "Statute mile", "kmi", "nautical mile", "ft", "foot", "yd", "yard", but not
    /// "meters", "kilometer", "miles", "nmi" or "NM"; `LengthUnitTests.aliasesPointAtDatabaseUnits` checks that
    /// every target exists in the database.
    static let aliases: [String: String] = [
        "meter": "EPSG:9001", "meters": "EPSG:9001", "metres": "EPSG:9001",
        "kilometer": "EPSG:9036", "kilometers": "EPSG:9036", "kilometres": "EPSG:9036",
        "centimeter": "EPSG:1033", "centimeters": "EPSG:1033", "centimetres": "EPSG:1033",
        "millimeter": "EPSG:1025", "millimeters": "EPSG:1025", "millimetres": "EPSG:1025",
        "mile": "EPSG:9093", "miles": "EPSG:9093", "statute miles": "EPSG:9093",
        "nmi": "EPSG:9030", "nm": "EPSG:9030", "nautical miles": "EPSG:9030",
        "feet": "EPSG:9002", "international foot": "EPSG:9002",
        "yards": "EPSG:9096",
        "us survey feet": "EPSG:9003", "survey foot": "EPSG:9003", "survey feet": "EPSG:9003",
        "us survey miles": "EPSG:9035",
    ]

    /// Finds the unit a user means, case-insensitively and ignoring surrounding or repeated spaces.
    ///
    /// Accepted, in this order: PROJ short names (`m`, `km`, `ft`, `us-ft`, `mi`, `kmi`, `yd`, ...), official
    /// names (`kilometre`, `Statute mile`, `US survey foot`), identifiers (`EPSG:9036`), and the spellings of
    /// ``aliases`` (`meters`, `kilometers`, `miles`, `nmi`, `NM`, `feet`, ...). ``acceptedNames()`` lists them all.
    ///
    /// Note that `nm` means the nautical mile (as in aviation and shipping), never the nanometre.
    ///
    /// - Throws: ``UnknownLengthUnitError`` naming the input and up to three close accepted names, or
    ///   ``ProjError`` if PROJ's unit database cannot be read.
    public static func resolve(_ text: String) throws -> LengthUnit {
        let key = normalized(text)
        let units = try all()
        if let unit = units.first(where: { $0.shortName.map(normalized) == key }) { return unit }
        if let unit = units.first(where: { normalized($0.name) == key }) { return unit }
        if let unit = units.first(where: { normalized($0.identifier) == key }) { return unit }
        if let identifier = aliases[key], let unit = units.first(where: { $0.identifier == identifier }) {
            return unit
        }
        throw UnknownLengthUnitError(input: text, suggestions: suggestions(for: key, among: try acceptedNames()))
    }

    /// Every spelling ``resolve(_:)`` accepts, paired with its unit, sorted by unit factor then spelling.
    public static func acceptedNames() throws(ProjError) -> [(name: String, unit: LengthUnit)] {
        let units = try all()
        var names: [(name: String, unit: LengthUnit)] = []
        for unit in units {
            if let short = unit.shortName { names.append((short, unit)) }
            names.append((unit.name, unit))
            names.append((unit.identifier, unit))
        }
        for (alias, identifier) in aliases {
            if let unit = units.first(where: { $0.identifier == identifier }) { names.append((alias, unit)) }
        }
        return names.sorted { ($0.unit.metersPerUnit, $0.name) < ($1.unit.metersPerUnit, $1.name) }
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Up to three accepted names closest to `key` by edit distance (ties: shorter name first).
    static func suggestions(for key: String, among accepted: [(name: String, unit: LengthUnit)]) -> [String] {
        var best: [String: Int] = [:]
        for (name, _) in accepted {
            let distance = editDistance(key, normalized(name))
            if distance <= max(2, key.count / 2) { best[name] = min(best[name] ?? .max, distance) }
        }
        return best.sorted { ($0.value, $0.key.count, $0.key) < ($1.value, $1.key.count, $1.key) }
            .prefix(3).map(\.key)
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// A unit name that PROJ's database and our aliases do not know.
public struct UnknownLengthUnitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text as the user gave it.
    public let input: String
    /// Up to three accepted names close to the input (may be empty).
    public let suggestions: [String]

    public var description: String {
        let hint = suggestions.isEmpty
            ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
        return "unknown length unit '\(input)'\(hint) (accepted: m, km, mi, nmi, ft, us-ft, yd, EPSG:xxxx ...)"
    }
}
