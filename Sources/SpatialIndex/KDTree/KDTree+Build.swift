import Foundation
import Geo

/// A point while partitioning: the unit vector rounded to `Float` and the input index (16 bytes).
private struct _Block {
    var x: Float, y: Float, z: Float
    var index: UInt32

    @inline(__always)
    subscript(dimension: Int) -> Float { dimension == 0 ? x : (dimension == 1 ? y : z) }
}

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

        var blocks = [_Block](repeating: _Block(x: 0, y: 0, z: 0, index: 0), count: count)
        var cosinesByInput = [Double](repeating: 0, count: count)
        for index in 0..<count {
            let coordinate = points[index]
            let phi = coordinate.latitude * (Double.pi / 180)
            let lambda = coordinate.longitude * (Double.pi / 180)
            let cosPhi = _cosineOfLatitude(coordinate.latitude, radians: phi)
            // The same arithmetic as Geo's UnitVector(coordinate) (checked by the invariants).
            blocks[index] = _Block(x: Float(cosPhi * cos(lambda)), y: Float(cosPhi * sin(lambda)),
                                   z: Float(sin(phi)), index: UInt32(index))
            cosinesByInput[index] = cosPhi
        }
        var splitValues = [Float](repeating: 0, count: internalCount)
        var splitDimensions = [UInt8](repeating: 0, count: internalCount)
        blocks.withUnsafeMutableBufferPointer { blocks in
            for node in 0..<internalCount {
                let level = KDTree._level(ofNode: node)
                let (lower, upper) = KDTree._range(node: node, level: level, count: count)
                let middle = ((2 &* (node - ((1 << level) - 1)) &+ 1) &* count) >> (level + 1)
                let dimension = _widestDimension(blocks, lower, upper)
                _select(middle, in: blocks, lower, upper, dimension: dimension)
                splitDimensions[node] = UInt8(dimension)
                splitValues[node] = blocks[middle][dimension]
            }
        }

        // x, y and z columns, each padded by `_lanes` values (see `_scanLeaf`).
        let stride = count + KDTree._lanes
        var vectors = [Float](repeating: 0, count: 3 * stride)
        var records: [_Record] = []
        var indices: [Int32] = []
        records.reserveCapacity(count)
        indices.reserveCapacity(count)
        for slot in 0..<count {
            let block = blocks[slot]
            let index = Int(block.index)
            vectors[slot] = block.x
            vectors[stride + slot] = block.y
            vectors[2 * stride + slot] = block.z
            records.append(_Record(coordinate: points[index], cosPhi: cosinesByInput[index]))
            indices.append(Int32(index))
        }
        self._vectors = vectors
        self._records = records
        self._indices = indices
        self._splitValues = splitValues
        self._splitDimensions = splitDimensions
        self.depth = depth
    }
}

/// The axis (0, 1, 2) with the largest extent over slots `[lower, upper)`, estimated from at most 512 evenly
/// spaced slots (the choice only affects how well the tree prunes, never correctness).
private func _widestDimension(_ blocks: UnsafeMutableBufferPointer<_Block>, _ lower: Int, _ upper: Int) -> Int {
    guard upper > lower else { return 0 }
    var minX = blocks[lower].x, maxX = minX, minY = blocks[lower].y, maxY = minY
    var minZ = blocks[lower].z, maxZ = minZ
    let step = Swift.max(1, (upper - lower) / 512)
    for slot in stride(from: lower, to: upper, by: step) {
        let block = blocks[slot]
        minX = Swift.min(minX, block.x); maxX = Swift.max(maxX, block.x)
        minY = Swift.min(minY, block.y); maxY = Swift.max(maxY, block.y)
        minZ = Swift.min(minZ, block.z); maxZ = Swift.max(maxZ, block.z)
    }
    let spreadX = maxX - minX, spreadY = maxY - minY, spreadZ = maxZ - minZ
    if spreadX >= spreadY && spreadX >= spreadZ { return 0 }
    return spreadY >= spreadZ ? 1 : 2
}

/// Reorders slots `[lower, upper)` so that slot `nth` holds the value it would hold if sorted along
/// `dimension`, smaller-or-equal values before it and greater-or-equal after (Hoare quickselect, median of
/// three).
private func _select(
    _ nth: Int, in blocks: UnsafeMutableBufferPointer<_Block>, _ lower: Int, _ upper: Int, dimension: Int
) {
    let base = blocks.baseAddress!
    UnsafeMutableRawPointer(base).withMemoryRebound(to: Float.self, capacity: 4 * blocks.count) { floats in
        let values = floats + dimension
        @inline(__always) func value(_ slot: Int) -> Float { values[4 &* slot] }
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
