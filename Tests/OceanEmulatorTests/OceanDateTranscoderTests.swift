import Foundation
import OceanAPIGenerated
import SeededRandom
import Testing

/// `OceanDateTranscoder`, the `date-time` codec of every generated type (client, emulator, serve): the text it
/// writes, and that text surviving a read and a re-write unchanged (what FleetSync then `serve` do with `gmtPos`).
@Suite struct OceanDateTranscoderTests {
    static let seed: UInt64 = 0xDA7E_0C3A
    static let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Written out by hand (UTC): rounding to the nearest millisecond, days before 1970, a leap day.
    @Test(arguments: [
        (1_800_000_000.629, "2027-01-15T08:00:00.629Z"),
        (1_800_061_927.668, "2027-01-16T01:12:07.668Z"),
        (1_800_000_000.9996, "2027-01-15T08:00:01.000Z"),
        (1_800_000_000.0004, "2027-01-15T08:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (0, "1970-01-01T00:00:00.000Z"),
        (951_868_799.999, "2000-02-29T23:59:59.999Z"),
        (253_402_300_799.0, "9999-12-31T23:59:59.000Z"),
    ])
    func writesMillisecondsInUTC(secondsSince1970: Double, text: String) throws {
        #expect(try OceanDateTranscoder().encode(Date(timeIntervalSince1970: secondsSince1970)) == text)
    }

    /// Whole seconds, where Foundation's formatter is exact: the same text, from 1583 (Foundation's Gregorian
    /// calendar starts in October 1582) to 9999.
    @Test func wholeSecondsAreWrittenAsFoundationWritesThem() throws {
        var random = SplitMix64(seed: Self.seed)
        let first: Int64 = -12_212_553_600  // 1583-01-01T00:00:00Z
        let last: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z
        for _ in 0..<20_000 {
            let seconds = first + Int64(random.next() % UInt64(last - first + 1))
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(try OceanDateTranscoder().encode(date) == date.formatted(Self.foundation), "seed \(Self.seed)")
        }
    }

    /// Regression (issue 20): a `gmtPos` relayed through FleetSync and `serve` lost a millisecond about every other
    /// time (`.668Z` → `.667Z`): Foundation truncates, and the `Date` read from `.668Z` may lie just below it.
    /// Now what the transcoder wrote, read back and written again, is the same text, and the date read back is
    /// within half a millisecond of the original.
    @Test func roundTripIsExact() throws {
        let transcoder = OceanDateTranscoder()
        var random = SplitMix64(seed: Self.seed)
        for _ in 0..<50_000 {
            let milliseconds = 1_700_000_000_000 + Int64(random.next() % 200_000_000_000)
            let noise = Double(random.next() % 1_000) / 1_000_000 - 0.0005  // under half a millisecond
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000 + noise)
            let text = try transcoder.encode(date)
            let back = try transcoder.decode(text)
            #expect(try transcoder.encode(back) == text, "seed \(Self.seed): \(text)")
            #expect(abs(back.timeIntervalSince(date)) <= 0.0005 + 1e-6, "seed \(Self.seed): \(text)")
        }
        // The example from the measurement, and one Foundation alone re-writes as .667.
        for text in ["2027-01-15T07:43:12.629Z", "2027-01-16T01:12:07.668Z"] {
            #expect(try transcoder.encode(transcoder.decode(text)) == text)
        }
    }

    /// Reads what Ocean may send: with or without fractional seconds.
    @Test func readsWithAndWithoutFraction() throws {
        let transcoder = OceanDateTranscoder()
        #expect(try transcoder.decode("2027-01-15T08:00:00Z") == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try transcoder.encode(transcoder.decode("2027-01-15T08:00:00.250Z")) == "2027-01-15T08:00:00.250Z")
        #expect(throws: DecodingError.self) { try transcoder.decode("15/01/2027 08:00:00") }
    }
}
