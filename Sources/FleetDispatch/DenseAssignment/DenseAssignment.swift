/// A minimum-cost assignment on a dense matrix: every row gets one of the matrix's columns or its own private
/// "unserved" column (cost `(1, 0)`, see ``AssignmentCost``), no column serves two rows, and the total is the least
/// possible. A cell of +infinity is no edge.
///
/// The same shortest augmenting path method as ``SparseAssignment`` (Crouse, IEEE TAES 2016, the algorithm of
/// scipy's `linear_sum_assignment`), with the dense form's inner loop: each step of a row's search scans the
/// columns not yet settled in one contiguous row of the matrix, with no heap. That is O(rows × columns) per row in
/// the worst case, but with no per-edge allocation or heap traffic, so when most rows can reach most columns (a
/// tight fleet) it is far faster than the sparse search. The private columns are kept out of the matrix: one per
/// row, reachable from that row only, they join the search when their row does. The duals stay feasible after
/// every row, as in ``SparseAssignment``, which is what makes the result optimal.
struct DenseAssignment {
    let rowCount: Int
    let columnCount: Int
    /// Row-major metres, `rowCount × columnCount`; +infinity: the row cannot take that column.
    let meters: [Double]

    init(rowCount: Int, columnCount: Int, meters: [Double]) {
        precondition(meters.count == rowCount * columnCount)
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.meters = meters
    }

    /// The column of every row, at least total cost; nil: the row's private unserved column.
    func solve() -> [Int?] {
        let unreached = AssignmentCost(penalty: .max, meters: .infinity)
        let m = columnCount
        // Columns 0..<m are the matrix's; m + r is row r's private column.
        var rowDual = [AssignmentCost](repeating: .zero, count: rowCount)
        var columnDual = [AssignmentCost](repeating: .zero, count: m + rowCount)
        var columnOfRow = [Int](repeating: -1, count: rowCount)
        var rowOfColumn = [Int](repeating: -1, count: m + rowCount)
        var distance = [AssignmentCost](repeating: unreached, count: m + rowCount)
        var pathRow = [Int](repeating: -1, count: m + rowCount)
        var remaining = [Int](repeating: 0, count: m)
        // Private columns reached in this search. Each is reached from its own row only, so its distance is set
        // once; and settling one ends the search (it is free), so the pending ones only grow: a running minimum
        // (`bestPrivate`) is all the search needs of them.
        var pendingPrivate: [Int] = []
        var visitedRows: [Int] = []
        var settledColumns: [Int] = []
        meters.withUnsafeBufferPointer { meters in
            for start in 0..<rowCount {
                for column in 0..<m { remaining[column] = column }
                var remainingCount = m
                var bestPrivate = -1
                var row = start
                var reached = AssignmentCost.zero
                var sink = -1
                while sink < 0 {
                    visitedRows.append(row)
                    let base = row * m
                    let dual = rowDual[row]
                    var lowest = unreached
                    var lowestIndex = -1
                    for index in 0..<remainingCount {
                        let column = remaining[index]
                        let cell = meters[base + column]
                        if cell.isFinite {
                            let reduced = AssignmentCost(
                                penalty: reached.penalty - dual.penalty - columnDual[column].penalty,
                                meters: reached.meters + cell - dual.meters - columnDual[column].meters)
                            if reduced < distance[column] {
                                distance[column] = reduced
                                pathRow[column] = row
                            }
                        }
                        let candidate = distance[column]
                        // Equal costs: a free column first (ends the search sooner), then scan order.
                        if candidate < lowest
                            || (candidate == lowest && candidate != unreached && rowOfColumn[column] < 0
                                && rowOfColumn[remaining[lowestIndex]] >= 0) {
                            lowest = candidate
                            lowestIndex = index
                        }
                    }
                    let own = m + row
                    if rowOfColumn[own] < 0 {
                        distance[own] = reached + .unserved - dual - columnDual[own]
                        pathRow[own] = row
                        pendingPrivate.append(own)
                        if bestPrivate < 0 || distance[own] < distance[bestPrivate] { bestPrivate = own }
                    }
                    // A private column is always free: it wins ties against an assigned real column only.
                    let takesPrivate = bestPrivate >= 0
                        && (distance[bestPrivate] < lowest
                            || (distance[bestPrivate] == lowest
                                && (lowestIndex < 0 || rowOfColumn[remaining[lowestIndex]] >= 0)))
                    let column: Int
                    if takesPrivate {
                        column = bestPrivate
                    } else {
                        precondition(lowestIndex >= 0, "DenseAssignment: row \(start) cannot be assigned")
                        column = remaining[lowestIndex]
                        remainingCount -= 1
                        remaining[lowestIndex] = remaining[remainingCount]
                    }
                    reached = distance[column]
                    settledColumns.append(column)
                    if rowOfColumn[column] < 0 {
                        sink = column
                    } else {
                        row = rowOfColumn[column]
                    }
                }
                // Dual update (Crouse, algorithm 1), as in `SparseAssignment`.
                rowDual[start] += reached
                for visited in visitedRows where visited != start {
                    rowDual[visited] += reached - distance[columnOfRow[visited]]
                }
                for column in settledColumns {
                    columnDual[column] -= reached - distance[column]
                }
                var column = sink
                while true {
                    let owner = pathRow[column]
                    rowOfColumn[column] = owner
                    let previous = columnOfRow[owner]
                    columnOfRow[owner] = column
                    if owner == start { break }
                    column = previous
                }
                for column in 0..<m { distance[column] = unreached }
                for column in settledColumns where column >= m { distance[column] = unreached }
                for column in pendingPrivate { distance[column] = unreached }
                pendingPrivate.removeAll(keepingCapacity: true)
                visitedRows.removeAll(keepingCapacity: true)
                settledColumns.removeAll(keepingCapacity: true)
            }
        }
        return columnOfRow.map { $0 < m ? $0 : nil }
    }
}
