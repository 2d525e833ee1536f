/// Ocean's `radiusUnit` vocabulary (the spec's list: m, km, mi, ft, nmi, and common spellings), with metres per
/// unit: the one table of it, for the emulator (which answers 400 for anything else) and `nearest serve` (which
/// answers locally only what upstream would answer the same way). No PROJ here on purpose: the emulator must not
/// pull it in.
public enum OceanRadiusUnit {
    /// Metres per unit, by lower-cased name. An absent or empty `radiusUnit` means kilometres.
    public static let metersPerUnit: [String: Double] = [
        "m": 1, "meter": 1, "meters": 1, "metre": 1, "metres": 1,
        "km": 1_000, "kilometer": 1_000, "kilometers": 1_000, "kilometre": 1_000, "kilometres": 1_000,
        "mi": 1_609.344, "mile": 1_609.344, "miles": 1_609.344,
        "ft": 0.3048, "foot": 0.3048, "feet": 0.3048,
        "nmi": 1_852, "nm": 1_852, "kmi": 1_852,
    ]
}
