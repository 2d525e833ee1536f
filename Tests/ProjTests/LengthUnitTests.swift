import Testing
@testable import Proj

@Suite struct LengthUnitTests {
    /// Exact definitions (international yard and pound agreement 1959, US survey foot 1200/3937 m, nautical
    /// mile 1852 m): PROJ's factors must match them within 4 ulp. (PROJ 9.1 stores the US survey foot as
    /// 0.30480060960121924, 3 ulp above the nearest double to 1200/3937.)
    @Test(arguments: [
        ("m", 1.0), ("km", 1000.0), ("ft", 0.3048), ("mi", 1609.344), ("kmi", 1852.0), ("yd", 0.9144),
        ("us-ft", 1200.0 / 3937.0), ("cm", 0.01), ("mm", 0.001),
    ])
    func exactDefinitions(name: String, metersPerUnit: Double) throws {
        let unit = try LengthUnit.resolve(name)
        #expect(abs(unit.metersPerUnit - metersPerUnit) <= 4 * metersPerUnit.ulp, "\(name): \(unit.metersPerUnit)")
    }

    /// Every spelling a dispatcher may type, with the unit it must mean (identifier from the EPSG registry).
    @Test(arguments: [
        ("m", "EPSG:9001"), ("meter", "EPSG:9001"), ("Meters", "EPSG:9001"), ("metre", "EPSG:9001"), ("metres", "EPSG:9001"),
        ("km", "EPSG:9036"), ("KM", "EPSG:9036"), ("kilometer", "EPSG:9036"), ("kilometres", "EPSG:9036"), ("Kilometre", "EPSG:9036"),
        ("mi", "EPSG:9093"), ("mile", "EPSG:9093"), ("miles", "EPSG:9093"), ("Statute mile", "EPSG:9093"),
        ("kmi", "EPSG:9030"), ("nmi", "EPSG:9030"), ("NM", "EPSG:9030"), ("nautical mile", "EPSG:9030"), ("nautical  miles", "EPSG:9030"),
        ("ft", "EPSG:9002"), ("foot", "EPSG:9002"), ("feet", "EPSG:9002"), ("us-ft", "EPSG:9003"), ("US survey foot", "EPSG:9003"),
        ("yd", "EPSG:9096"), ("yard", "EPSG:9096"), ("yards", "EPSG:9096"),
        ("EPSG:9036", "EPSG:9036"), ("epsg:9030", "EPSG:9030"), (" km ", "EPSG:9036"),
    ])
    func resolvesSpellings(input: String, identifier: String) throws {
        #expect(try LengthUnit.resolve(input).identifier == identifier)
    }

    @Test func unknownUnitNamesInputAndSuggestions() {
        do {
            _ = try LengthUnit.resolve("kilomter")
            Issue.record("expected an error")
        } catch let error as UnknownLengthUnitError {
            #expect(error.input == "kilomter")
            #expect(error.suggestions.contains("kilometer"))
            #expect(error.description.contains("unknown length unit 'kilomter'"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test(arguments: ["", "parsec", "EPSG:4326", "furlongs!!"])
    func rejectsNonUnits(input: String) {
        #expect(throws: UnknownLengthUnitError.self) { try LengthUnit.resolve(input) }
    }

    /// The alias table is ours; each target must exist in PROJ's database, and no alias may shadow a name PROJ
    /// gives another unit.
    @Test func aliasesPointAtDatabaseUnits() throws {
        let units = try LengthUnit.all()
        for (alias, identifier) in LengthUnit.aliases {
            #expect(units.contains { $0.identifier == identifier }, "\(alias) -> \(identifier)")
            let clash = units.first { $0.shortName?.lowercased() == alias || $0.name.lowercased() == alias }
            #expect(clash == nil || clash?.identifier == identifier, "\(alias) shadows \(clash!.identifier)")
        }
    }

    /// PROJ 9 has about 60 non-deprecated linear units, 16+ with short names; the list feeds `nearest units`.
    @Test func listsTheDatabase() throws {
        let units = try LengthUnit.all()
        #expect(units.count >= 45)
        #expect(units.filter { $0.shortName != nil }.count >= 16)
        #expect(units.allSatisfy { $0.metersPerUnit > 0 })
        let names = try LengthUnit.acceptedNames().map(\.name)
        for expected in ["km", "kilometre", "EPSG:9036", "miles", "nmi"] { #expect(names.contains(expected)) }
    }

    /// Regression: PROJ 9.1's database says 1 decimeter = 0.01 m. Such a unit must be refused, never used;
    /// if a fixed PROJ says 0.1 m, "dm" resolves to exactly that.
    @Test func wrongDatabaseFactorsAreNeverUsed() throws {
        if let decimeter = try? LengthUnit.resolve("dm") {
            #expect(decimeter.metersPerUnit == 0.1)
        } else {
            #expect(throws: UnknownLengthUnitError.self) { try LengthUnit.resolve("decimeter") }
        }
        for unit in try LengthUnit.all() {
            if let defined = LengthUnit.definedFactors[unit.identifier] { #expect(unit.metersPerUnit == defined) }
        }
    }

    @Test func conversions() throws {
        let mile = LengthUnit.statuteMile
        #expect(mile.meters(2) == 3218.688)
        #expect(LengthUnit.nauticalMile.value(fromMeters: 3704) == 2)
        #expect(LengthUnit.kilometer.symbol == "km" && LengthUnit.meter.identifier == "EPSG:9001")
    }
}
