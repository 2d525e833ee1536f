import CMallocStats
import Foundation
import Geo
import NearestVehicle
import Synchronization

// wbench FLEET QUERIES MODES...   modes: bytes, batch, unpaced, knn, single
func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func threadCPU() -> UInt64 { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec) }
func processCPU() -> UInt64 { var t = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec) }
let args = CommandLine.arguments
let fleetPath = args[1], queriesPath = args[2]
let modes = Set(args.dropFirst(3))

func lines(_ path: String) -> [Substring] {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { $0 }
}
func epoch(_ s: Substring) -> Double {  // YYYY-MM-DDTHH:MM:SSZ
    let u = Array(s.utf8)
    func n(_ a: Int, _ b: Int) -> Int { var v = 0; for i in a..<b { v = v * 10 + Int(u[i] - 48) }; return v }
    var y = n(0, 4), m = n(5, 7); let d = n(8, 10)
    if m <= 2 { y -= 1; m += 12 }
    let days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 719469
    return Double(days * 86400 + n(11, 13) * 3600 + n(14, 16) * 60 + n(17, 19))
}
var positions: [VehiclePosition] = []
for line in lines(fleetPath) {
    let f = line.split(separator: ",")
    positions.append(VehiclePosition(id: String(f[0]), coordinate: try! Coordinate(latitude: Double(f[1])!, longitude: Double(f[2])!),
                                     timestamp: Date(timeIntervalSince1970: epoch(f[3])), customerId: "peers"))
}
var queries: [Coordinate] = []
for line in lines(queriesPath) {
    let f = line.split(separator: ",")
    queries.append(try! Coordinate(latitude: Double(f[1])!, longitude: Double(f[2])!))
}
let filter = VehicleFilter(customerId: "peers", now: Date(timeIntervalSince1970: 1_748_779_200))
let options = QueryOptions(countsExclusions: false)
cmallocstats_trim()
let before = cmallocstats_bytes_in_use()
var t = now()
let index = FleetIndex.load(positions).index
let loadMs = Double(now() - t) / 1e6
cmallocstats_trim()
let after = cmallocstats_bytes_in_use()
setvbuf(stdout, nil, _IOLBF, 0)
print("n=\(positions.count) load \(String(format: "%.1f", loadMs)) ms, heap \(String(format: "%.1f", Double(after - before) / Double(positions.count))) B/vehicle")

func newer(_ by: Double) -> [VehiclePosition] {
    positions.map { var c = $0; c.timestamp = $0.timestamp.addingTimeInterval(by); return c }
}
func knn(_ label: String, _ qs: ArraySlice<Coordinate>) {
    var best = Double.infinity
    for _ in 0..<3 {
        let s = now(); var sum = 0
        for q in qs { sum &+= try! index.nearest(10, to: q, filter: filter, options: options).vehicles.count }
        best = min(best, Double(now() - s) / Double(qs.count))
        precondition(sum > 0)
    }
    print("\(label): kNN \(Int(best)) ns/q over \(qs.count)")
}
if modes.contains("knn") { knn("idle", queries[...]) }
if modes.contains("batch") {
    let batch = newer(1)
    t = now(); let c0 = threadCPU(), p0 = processCPU()
    let r = index.upsert(contentsOf: batch)
    let ns = Double(now() - t), cpu = Double(threadCPU() - c0), pcpu = Double(processCPU() - p0)
    print("batch upsert: \(Int(Double(batch.count) / ns * 1e9)) /s wall, \(Int(Double(batch.count) / cpu * 1e9)) /s per writer-thread CPU s, process CPU \(Int(pcpu / 1e6)) ms (updated \(r.updated)); shape \(index.logShape(customerId: "peers"))")
    index.compact()
}
@inline(never) func cgPhase(_ batch: [VehiclePosition]) -> Int {
    index.upsert(contentsOf: batch).updated
}
@inline(never) func cgQueries(_ qs: [Coordinate]) -> Int {
    var sum = 0
    for q in qs { sum &+= try! index.nearest(10, to: q, filter: filter, options: options).vehicles.count }
    return sum
}
if modes.contains("cg") {  // for callgrind (--toggle-collect=*cgPhase*): one batch of every vehicle
    let batch = newer(3)
    print("cg batch updated \(cgPhase(batch))")
    index.compact()
}
if modes.contains("cgq") {  // for callgrind (--toggle-collect=*cgQueries*): the first 2000 queries
    print("cg queries \(cgQueries(Array(queries.prefix(2000))))")
}
if modes.contains("unpaced") {
    let finished = DispatchSemaphore(value: 0)
    let stop = Atomic<Bool>(false), done = Atomic<Int>(0), writerCPU = Atomic<UInt64>(0)
    let batches = newer(0)
    let writer = Thread {
        var round = 10.0
        let c0 = threadCPU()
        defer { writerCPU.store(threadCPU() - c0, ordering: .relaxed); finished.signal() }
        while !stop.load(ordering: .relaxed) {
            var o = 0
            while o < batches.count, !stop.load(ordering: .relaxed) {
                let e = min(o + 1000, batches.count)
                let b = batches[o..<e].map { var c = $0; c.timestamp = $0.timestamp.addingTimeInterval(round); return c }
                let r = index.upsert(contentsOf: b)
                done.add(r.updated, ordering: .relaxed)
                o = e
            }
            round += 1
        }
    }
    writer.start()
    var maxTail = 0, maxLog = 0, samples = 0, sumTail = 0
    let s = now()
    while now() - s < 8_000_000_000 {
        let shape = index.logShape(customerId: "peers")
        maxLog = max(maxLog, shape.logEntries)
        let tail = index.unsegmentedLogEntries(customerId: "peers")
        maxTail = max(maxTail, tail); sumTail += tail
        usleep(1000)
        samples += 1
    }
    let w = done.load(ordering: .relaxed)
    stop.store(true, ordering: .relaxed)
    finished.wait()
    print("unpaced writer CPU: \(Int(Double(done.load(ordering: .relaxed)) / Double(writerCPU.load(ordering: .relaxed)) * 1e9)) upserts per writer-thread CPU s")
    print("unpaced writer: \(Int(Double(w) / 8)) /s, max log \(maxLog), max unsegmented \(maxTail), mean unsegmented \(sumTail / max(1, samples)) over \(samples) samples")
}
