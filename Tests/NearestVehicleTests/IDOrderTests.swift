import NearestVehicle
import Testing
import TestSupport

/// `VehiclePosition.idPrecedes` (the tie order of every answer) against the byte order of the ids' UTF-8 arrays.
@Suite struct IDOrderTests {
    @Test func matchesUTF8ByteOrder() {
        let alphabet: [String] = ["", "a", "b", "A", "0", "9", "é", "ÿ", "€", "🚑", "\u{0}", "\u{7f}", "\u{80}", "z"]
        var random = SplitMix64(seed: 0x1D0)
        var ids = alphabet + ["V0000001", "V0000010", "V000001", "12", "9", "123456789012345678901", "aé", "ae"]
        for _ in 0..<400 {
            let length = Int(random.next() % 20)
            ids.append((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined())
        }
        for a in ids {
            for b in ids {
                let expected = Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
                if VehiclePosition.idPrecedes(a, b) != expected {
                    Issue.record("\(a.debugDescription) vs \(b.debugDescription): expected \(expected)")
                    return
                }
            }
        }
    }
}
