import Foundation
import Geo
import SpatialIndex

func readCSV(_ path: String, columns: (Int, Int)) -> [Coordinate] {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    var out: [Coordinate] = []
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        out.append(try! Coordinate(latitude: Double(f[columns.0])!, longitude: Double(f[columns.1])!))
    }
    return out
}
func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
let args = CommandLine.arguments
@inline(never) func runQueries(_ tree: KDTree, _ queries: [Coordinate]) -> Double {
    var sink = 0.0
    for q in queries { sink += tree.nearest(10, to: q).last!.distanceMeters }
    return sink
}
if ProcessInfo.processInfo.environment["KD_CALLGRIND"] != nil {
    func readLL(_ path: String) -> [Coordinate] {
        let data = FileManager.default.contents(atPath: path)!
        let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        return stride(from: 0, to: values.count, by: 2).map { try! Coordinate(latitude: values[$0], longitude: values[$0 + 1]) }
    }
    let tree = KDTree(readLL(args[1]))
    for path in args.dropFirst(2) {
        let queries = readLL(path)
        print(path, queries.count, runQueries(tree, queries))
    }
    exit(0)
}
let fleet = readCSV(args[1], columns: (1, 2))
var queries = readCSV(args[2], columns: (1, 2))
let reps = args.count > 3 ? Int(args[3])! : 3
if args.count > 4 { queries = Array(queries.prefix(Int(args[4])!)) }
let t0 = now()
let tree = KDTree(fleet)
let buildMs = Double(now() - t0) / 1e6
var times: [Double] = []
var checksum = 0.0
var idsum = 0
for _ in 0..<reps {
    let s = now()
    checksum = 0; idsum = 0
    for q in queries {
        let r = tree.nearest(10, to: q)
        checksum += r.last!.distanceMeters
        idsum &+= r.reduce(0) { $0 &* 31 &+ $1.index }
    }
    times.append(Double(now() - s) / Double(queries.count))
}
times.sort()
var nodes = 0, leaves = 0
if reps > 0 {
    for q in queries {
        let c = tree._nearestCountingVisits(10, to: q)
        nodes += c.internalNodes; leaves += c.leaves
    }
}
print("n=\(fleet.count) q=\(queries.count) build \(String(format: "%.0f", buildMs)) ms knn mean \(String(format: "%.0f", times.isEmpty ? 0 : times[times.count / 2])) ns/q checksum \(checksum) ids \(idsum) visits/q internal \(String(format: "%.1f", Double(nodes) / Double(queries.count))) leaves \(String(format: "%.1f", Double(leaves) / Double(queries.count)))")
