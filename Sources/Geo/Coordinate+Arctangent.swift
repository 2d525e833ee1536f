extension Coordinate {
    /// `atan2(y, x)` for `y, x >= 0` not both zero, in [0, π/2]: the haversine's half central angle from `√h` and
    /// `√(1 − h)` (``centralAngle(to:cosineOfLatitude:otherCosineOfLatitude:)``), without a libm call.
    ///
    /// The smaller over the larger of the two is a ratio `t` in [0, 1]; `atan t = atan(i/16) + atan u` with `i/16`
    /// the sixteenth at or below `t` (from a `Float` division: only the choice of `i` depends on it) and
    /// `u = (y − c x) / (x + c y)`, `c = i/16`, so `0 <= u < 1/16` (up to 1e-8 below 0); `atan u` by its Taylor series
    /// to `u¹³` (the next term is below 1e-18 of `u`); `atan(i/16)` and `π/2` from a table in two parts
    /// (``_arctangentOfSixteenths(_:)``).
    /// Within 1.5 ulp of the exact `atan2` over its whole range (`ArctangentTests`, against mpmath), where
    /// libm's `atan2` took ~150 instructions and its branches.
    @inlinable @inline(__always)
    static func _halfAngle(sine y: Double, cosine x: Double) -> Double {
        if y <= x {
            let (head, tail) = _arctangent(y, over: x)
            return head + tail
        }
        // π/2 − atan(x / y), π/2 in two parts.
        let (head, tail) = _arctangent(x, over: y)
        return (0x1.921fb54442d18p+0 - head) + (0x1.1a62633145c07p-54 - tail)
    }

    /// `atan(y / x)` for `0 <= y <= x`, `x > 0`, as a table value and the rest (head + tail; see
    /// ``_halfAngle(sine:cosine:)``).
    @inlinable @inline(__always)
    static func _arctangent(_ y: Double, over x: Double) -> (head: Double, tail: Double) {
        // Float(y) <= Float(x) (rounding is monotone), so the ratio is at most 1 and `i` at most 16. The sixteenth
        // at or below the ratio, so that `u` is (up to the `Float` ratio's rounding) non-negative: `atan(i/16)` and
        // `atan u` then add without cancelling.
        let i = Int(Float(y) / Float(x) * 16)
        let c = Double(i) * (1.0 / 16)
        let u = (y - c * x) / (x + c * y)
        let u2 = u * u
        let u4 = u2 * u2
        let series = u + u * u2 * ((-1.0 / 3 + u2 * (1.0 / 5))
            + u4 * ((-1.0 / 7 + u2 * (1.0 / 9)) + u4 * (-1.0 / 11 + u2 * (1.0 / 13))))
        let (head, tail) = _arctangentOfSixteenths(i)
        return (head, series + tail)
    }

    /// `atan(i/16)` for `i` in 0...16 as the nearest binary64 value and the nearest binary64 value of the
    /// remainder: `Scripts/arctangent-table.py` (mpmath, 50 digits) printed these. A switch of constants, which the
    /// compiler turns into two lookup tables in the caller's module (no global to initialise).
    @inlinable @inline(__always)
    static func _arctangentOfSixteenths(_ i: Int) -> (head: Double, tail: Double) {
        switch i {
        case 0: return (0x0.0p+0, 0x0.0p+0)
        case 1: return (0x1.ff55bb72cfdeap-5, -0x1.c934d86d23f1dp-60)
        case 2: return (0x1.fd5ba9aac2f6ep-4, -0x1.cd37686760c17p-59)
        case 3: return (0x1.7b97b4bce5b02p-3, 0x1.347b0b4f881cap-58)
        case 4: return (0x1.f5b75f92c80ddp-3, 0x1.8ab6e3cf7afbdp-57)
        case 5: return (0x1.362773707ebccp-2, -0x1.963a544b672d8p-57)
        case 6: return (0x1.6f61941e4def1p-2, -0x1.c63aae6f6e918p-56)
        case 7: return (0x1.a64eec3cc23fdp-2, -0x1.24dec1b50b7ffp-56)
        case 8: return (0x1.dac670561bb4fp-2, 0x1.a2b7f222f65e2p-56)
        case 9: return (0x1.0657e94db30d0p-1, -0x1.d5b495f6349e6p-56)
        case 10: return (0x1.1e00babdefeb4p-1, -0x1.928df287a668fp-58)
        case 11: return (0x1.345f01cce37bbp-1, 0x1.1021137c71102p-55)
        case 12: return (0x1.4978fa3269ee1p-1, 0x1.2419a87f2a458p-56)
        case 13: return (0x1.5d58987169b18p-1, 0x1.0028e4bc5e7cap-57)
        case 14: return (0x1.700a7c5784634p-1, -0x1.8c34d25aadef6p-56)
        case 15: return (0x1.819d0b7158a4dp-1, -0x1.bf76229d3b917p-56)
        default: return (0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55)
        }
    }
}
