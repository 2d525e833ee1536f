#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic nanoseconds (CLOCK_MONOTONIC), for timing loops with ~20-30 ns overhead per read.
@inline(__always)
public func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
}

/// Keeps a value alive and opaque to the optimizer (the nearest-bench counterpart of package-benchmark's
/// `blackHole`).
@inline(never)
public func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
