extension FaultConfiguration {
    /// Why a fault configuration or a `--fault` spec was refused: match on ``kind``; the description names the
    /// field, the value (user text truncated to 64 characters) and the valid range.
    public struct InvalidFault: Error, CustomStringConvertible, Sendable, Equatable {
        /// The kinds of refusal; new kinds may be added.
        public struct Kind: Hashable, Sendable, CustomStringConvertible {
            private enum Base: Hashable, Sendable { case outOfRange, badStatus, malformedSpec, unknownFault }
            private let base: Base
            private init(_ base: Base) { self.base = base }

            /// A number outside its documented range.
            public static let outOfRange = Kind(.outOfRange)
            /// `errorBurstStatus` not one of 500, 502, 503, 504.
            public static let badStatus = Kind(.badStatus)
            /// A `--fault` spec that is not `NAME=INTEGER` (or whose integer does not fit 64 bits).
            public static let malformedSpec = Kind(.malformedSpec)
            /// A `--fault` name the emulator does not know.
            public static let unknownFault = Kind(.unknownFault)

            public var description: String { "\(base)" }
        }

        public let kind: Kind
        public let description: String

        static func outOfRange(_ field: String, _ value: Int, _ range: ClosedRange<Int>) -> InvalidFault {
            InvalidFault(
                kind: .outOfRange,
                description: "\(field) \(value) is out of range: must be in \(range.lowerBound)...\(range.upperBound)"
            )
        }

        static func badStatus(_ status: Int) -> InvalidFault {
            InvalidFault(kind: .badStatus, description: "errorBurstStatus \(status) must be 500, 502, 503 or 504")
        }

        static func malformedSpec(_ spec: String) -> InvalidFault {
            InvalidFault(
                kind: .malformedSpec,
                description: "fault '\(EchoedInput.truncated(spec))' is not NAME=INTEGER (a decimal 64-bit integer)"
            )
        }

        static func unknownFault(_ name: String) -> InvalidFault {
            InvalidFault(
                kind: .unknownFault,
                description: "unknown fault '\(EchoedInput.truncated(name))' "
                    + "(latency, jitter, 429-every, retry-after, 500-burst, 503-burst, drop, malformed)"
            )
        }
    }
}
