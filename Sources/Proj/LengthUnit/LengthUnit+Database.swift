import CProj

extension LengthUnit {
    /// Every non-deprecated linear unit of PROJ's database, sorted by factor then name; loaded once.
    ///
    /// - Throws: ``ProjError`` when PROJ's database (proj.db) cannot be read: usually a missing `proj-data`
    ///   package or a wrong `PROJ_DATA` environment variable.
    public static func all() throws(ProjError) -> [LengthUnit] {
        try database.get()
    }

    /// The database, read once per process. A `Result` so that a broken installation is reported, not trapped.
    static let database: Result<[LengthUnit], ProjError> = Result { () throws(ProjError) -> [LengthUnit] in
        try loadDatabase()
    }

    private static func loadDatabase() throws(ProjError) -> [LengthUnit] {
        let context = try ProjContext()
        var count: Int32 = 0
        guard let list = proj_get_units_from_database(context.pointer, nil, "linear", 0, &count) else {
            throw ProjError.last(in: context.pointer, operation: "read the unit database (proj.db)",
                                 fallback: "no units returned; is proj-data installed and PROJ_DATA unset or correct?")
        }
        defer { proj_unit_list_destroy(list) }
        var units: [LengthUnit] = []  // filtered below against `definedFactors`
        for index in 0..<Int(count) {
            guard let info = list[index]?.pointee, info.conv_factor > 0,
                  let auth = info.auth_name, let code = info.code, let name = info.name else { continue }
            units.append(LengthUnit(
                authority: String(cString: auth), code: String(cString: code), name: String(cString: name),
                shortName: info.proj_short_name.map { String(cString: $0) }, metersPerUnit: info.conv_factor))
        }
        units.removeAll { unit in
            guard let defined = definedFactors[unit.identifier] else { return false }
            return abs(unit.metersPerUnit - defined) > 1e-12 * defined
        }
        guard !units.isEmpty else {
            throw ProjError(code: 0, message: "PROJ's unit database has no linear units; is proj-data installed?",
                            operation: "read the unit database (proj.db)")
        }
        return units.sorted { ($0.metersPerUnit, $0.name) < ($1.metersPerUnit, $1.name) }
    }

    /// Units whose factor is fixed by definition, checked against PROJ's database at load time. PROJ up to at
    /// least 9.1 stores PROJ:DM "decimeter" as 0.01 m (it is 0.1 m): a unit that disagrees with its definition is
    /// left out, so "dm" is rejected rather than silently giving a radius ten times too small.
    static let definedFactors: [String: Double] = [
        "EPSG:9001": 1, "EPSG:9036": 1000, "EPSG:1033": 0.01, "EPSG:1025": 0.001, "PROJ:DM": 0.1,
        "EPSG:9002": 0.3048, "EPSG:9093": 1609.344, "EPSG:9030": 1852, "EPSG:9096": 0.9144,
    ]

    /// Looks a unit up by authority and code; traps if PROJ's database lacks it (a broken installation).
    private static func builtIn(_ identifier: String) -> LengthUnit {
        do {
            guard let unit = try all().first(where: { $0.identifier == identifier }) else {
                fatalError("PROJ's unit database has no \(identifier)")
            }
            return unit
        } catch {
            fatalError("\(error)")
        }
    }

    /// The metre (EPSG:9001). Traps only if PROJ's database is unreadable; use ``resolve(_:)`` to get an error.
    public static let meter: LengthUnit = builtIn("EPSG:9001")
    /// The kilometre (EPSG:9036).
    public static let kilometer: LengthUnit = builtIn("EPSG:9036")
    /// The international foot, 0.3048 m (EPSG:9002).
    public static let foot: LengthUnit = builtIn("EPSG:9002")
    /// The statute (international) mile, 1609.344 m (EPSG:9093).
    public static let statuteMile: LengthUnit = builtIn("EPSG:9093")
    /// The nautical mile, 1852 m (EPSG:9030).
    public static let nauticalMile: LengthUnit = builtIn("EPSG:9030")
}
