/// The `p`-quantile of `values` (p in [0, 1]) by linear interpolation between order statistics (the
/// "type 7" rule of R and numpy's default); nil when `values` is empty. Infinite values sort last.
func percentile(_ values: [Double], _ p: Double) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let position = min(max(p, 0), 1) * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
    if lower == upper || sorted[upper] == sorted[lower] { return sorted[lower] }
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
}
