import Geo

extension KDTree {
    /// Builds a tree over `coordinates`; result indices refer to positions in this collection.
    ///
    /// Each level splits every node at its median along the axis of largest spread (quickselect), so the tree
    /// is balanced whatever the input (duplicates, grids, a single point repeated n times).
    ///
    /// - Parameter coordinates: At most `Int32.max` points; may be empty.
    /// - Complexity: O(n log n) time, O(n) extra memory; about 0.2 s for 1 M points in a release build.
    public init<C: Collection<Coordinate>>(_ coordinates: C) {
        let points = Array(coordinates)
        precondition(points.count < Int(Int32.max), "KDTree holds fewer than 2^31 - 1 points")
        let count = points.count
        let depth = KDTree._depth(forCount: count)
        let internalCount = (1 << depth) - 1

        var xs = [Double](repeating: 0, count: count)
        var ys = [Double](repeating: 0, count: count)
        var zs = [Double](repeating: 0, count: count)
        var permutation = [Int32](repeating: 0, count: count)
        for index in 0..<count {
            let vector = UnitVector(points[index])
            xs[index] = vector.x
            ys[index] = vector.y
            zs[index] = vector.z
            permutation[index] = Int32(truncatingIfNeeded: index)
        }
        var splitValues = [Double](repeating: 0, count: internalCount)
        var splitDimensions = [UInt8](repeating: 0, count: internalCount)

        xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                zs.withUnsafeMutableBufferPointer { z in
                    permutation.withUnsafeMutableBufferPointer { p in
                        let builder = _Builder(x: x, y: y, z: z, permutation: p)
                        for node in 0..<internalCount {
                            let level = KDTree._level(ofNode: node)
                            let (lower, upper) = KDTree._range(node: node, level: level, count: count)
                            let middle = ((2 &* (node - ((1 << level) - 1)) &+ 1) &* count) >> (level + 1)
                            let dimension = builder.widestDimension(lower, upper)
                            builder.select(middle, in: lower, upper, dimension: dimension)
                            splitDimensions[node] = UInt8(dimension)
                            splitValues[node] = builder.axis(dimension)[middle]
                        }
                    }
                }
            }
        }

        var xyz = [Double](repeating: 0, count: 3 * count)
        var ordered: [Coordinate] = []
        ordered.reserveCapacity(count)
        for slot in 0..<count {
            xyz[3 * slot] = xs[slot]
            xyz[3 * slot + 1] = ys[slot]
            xyz[3 * slot + 2] = zs[slot]
            ordered.append(points[Int(permutation[slot])])
        }
        self._xyz = xyz
        self._coordinates = ordered
        self._indices = permutation
        self._splitValues = splitValues
        self._splitDimensions = splitDimensions
        self.depth = depth
    }
}

/// Median partitioning over struct-of-arrays storage (the four arrays move together).
private struct _Builder {
    let x: UnsafeMutableBufferPointer<Double>
    let y: UnsafeMutableBufferPointer<Double>
    let z: UnsafeMutableBufferPointer<Double>
    let permutation: UnsafeMutableBufferPointer<Int32>

    func axis(_ dimension: Int) -> UnsafeMutableBufferPointer<Double> {
        dimension == 0 ? x : (dimension == 1 ? y : z)
    }

    /// The axis with the largest extent over slots `[lower, upper)`.
    func widestDimension(_ lower: Int, _ upper: Int) -> Int {
        guard upper > lower else { return 0 }
        var minX = x[lower], maxX = minX, minY = y[lower], maxY = minY, minZ = z[lower], maxZ = minZ
        for slot in lower..<upper {
            let a = x[slot], b = y[slot], c = z[slot]
            minX = min(minX, a); maxX = max(maxX, a)
            minY = min(minY, b); maxY = max(maxY, b)
            minZ = min(minZ, c); maxZ = max(maxZ, c)
        }
        let spreadX = maxX - minX, spreadY = maxY - minY, spreadZ = maxZ - minZ
        if spreadX >= spreadY && spreadX >= spreadZ { return 0 }
        return spreadY >= spreadZ ? 1 : 2
    }

    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        x.swapAt(i, j)
        y.swapAt(i, j)
        z.swapAt(i, j)
        permutation.swapAt(i, j)
    }

    /// Reorders slots `[lower, upper)` so that slot `nth` holds the value it would hold if sorted along
    /// `dimension`, with smaller-or-equal values before it and greater-or-equal after it (Hoare quickselect,
    /// median-of-three pivot).
    func select(_ nth: Int, in lower: Int, _ upper: Int, dimension: Int) {
        let values = axis(dimension)
        var low = lower, high = upper - 1
        while high > low {
            let middle = low + (high - low) / 2
            // Median of three into `middle`.
            if values[middle] < values[low] { swapAt(middle, low) }
            if values[high] < values[low] { swapAt(high, low) }
            if values[high] < values[middle] { swapAt(high, middle) }
            let pivot = values[middle]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    swapAt(i, j)
                    i += 1
                    j -= 1
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
