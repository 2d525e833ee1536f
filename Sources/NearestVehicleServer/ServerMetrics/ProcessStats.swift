import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's own resident memory and CPU time, as Prometheus' standard process collector names them
/// (`process_resident_memory_bytes`, `process_cpu_seconds_total`), read from `/proc/self` when `/metrics` is
/// scraped. Nil where there is no `/proc` (macOS): the metrics are then absent.
struct ProcessStats: Equatable {
    var residentBytes: Double
    var cpuSeconds: Double

    /// Reads `/proc/self/statm` (resident pages) and `/proc/self/stat` (user and system clock ticks).
    static func current() -> ProcessStats? {
        #if os(Linux)
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
        else { return nil }
        return parse(statm: statm, stat: stat, pageSize: Int(sysconf(Int32(_SC_PAGESIZE))),
                     ticksPerSecond: Int(sysconf(Int32(_SC_CLK_TCK))))
        #else
        return nil
        #endif
    }

    /// The figures in the two files' text (proc(5)): `statm`'s second field is the resident set in pages; in
    /// `stat`, after the command name in parentheses (which may itself hold spaces and parentheses), `utime` and
    /// `stime` are the 12th and 13th fields (the 14th and 15th counting from the pid).
    static func parse(statm: String, stat: String, pageSize: Int, ticksPerSecond: Int) -> ProcessStats? {
        let pages = statm.split(separator: " ")
        guard pages.count >= 2, let resident = Double(pages[1]), pageSize > 0, ticksPerSecond > 0,
              let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count >= 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return ProcessStats(residentBytes: resident * Double(pageSize),
                            cpuSeconds: (user + system) / Double(ticksPerSecond))
    }
}
