import Foundation
import OpenAPIRuntime

/// Ocean's `date-time` transcoder: writes ISO 8601 with milliseconds (`2024-12-18T11:05:38.972Z`, as in the docs)
/// and reads ISO 8601 with or without fractional seconds, so a server that drops the milliseconds still decodes.
public struct OceanDateTranscoder: DateTranscoder {
    public init() {}

    public func encode(_ date: Date) throws -> String {
        date.formatted(Self.withFraction)
    }

    public func decode(_ string: String) throws -> Date {
        if let date = try? Self.withFraction.parse(string) { return date }
        if let date = try? Self.withoutFraction.parse(string) { return date }
        throw DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "Expected an ISO 8601 date-time, got \(string.prefix(40))")
        )
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()
}

extension Configuration {
    /// The runtime configuration both the client and the emulator use: Ocean dates, compact JSON with sorted keys.
    public static var ocean: Configuration {
        Configuration(dateTranscoder: OceanDateTranscoder(), jsonEncodingOptions: [.sortedKeys])
    }
}
