/// A cost of the assignment problem, compared lexicographically: first how many rows go unserved (``penalty``),
/// then metres. Leaving a row unserved costs `(1, 0)`, every vehicle `(0, metres)`: a minimum-cost assignment
/// serves as many rows as any assignment can, and among those has the least total distance — with no "big M"
/// constant that would cost the metres their precision.
struct AssignmentCost: Comparable, Hashable, Sendable {
    var penalty: Int
    var meters: Double

    static let zero = AssignmentCost(penalty: 0, meters: 0)
    static let unserved = AssignmentCost(penalty: 1, meters: 0)

    static func meters(_ meters: Double) -> AssignmentCost { AssignmentCost(penalty: 0, meters: meters) }

    static func + (lhs: Self, rhs: Self) -> Self { Self(penalty: lhs.penalty + rhs.penalty, meters: lhs.meters + rhs.meters) }
    static func - (lhs: Self, rhs: Self) -> Self { Self(penalty: lhs.penalty - rhs.penalty, meters: lhs.meters - rhs.meters) }
    static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }

    static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.penalty != rhs.penalty ? lhs.penalty < rhs.penalty : lhs.meters < rhs.meters
    }
}
