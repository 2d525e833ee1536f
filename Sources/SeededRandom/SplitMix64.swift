/// SplitMix64: a tiny, fast, seedable 64-bit generator, the one seeded generator of the package (emulator worlds,
/// seeded tests, benchmark fleets).
///
/// Guy L. Steele Jr., Doug Lea, Christine H. Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014
/// (the `mix64` finaliser with Stafford's "Mix13" constants, golden-gamma increment `0x9E37_79B9_7F4A_7C15`).
///
/// The sequence depends on the seed only, never on the clock or the platform: a seed names a fleet, a road network
/// or a test case exactly, on every machine and in every build. Not cryptographically secure.
///
/// ```swift
/// var generator = SplitMix64(seed: 42)
/// let latitude = Double.random(in: -90...90, using: &generator)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// - Parameter seed: any value, 0 included; equal seeds give equal sequences.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
