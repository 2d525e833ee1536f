import NearestVehicle

/// Batch dispatch: sends vehicles of one customer's fleet to many incidents at once, each vehicle at most once, at
/// the least total crow-flies distance — exactly, not heuristically.
///
/// ```swift
/// let dispatcher = Dispatcher(index: index, filter: VehicleFilter(customerId: "1001", states: [.traveling]))
/// let plan = try dispatcher.plan([
///     Incident(id: "crash", point: try Coordinate(latitude: 48.85, longitude: 2.35), vehiclesNeeded: 2),
///     Incident(id: "fall", point: try Coordinate(latitude: 48.86, longitude: 2.34), priority: 2),
/// ])
/// plan.assignments   // per incident, its vehicles; plan.totalDistanceMeters, plan.unserved, plan.greedy
/// ```
///
/// **What "best" means.** Incidents are served by priority, most urgent (lowest number) first: priority 1's
/// incidents get vehicles from the whole eligible fleet, then priority 2's from what is left, and so on
/// (lexicographic). Within one priority the plan serves as many of the needed vehicles as the free fleet allows,
/// and among all such plans has the least total distance (haversine, R = 6 371 008.8 m, as ``FleetIndex`` ranks).
///
/// **Why it is exact.** Each priority is a minimum-cost assignment (``SparseAssignment``: incidents needing n
/// vehicles become n rows) on candidate lists from the index's k-nearest query — not on the whole fleet. The lists
/// are proven long enough, not assumed: every incident `i` whose list is not its whole eligible fleet gets
/// `vehiclesNeeded` extra "outside" columns of its own, each costing `L_i`, the distance of the last vehicle of its
/// list (less 1 µm for the index's rounding), which no vehicle outside the list can beat. This relaxed problem's
/// optimum is at most the true optimum: any true plan maps onto it at no greater cost (a vehicle from outside
/// `i`'s list becomes one of `i`'s outside columns, which cost no more, and outside columns are never shared). So
/// when the relaxed optimum uses no outside column it *is* a true plan, and optimal. When it uses one, that
/// incident's list is grown and the problem solved again; a list that holds the whole eligible fleet, or as many
/// free vehicles as the priority needs in all (an exchange argument: no optimal plan needs a vehicle beyond those),
/// has no outside columns. Unserved rows cost `(1, 0)` in a lexicographic cost (``AssignmentCost``), so shortages are
/// minimised first without a "big M" that would eat the metres' precision. `DispatchOracleTests` checks the totals
/// against brute force and a dense Hungarian solver.
///
/// **Tight fleets.** When a priority needs at least half of the free fleet, or its lists still fail after three
/// rounds, every list goes straight to the size where it needs no outside column (`demand` free vehicles) and the
/// problem, now nearly dense, is solved by ``DenseAssignment`` (same problem, same optimum, a scan instead of a
/// heap) when `demand × free fleet` cells fit (``denseCellLimit``). The certificate is the exchange argument alone
/// then: no row's optimal vehicle lies beyond its `demand` nearest free ones.
///
/// Ties between equally short plans are broken deterministically (candidates in the index's (distance, id) order,
/// incidents in input order): the same input gives the same plan.
public struct Dispatcher: Sendable {
    /// The most vehicles one incident may ask for.
    public static let maximumVehiclesPerIncident = 1_000

    /// The most cells (rows × free vehicles) a level is solved densely with: 16M (128 MB of metres).
    public static let denseCellLimit = 16_000_000

    /// Which assignment solver a level uses; tests pin one to check both against the oracles.
    package enum Solver: Sendable { case automatic, sparse, dense }

    /// The fleet (shared with whatever keeps it fed).
    public let index: FleetIndex
    /// The customer whose vehicles are dispatched, and the default criteria (state, age, privacy…) for incidents
    /// without a filter of their own.
    public let filter: VehicleFilter

    /// `.automatic`: dense for tight levels (see above); `.sparse`: never dense; `.dense`: dense whenever it fits.
    package var solver = Solver.automatic

    public init(index: FleetIndex, filter: VehicleFilter) {
        self.index = index
        self.filter = filter
    }
}
