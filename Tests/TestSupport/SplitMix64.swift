import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator for reproducible tests.
///
/// Never seeded from the clock: tests take ``testSeed(default:)``, which the environment variable
/// `NEARESTVEHICLE_TEST_SEED` (decimal or 0x-hex) overrides, and print the seed when they fail.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The seed for a seeded test: `NEARESTVEHICLE_TEST_SEED` from the environment when set, else `fallback`.
public func testSeed(default fallback: UInt64) -> UInt64 {
    guard let text = ProcessInfo.processInfo.environment["NEARESTVEHICLE_TEST_SEED"] else { return fallback }
    if text.hasPrefix("0x"), let value = UInt64(text.dropFirst(2), radix: 16) { return value }
    return UInt64(text) ?? fallback
}

/// A message naming the seed, to attach to expectations: "seed 42 (rerun with NEARESTVEHICLE_TEST_SEED=42)".
public func seedNote(_ seed: UInt64) -> String {
    "seed \(seed) (rerun with NEARESTVEHICLE_TEST_SEED=\(seed))"
}
