import Testing
@testable import OceanEmulator

/// Durations of the `ocean-emulator` flags (`--token-ttl`, `--idle-timeout`, `--body-timeout`): parsed exactly,
/// refused (never wrapped or trapped) outside their range.
@Suite struct DurationFlagTests {
    static let ttl = EmulatorConfiguration.tokenTTLRange

    @Test(arguments: [
        ("12h", Duration.seconds(43_200)), ("30m", .seconds(1_800)), ("45s", .seconds(45)), ("500ms", .milliseconds(500)),
        ("90", .seconds(90)), ("1ms", .milliseconds(1)), ("366d", .seconds(366 * 86_400)), ("7d", .seconds(604_800)),
    ])
    func accepted(text: String, expected: Duration) throws {
        #expect(try EmulatorConfiguration.parseDuration(text, in: Self.ttl, setting: "--token-ttl") == expected)
    }

    /// Regression (issue 14): `--token-ttl 9999999999999999h` trapped (exit 132) multiplying to milliseconds.
    @Test(arguments: [
        "9999999999999999h", "9223372036854775807ms", "99999999999999999999999", "367d", "0s", "0", "-5s", "+5s",
        "5 s", "", "h", "1.5h", "soon", "١٢h", // Arabic-Indic digits are not ASCII digits
    ])
    func refused(text: String) {
        let error = #expect(throws: InvalidEmulatorSetting.self) {
            try EmulatorConfiguration.parseDuration(text, in: Self.ttl, setting: "--token-ttl")
        }
        #expect(error?.description.hasPrefix("--token-ttl") == true)
    }

    @Test func limitsRanges() throws {
        try EmulatorLimits.standard.validate()
        #expect(throws: InvalidEmulatorSetting.self) { try EmulatorLimits(maxRequestBodyBytes: 0).validate() }
        #expect(throws: InvalidEmulatorSetting.self) { try EmulatorLimits(maxRequestBodyBytes: .max).validate() }
        #expect(throws: InvalidEmulatorSetting.self) { try EmulatorLimits(idleTimeout: .seconds(Int64.max)).validate() }
        #expect(throws: InvalidEmulatorSetting.self) { try EmulatorLimits(requestBodyTimeout: .zero).validate() }
        #expect(throws: InvalidEmulatorSetting.self) { try EmulatorLimits(maxTokensPerUser: 0).validate() }
        let clamped = EmulatorLimits(
            maxRequestBodyBytes: .max, idleTimeout: .seconds(Int64.max), requestBodyTimeout: .zero, maxTokensPerUser: .min
        ).clamped()
        #expect(clamped == EmulatorLimits(
            maxRequestBodyBytes: 64 << 20, idleTimeout: .seconds(3_600), requestBodyTimeout: .milliseconds(10),
            maxTokensPerUser: 1
        ))
    }
}
