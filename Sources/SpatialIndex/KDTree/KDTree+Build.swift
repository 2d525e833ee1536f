import Geo

extension KDTree {
    /// Builds a tree over `coordinates`; result indices refer to positions in this collection.
    ///
    /// Each node splits at its median along the axis of largest spread (quickselect), so the tree is balanced
    /// whatever the input (duplicates, grids, a single point repeated n times).
    ///
    /// - Parameter coordinates: Fewer than `Int32.max` points; may be empty.
    /// - Complexity: O(n log n) time, O(n) extra memory.
    public init<C: Collection<Coordinate>>(_ coordinates: C) {
        let points = Array(coordinates)
        precondition(points.count < Int(Int32.max), "KDTree holds fewer than 2^31 - 1 points")
        let count = points.count
        let depth = KDTree._depth(forCount: count)
        let internalCount = (1 << depth) - 1

        // One 32-byte block per point while partitioning: x, y, z, and the input index (as a Double, exact).
        var blocks = [SIMD4<Double>](repeating: .zero, count: count)
        for index in 0..<count {
            let vector = UnitVector(points[index])
            blocks[index] = SIMD4(vector.x, vector.y, vector.z, Double(index))
        }
        var splitValues = [Double](repeating: 0, count: internalCount)
        var splitDimensions = [UInt8](repeating: 0, count: internalCount)
        blocks.withUnsafeMutableBufferPointer { blocks in
            for node in 0..<internalCount {
                let level = KDTree._level(ofNode: node)
                let (lower, upper) = KDTree._range(node: node, level: level, count: count)
                let middle = ((2 &* (node - ((1 << level) - 1)) &+ 1) &* count) >> (level + 1)
                let dimension = _widestDimension(blocks, lower, upper)
                _select(middle, in: blocks, lower, upper, dimension: dimension)
                splitDimensions[node] = UInt8(dimension)
                splitValues[node] = dimension == 0 ? blocks[middle].x : (dimension == 1 ? blocks[middle].y : blocks[middle].z)
            }
        }

        var vectors = [Double](repeating: 0, count: 4 * count)
        var indices = [Int32](repeating: 0, count: count)
        var ordered: [Coordinate] = []
        ordered.reserveCapacity(count)
        for slot in 0..<count {
            let block = blocks[slot]
            let index = Int(block.w)
            let coordinate = points[index]
            vectors[4 * slot] = block.x
            vectors[4 * slot + 1] = block.y
            vectors[4 * slot + 2] = block.z
            vectors[4 * slot + 3] = _cosineOfLatitude(coordinate.latitude,
                                                      radians: coordinate.latitude * (Double.pi / 180))
            indices[slot] = Int32(index)
            ordered.append(coordinate)
        }
        self._vectors = vectors
        self._coordinates = ordered
        self._indices = indices
        self._splitValues = splitValues
        self._splitDimensions = splitDimensions
        self.depth = depth
    }
}

/// The axis (0, 1, 2) with the largest extent over slots `[lower, upper)`, estimated from at most 512 evenly
/// spaced slots (the choice only affects balance of the bounding regions, never correctness).
private func _widestDimension(_ blocks: UnsafeMutableBufferPointer<SIMD4<Double>>, _ lower: Int, _ upper: Int) -> Int {
    guard upper > lower else { return 0 }
    var low = blocks[lower], high = low
    let step = Swift.max(1, (upper - lower) / 512)
    for slot in stride(from: lower, to: upper, by: step) {
        let block = blocks[slot]
        low = pointwiseMin(low, block)
        high = pointwiseMax(high, block)
    }
    let spread = high - low
    if spread.x >= spread.y && spread.x >= spread.z { return 0 }
    return spread.y >= spread.z ? 1 : 2
}

/// Reorders slots `[lower, upper)` so that slot `nth` holds the value it would hold if sorted along
/// `dimension`, smaller-or-equal values before it and greater-or-equal after (Hoare quickselect, median of
/// three).
private func _select(
    _ nth: Int, in blocks: UnsafeMutableBufferPointer<SIMD4<Double>>, _ lower: Int, _ upper: Int, dimension: Int
) {
    let base = blocks.baseAddress!
    UnsafeMutableRawPointer(base).withMemoryRebound(to: Double.self, capacity: 4 * blocks.count) { doubles in
        let values = doubles + dimension
        @inline(__always) func value(_ slot: Int) -> Double { values[4 &* slot] }
        @inline(__always) func swapAt(_ i: Int, _ j: Int) {
            let block = base[i]
            base[i] = base[j]
            base[j] = block
        }
        var low = lower, high = upper - 1
        while high > low {
            let middle = low + (high - low) / 2
            if value(middle) < value(low) { swapAt(middle, low) }
            if value(high) < value(low) { swapAt(high, low) }
            if value(high) < value(middle) { swapAt(high, middle) }
            let pivot = value(middle)
            var i = low, j = high
            while i <= j {
                while value(i) < pivot { i &+= 1 }
                while value(j) > pivot { j &-= 1 }
                if i <= j {
                    swapAt(i, j)
                    i &+= 1
                    j &-= 1
                }
            }
            if nth <= j {
                high = j
            } else if nth >= i {
                low = i
            } else {
                return
            }
        }
    }
}
