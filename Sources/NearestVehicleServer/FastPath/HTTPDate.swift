import OceanAPIGenerated

/// The `Date` header's text (RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`), as Hummingbird writes
/// it on the router's answers, for the answers ``LocalNearestChannelHandler`` writes itself. Each handler keeps
/// one: the text is rebuilt when the second changes, so a busy connection formats it at most once a second.
struct HTTPDate {
    private var second: Int64 = .min
    private var text = ""

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The header for the time `timeIntervalSince1970` seconds after 1970 (whole seconds, rounded down).
    mutating func header(timeIntervalSince1970 time: Double) -> String {
        let now = Int64(time.rounded(.down))
        if now != second {
            second = now
            text = Self.format(secondsSince1970: now)
        }
        return text
    }

    /// IMF-fixdate of a whole second since 1970 (years 1583...9999; else the Unix epoch's text, never a crash).
    static func format(secondsSince1970 seconds: Int64) -> String {
        guard let (year, month, day, secondOfDay, _) = OceanDateTranscoder.fields(
            timeIntervalSince1970: Double(seconds))
        else { return "Thu, 01 Jan 1970 00:00:00 GMT" }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekday = Int(((days % 7) + 7) % 7)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[weekday]), \(two(day)) \(months[Int(month) - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }
}
