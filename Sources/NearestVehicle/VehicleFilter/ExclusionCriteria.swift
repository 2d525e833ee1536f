/// A filter's criteria applied to one vehicle, each on its own; ``firstExclusion()`` is the one place that
/// orders them (privacy mode, state, entity, group, position age: the order of ``ExclusionCounts``).
///
/// Two evaluators implement the criteria and must agree: ``VehicleFilter/exclusionReason(for:)`` on a
/// ``VehiclePosition`` (log entries, answers from Ocean) and the compiled filter on a tree's attribute columns
/// (codes and masks, the search's hot loop). Generic and specialised in this module, so the shared order costs
/// nothing in that loop.
protocol ExclusionCriteria {
    /// How the evaluator names a vehicle (a value, or an index into columns).
    associatedtype Vehicle
    /// Private, and the filter does not include privacy mode.
    func failsPrivacy(_ vehicle: Vehicle) -> Bool
    func failsState(_ vehicle: Vehicle) -> Bool
    func failsEntity(_ vehicle: Vehicle) -> Bool
    func failsGroup(_ vehicle: Vehicle) -> Bool
    /// Older than the filter's maximum age at its `now`.
    func failsAge(_ vehicle: Vehicle) -> Bool
}

extension ExclusionCriteria {
    /// The first criterion `vehicle` fails, nil when it passes them all.
    @inline(__always)
    func firstExclusion(_ vehicle: Vehicle) -> ExclusionCounts.Reason? {
        if failsPrivacy(vehicle) { return .privacyMode }
        if failsState(vehicle) { return .state }
        if failsEntity(vehicle) { return .entity }
        if failsGroup(vehicle) { return .group }
        if failsAge(vehicle) { return .positionAge }
        return nil
    }
}
