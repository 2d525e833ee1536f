import ArgumentParser
import Foundation
import Proj

/// `nearest units`: every radius unit name accepted by `--unit`, from PROJ's unit database.
struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "List the radius units accepted by --unit (from PROJ's unit database) with their factor to metres.")

    @Flag(name: .long, help: "Also list every accepted spelling (aliases, EPSG codes).")
    var all = false

    func run() throws {
        print(try Self.render(all: all), terminator: "")
    }

    static func render(all: Bool) throws -> String {
        var table = Table(headers: ["unit", "short name", "identifier", "metres per unit"], numericColumns: [3])
        for unit in try LengthUnit.all() {
            table.rows.append([unit.name, unit.shortName ?? "", unit.identifier, format(unit.metersPerUnit)])
        }
        var text = table.render()
        if all {
            var names = Table(headers: ["accepted name", "unit"])
            for (name, unit) in try LengthUnit.acceptedNames() { names.rows.append([name, unit.name]) }
            text += "\n" + names.render()
        } else {
            text += "\nAlso accepted: common spellings (meters, kilometers, miles, nmi, NM, feet, yards) and EPSG codes; "
                + "`nearest units --all` lists them.\n"
        }
        return text
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
