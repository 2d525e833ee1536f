import Proj

extension LengthUnit {
    /// The symbol shown next to distances: PROJ's short name, except where PROJ's is not the one people use —
    /// the international nautical mile is "nmi", not PROJ's "kmi" (which reads as a kilo-mile).
    var displaySymbol: String {
        switch identifier {
        case "EPSG:9030": "nmi"
        default: symbol
        }
    }
}
