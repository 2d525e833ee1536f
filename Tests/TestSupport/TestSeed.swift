import Foundation
// The seeded generator of every test is the package's one SplitMix64; re-exported so that `import TestSupport` is
// all a seeded test needs.
@_exported import SeededRandom

// Never seeded from the clock: tests take ``testSeed(default:)``, which the environment variable
// `NEARESTVEHICLE_TEST_SEED` (decimal or 0x-hex) overrides, and print the seed when they fail (``seedNote(_:)``).

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
