/// A minimum-cost assignment of rows to columns over a sparse set of edges: every row gets exactly one column,
/// no column serves two rows, and the total cost is the least possible. Each row must have at least one edge to a
/// column of its own (the dispatcher gives every row an "unserved" column), so an assignment always exists.
///
/// The algorithm is the shortest augmenting path method (Jonker-Volgenant; the rectangular form of Crouse,
/// "On implementing 2D rectangular assignment algorithms", IEEE TAES 2016, which scipy's `linear_sum_assignment`
/// implements densely), run on adjacency lists with a binary heap: for each row in turn, Dijkstra on reduced costs
/// `cost - u[row] - v[column]` through the current matching until it reaches a free column, then the duals are
/// updated and the path augmented. After every row the duals stay feasible (`u[r] + v[c] <= cost(r, c)` on every
/// edge, with equality on the matching), which is the certificate that the matching is optimal for the rows so far.
///
/// - Complexity: per row, O(E' log E') for the E' edges of the rows its search reaches; a row whose nearest
///   column is free costs one edge scan.
struct SparseAssignment {
    /// An edge: the column and its cost.
    struct Edge {
        var column: Int
        var cost: AssignmentCost
    }

    let columnCount: Int
    /// Every row's edges (any order; ties between equal reduced costs go to the earlier-listed edge's column if free).
    let rows: [[Edge]]

    init(columnCount: Int, rows: [[Edge]]) {
        self.columnCount = columnCount
        self.rows = rows
    }

    /// The column of every row, at least total cost.
    /// - Precondition: every row has an edge to a column no other row has an edge to (always assignable).
    func solve() -> [Int] {
        var rowDual = [AssignmentCost](repeating: .zero, count: rows.count)
        var columnDual = [AssignmentCost](repeating: .zero, count: columnCount)
        var columnOfRow = [Int](repeating: -1, count: rows.count)
        var rowOfColumn = [Int](repeating: -1, count: columnCount)
        // Per-search scratch, reset through `touched`.
        var distance = [AssignmentCost?](repeating: nil, count: columnCount)
        var pathRow = [Int](repeating: -1, count: columnCount)
        var settled = [Bool](repeating: false, count: columnCount)
        var touched: [Int] = []
        var settledColumns: [Int] = []
        var visitedRows: [Int] = []
        var heap = MinHeap()

        for start in rows.indices {
            var row = start
            var reached = AssignmentCost.zero
            var sink = -1
            var sequence = 0
            while sink < 0 {
                visitedRows.append(row)
                for edge in rows[row] where !settled[edge.column] {
                    let reduced = reached + edge.cost - rowDual[row] - columnDual[edge.column]
                    if distance[edge.column].map({ reduced < $0 }) ?? true {
                        if distance[edge.column] == nil { touched.append(edge.column) }
                        distance[edge.column] = reduced
                        pathRow[edge.column] = row
                        // Equal distances: a free column first (ends the search sooner), then discovery order.
                        heap.push(.init(cost: reduced, assigned: rowOfColumn[edge.column] >= 0, order: sequence,
                                        column: edge.column))
                        sequence += 1
                    }
                }
                var next: MinHeap.Entry
                repeat {
                    guard let popped = heap.pop() else {
                        preconditionFailure("SparseAssignment: row \(start) cannot be assigned (no column of its own)")
                    }
                    next = popped
                } while settled[next.column] || distance[next.column] != next.cost
                let column = next.column
                settled[column] = true
                settledColumns.append(column)
                reached = next.cost
                if rowOfColumn[column] < 0 {
                    sink = column
                } else {
                    row = rowOfColumn[column]
                }
            }
            // Dual update (Crouse, algorithm 1): keeps every reduced cost >= 0 and the matched ones at 0.
            rowDual[start] += reached
            for visited in visitedRows where visited != start {
                rowDual[visited] += reached - distance[columnOfRow[visited]]!
            }
            for column in settledColumns {
                columnDual[column] -= reached - distance[column]!
            }
            // Augment along the path back to `start`.
            var column = sink
            while true {
                let owner = pathRow[column]
                rowOfColumn[column] = owner
                let previous = columnOfRow[owner]
                columnOfRow[owner] = column
                if owner == start { break }
                column = previous
            }
            for column in touched {
                distance[column] = nil
                settled[column] = false
            }
            touched.removeAll(keepingCapacity: true)
            settledColumns.removeAll(keepingCapacity: true)
            visitedRows.removeAll(keepingCapacity: true)
            heap.removeAll()
        }
        return columnOfRow
    }
}

/// The search's priority queue: a binary min-heap of (reduced cost, free before assigned, discovery order).
struct MinHeap {
    struct Entry {
        var cost: AssignmentCost
        var assigned: Bool
        var order: Int
        var column: Int

        func precedes(_ other: Entry) -> Bool {
            if cost != other.cost { return cost < other.cost }
            if assigned != other.assigned { return !assigned }
            return order < other.order
        }
    }

    private var entries: [Entry] = []

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < entries.count, entries[left].precedes(entries[best]) { best = left }
                if right < entries.count, entries[right].precedes(entries[best]) { best = right }
                if best == parent { break }
                entries.swapAt(parent, best)
                parent = best
            }
        }
        return first
    }
}
