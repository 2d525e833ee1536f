import CMallocStats
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Facts about the machine and toolchain, printed and recorded with every result (STYLE.md "Benchmarks").
public enum MachineInfo {
    /// `swift --version`'s first line (the toolchain on PATH), or the compiler version this binary was built with.
    public static func toolchain() -> String {
        if let output = run("/usr/bin/env", ["swift", "--version"]),
           let first = output.split(separator: "\n").first(where: { $0.contains("Swift version") }) {
            return String(first).trimmingCharacters(in: .whitespaces)
        }
        #if compiler(>=6.3)
        return "Swift compiler >= 6.3"
        #else
        return "Swift compiler < 6.3"
        #endif
    }

    /// CPU model name and logical CPU count, from /proc/cpuinfo.
    public static func cpu() -> String {
        let count = ProcessInfo.processInfo.activeProcessorCount
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            return "\(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)), \(count) CPUs"
        }
        return "unknown CPU, \(count) CPUs"
    }

    /// /proc/loadavg's three load averages.
    public static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
        return text.split(separator: " ").prefix(3).joined(separator: "/")
    }

    /// CPU pressure (PSI) `some avg10` and `avg60`, % of time a task waited for a CPU.
    public static func cpuPressure() -> String {
        guard let text = try? String(contentsOfFile: "/proc/pressure/cpu", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("some") }) else { return "n/a" }
        return line.split(separator: " ").filter { $0.hasPrefix("avg10") || $0.hasPrefix("avg60") }
            .joined(separator: " ")
    }

    /// Bytes currently allocated by malloc (glibc `mallinfo2().uordblks` + mmapped blocks); nil elsewhere.
    public static func heapBytesInUse() -> Int? {
        let bytes = cmallocstats_bytes_in_use()
        return bytes < 0 ? nil : Int(bytes)
    }

    /// Resident set size in bytes (/proc/self/statm), or nil.
    public static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Returns freed heap pages to the OS so RSS readings mean something (glibc `malloc_trim`).
    public static func trimHeap() {
        cmallocstats_trim()
    }

    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether this binary was compiled with optimizations (release).
    public static var isOptimizedBuild: Bool {
        #if DEBUG
        return false
        #else
        return true
        #endif
    }
}
