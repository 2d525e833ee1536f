/// Result of routing from one node to a target: the shortest-time path's time and its length.
public struct RouteCost: Sendable, Hashable {
    public var durationSeconds: Double
    public var distanceMeters: Double
}

extension RoadNetwork {
    /// Shortest-time routes from every node TO `target` (Dijkstra on the reversed graph with a binary heap).
    ///
    /// One search answers "how long from each vehicle to the query point" for the whole fleet. Among paths of equal
    /// time the shorter one wins, so results are deterministic.
    /// - Returns: per node, the cost of its fastest path to `target`, or nil if `target` is unreachable from it.
    /// - Complexity: O((V + E) log V).
    public func fastestRoutes(to target: Int) -> [RouteCost?] {
        var best = [RouteCost?](repeating: nil, count: nodes.count)
        guard nodes.indices.contains(target) else { return best }
        var settled = [Bool](repeating: false, count: nodes.count)
        var heap = BinaryHeap()
        best[target] = RouteCost(durationSeconds: 0, distanceMeters: 0)
        heap.push(.init(duration: 0, distance: 0, node: target))
        while let entry = heap.pop() {
            if settled[entry.node] { continue }
            settled[entry.node] = true
            for edgeIndex in _incoming[entry.node] {
                let edge = edges[edgeIndex]
                let node = edge.from
                if settled[node] { continue }
                let candidate = RouteCost(
                    durationSeconds: entry.duration + edge.durationSeconds,
                    distanceMeters: entry.distance + edge.lengthMeters
                )
                if let current = best[node],
                   (current.durationSeconds, current.distanceMeters) <= (candidate.durationSeconds, candidate.distanceMeters) {
                    continue
                }
                best[node] = candidate
                heap.push(.init(duration: candidate.durationSeconds, distance: candidate.distanceMeters, node: node))
            }
        }
        return best
    }
}

/// Min-heap on (duration, distance, node).
struct BinaryHeap {
    struct Entry {
        var duration: Double
        var distance: Double
        var node: Int

        static func < (a: Entry, b: Entry) -> Bool {
            (a.duration, a.distance, a.node) < (b.duration, b.distance, b.node)
        }
    }

    private var storage: [Entry] = []

    var isEmpty: Bool { storage.isEmpty }

    mutating func push(_ entry: Entry) {
        storage.append(entry)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let top = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < storage.count, storage[left] < storage[smallest] { smallest = left }
            if right < storage.count, storage[right] < storage[smallest] { smallest = right }
            if smallest == parent { break }
            storage.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
