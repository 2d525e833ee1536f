import Foundation
import Geo
import NIOCore
import NearestVehicle
@testable import NearestVehicleServer
import OceanAPIGenerated
import Testing
import TestSupport

/// The fast path's encoder against the generated types' encoding (the generated handler's own `JSONEncoder`, see
/// ``GeneratedNearestHandler``), byte for byte: the reference is what `serve` sent before the fast path, for the
/// same index values mapped by `LocalNearest.wire`.
@Suite struct LocalAnswerEncoderTests {
    /// Doubles where formatting is tricky: exponent thresholds, shortest round-trip, signed zero, subnormals.
    static let trickyDoubles: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.1 + 0.2, 1e-7, -1e-7, 1e-5, 1e-4, 0.001, 1e15, 1e16, 1e17, 123_456_789_012_345_680,
        9_007_199_254_740_992.nextUp, 1e21, 1e22, -1e21, 1e100, 1.7976931348623157e308, 2.2250738585072014e-308,
        Double.leastNormalMagnitude.nextDown, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        .leastNonzeroMagnitude * 3, 90, -90, 180, -180, 89.99999999999999,
        -179.99999999999997, 48.8566, 2.3522, 0.5, 2.5, 1234.5678, 20_015_086.796_020_57, 1e-300, 3.0e-5,
        100, 1_000_000, 12_345_678.9, 0.000_001, 6_371_008.8,
    ]

    static func randomDouble(_ random: inout SplitMix64, in range: ClosedRange<Double>? = nil) -> Double {
        switch random.next() % 6 {
        case 0: return trickyDoubles[Int(random.next() % UInt64(trickyDoubles.count))]
        case 1: return Double(bitPattern: random.next())  // any finite or not; filtered by the caller
        case 2: return Double(Int64(bitPattern: random.next()) % 1_000_000) / 1000
        case 3: return Double(Int64(bitPattern: random.next()) % 100_000_000_000) / 1_000_000_000
        case 4: return Double(random.next() >> 11) / Double(1 << 53) * (range.map { $0.upperBound - $0.lowerBound } ?? 1e7)
        default: return Double(bitPattern: random.next() & 0x000F_FFFF_FFFF_FFFF)  // subnormal
        }
    }

    /// Characters that need care in JSON and Swift strings.
    static let hostileCharacters: [String] = [
        "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{B}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}",
        "\u{80}", "é", "e\u{301}", "ß", "€", "𝄞", "🚒", "\u{2028}", "\u{FEFF}", " ", "'", "<", "&", "%", "+", "A", "z",
    ]

    static func randomText(_ random: inout SplitMix64) -> String {
        switch random.next() % 5 {
        case 0: return VehicleState.knownStates[Int(random.next() % UInt64(VehicleState.knownStates.count))].rawValue
        case 1: return ""
        default:
            var text = ""
            for _ in 0..<(random.next() % 12) {
                if random.next() % 3 == 0 {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8(random.next() % 128)))
                } else {
                    text += hostileCharacters[Int(random.next() % UInt64(hostileCharacters.count))]
                }
            }
            return text
        }
    }

    /// Ids: numeric (wire writes them), numeric-looking but not `Int64` (wire omits them), or any text.
    static func randomID(_ random: inout SplitMix64) -> String {
        switch random.next() % 8 {
        case 0, 1, 2: return String(random.next() % 100_000)
        case 3: return String(Int64(bitPattern: random.next()))
        case 4: return ["+7", "007", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                        "1e3", " 1", "1 ", "0x1F", "١٢"][Int(random.next() % 11)]
        default: return randomText(&random)
        }
    }

    static func randomTime(_ random: inout SplitMix64) -> Double {
        switch random.next() % 6 {
        case 0: return Double(Int64(random.next() % 2_000_000_000) - 200_000_000) + Double(random.next() % 1000) / 1000
        case 1: return (Double(Int64(random.next() % 2_000_000_000)) + Double(random.next() % 1000) / 1000).nextDown
        case 2: return Double(Int64(random.next() % 1_000_000) - 500_000) * 86_400 + Double(random.next() % 3) - 1
        case 3: return [OceanTimestamp.covered.lowerBound, OceanTimestamp.covered.upperBound,
                        OceanTimestamp.covered.upperBound.nextDown, OceanTimestamp.covered.lowerBound.nextDown,
                        -63_113_904_000, 1e11, -1e11, 0, -0.001, 786_000_000.629, 786_000_000.9995,
                        -1e-9][Int(random.next() % 12)]
        case 4: return Double(Int64(bitPattern: random.next()) % 300_000_000_000) + Double(random.next() >> 11) / Double(1 << 53)
        default: return Double(Int64(random.next() % 1_000_000_000)) / 1000 + 700_000_000
        }
    }

    static func randomVehicle(_ random: inout SplitMix64) -> NearbyVehicle {
        func coordinate(_ limit: Double) -> Double {
            var value = randomDouble(&random, in: -limit...limit)
            while !(value.isFinite && abs(value) <= limit) { value = randomDouble(&random, in: -limit...limit) }
            return random.next() % 2 == 0 ? value : -value
        }
        var distance = randomDouble(&random)
        while !distance.isFinite { distance = randomDouble(&random) }
        let groupId: String? = random.next() % 3 == 0 ? nil : randomID(&random)
        let position = VehiclePosition(
            id: randomID(&random),
            coordinate: try! Coordinate(latitude: coordinate(90), longitude: coordinate(180)),
            timestamp: Date(timeIntervalSinceReferenceDate: randomTime(&random)), customerId: "1",
            groupId: groupId, state: VehicleState(randomText(&random)), isPrivacyMode: random.next() % 2 == 0)
        return NearbyVehicle(vehicle: position, distanceMeters: distance, positionAge: 0)
    }

    static func fastBytes(_ list: NearbyVehicleList) throws -> [UInt8] {
        var buffer = ByteBuffer()
        try #require(LocalAnswerEncoder.write(list, into: &buffer))
        return Array(buffer.readableBytesView)
    }

    @Test func randomAnswersEqualTheGeneratedEncodingByteForByte() async throws {
        let seed = testSeed(default: 0xFA57_E2C0)
        var random = SplitMix64(seed: seed)
        let generated = try GeneratedNearestHandler()
        var answers = 0, vehicles = 0, withGroup = 0, withoutGroup = 0, withId = 0, withoutId = 0
        while answers < 10_000 {
            let count = [0, 1, 1, 2, 3, 10, 10, 25][Int(random.next() % 8)]
            let list = NearbyVehicleList((0..<count).map { _ in Self.randomVehicle(&random) })
            let wire = list.map(LocalNearest.wire)
            let reference = try await generated.encode(wire).body
            let ours = try Self.fastBytes(list)
            if ours != reference {
                Issue.record("""
                    answer \(answers), \(seedNote(seed)):
                    fast:      \(String(decoding: ours, as: UTF8.self))
                    generated: \(String(decoding: reference, as: UTF8.self))
                    """)
                return
            }
            answers += 1
            vehicles += count
            for vehicle in wire {
                if vehicle.group == nil { withoutGroup += 1 } else { withGroup += 1 }
                if vehicle.vehicle?.id == nil { withoutId += 1 } else { withId += 1 }
            }
        }
        // Every optional field both present and absent, many times.
        #expect(min(withGroup, withoutGroup, withId, withoutId) > 1000, "\(seedNote(seed))")
        #expect(vehicles > 50_000)
    }

    /// What `body` writes through ``RawOutput`` (the encoder's writer) into a reservation of `reserving` bytes,
    /// as text; fails the test if it writes more than it reserved.
    static func written(_ reserving: Int, _ body: (inout RawOutput) -> Void) -> String {
        var buffer = ByteBuffer()
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: reserving) { raw in
            var out = RawOutput(raw)
            body(&out)
            #expect(out.count <= reserving, "wrote \(out.count) bytes into \(reserving)")
            return out.count
        }
        return String(buffer: buffer)
    }

    @Test(arguments: LocalAnswerEncoderTests.trickyDoubles + LocalAnswerEncoderTests.trickyDoubles.map { -$0 })
    func numbersAsFoundationWritesThem(_ value: Double) throws {
        let reference = try JSONEncoder().encode([value])
        #expect("[" + Self.written(RawOutput.maxNumberBytes) { $0.number(value) } + "]"
            == String(decoding: reference, as: UTF8.self))
    }

    @Test func randomBitPatternsAsFoundationWritesThem() throws {
        let seed = testSeed(default: 0xD0_0B1E)
        var random = SplitMix64(seed: seed)
        var values: [Double] = []
        while values.count < 200_000 {
            let value = random.next() % 2 == 0 ? Double(bitPattern: random.next()) : Self.randomDouble(&random)
            if value.isFinite { values.append(value) }
        }
        let written = values.map { value in Self.written(RawOutput.maxNumberBytes) { $0.number(value) } }
        let reference = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
        #expect("[" + written.joined(separator: ",") + "]" == reference, "\(seedNote(seed))")
    }

    @Test func integersAsFoundationWritesThem() throws {
        var random = SplitMix64(seed: testSeed(default: 17))
        var values: [Int64] = [0, 1, -1, 9, 10, -10, .max, .min, .max - 1, .min + 1, 1_000_000_000_000_000_000]
        for _ in 0..<10_000 { values.append(Int64(bitPattern: random.next()) >> (random.next() % 64)) }
        for value in values {
            #expect(Self.written(RawOutput.maxIntegerBytes) { $0.integer(value) }
                == String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
        }
    }

    @Test func everyASCIICharacterEscapedAsFoundationDoes() throws {
        for byte in UInt8(0)...UInt8(127) {
            let text = "a" + String(UnicodeScalar(byte)) + "b"
            #expect(Self.written(RawOutput.maxStringBytes(text)) { $0.string(text) }
                == String(decoding: try JSONEncoder().encode(text), as: UTF8.self), "byte \(byte)")
        }
    }

    @Test func datesAsTheOceanTranscoderWritesThem() throws {
        let seed = testSeed(default: 0xDA7E)
        var random = SplitMix64(seed: seed)
        let transcoder = OceanDateTranscoder()
        var covered = 0
        for index in 0..<200_000 {
            var time = Self.randomTime(&random)
            if index % 4 == 0 {  // anywhere in the covered years, any fraction
                let span = OceanTimestamp.covered.upperBound - OceanTimestamp.covered.lowerBound
                time = OceanTimestamp.covered.lowerBound + Double(random.next() >> 11) / Double(1 << 53) * span
            }
            // As the encoder writes `gmtPos`: the fields' 24 characters, or the transcoder's text outside them.
            let text = OceanTimestamp.fields(time).map { fields in
                Self.written(OceanTimestamp.length) { $0.timestamp(fields) }
            } ?? OceanTimestamp.fallback(time)
            let reference = try transcoder.encode(Date(timeIntervalSinceReferenceDate: time))
            if text != reference {
                Issue.record("time \(time): \(text) != \(reference), \(seedNote(seed))")
                return
            }
            if OceanTimestamp.covered.contains(time) { covered += 1 }
        }
        #expect(covered > 150_000)
    }
}
