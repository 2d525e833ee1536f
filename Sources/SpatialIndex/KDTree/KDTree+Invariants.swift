import Geo

extension KDTree {
    /// Checks the structure; returns the list of violations (empty when the tree is sound). For tests.
    ///
    /// Checked: array sizes agree with ``count`` and ``depth``; leaves hold 1 ... ``maximumLeafSize`` points (for a
    /// non-empty tree); the input indices are a permutation of `0 ..< count`; each stored unit vector is the unit
    /// vector of the stored coordinate; every slot of a left subtree is `<=` its node's split value and every
    /// slot of a right subtree `>=` it; the stacks (``stackViolations``).
    ///
    /// - Complexity: O(n log n).
    package var invariantViolations: [String] {
        var problems: [String] = []
        let count = self.count
        let stride = _columnStride
        if _vectors.count != 3 * stride { problems.append("vectors has \(_vectors.count) values for \(count) points") }
        let internalCount = (1 << depth) - 1
        if _boxes.count != (count == 0 ? 0 : 6 * (2 * internalCount + 1)) {
            problems.append("boxes has \(_boxes.count) values for depth \(depth)")
        }
        if depth != KDTree._depth(forCount: count, leafCapacity: maximumLeafSize) {
            problems.append("depth \(depth) is not minimal")
        }
        var seen = [Bool](repeating: false, count: count)
        if !_indices.isEmpty && _indices.count != count {
            problems.append("indices has \(_indices.count) values for \(count) points")
        }
        for index in (_indices.isEmpty ? Array(0..<Int32(count)) : _indices) {
            let value = Int(index)
            if value < 0 || value >= count || seen[value] {
                problems.append("index \(value) out of range or repeated")
            } else {
                seen[value] = true
            }
        }
        for slot in 0..<count {
            let vector = UnitVector(_coordinates[slot])
            if Float(vector.x) != _vectors[slot] || Float(vector.y) != _vectors[stride + slot]
                || Float(vector.z) != _vectors[2 * stride + slot] {
                problems.append("slot \(slot): unit vector does not match coordinate")
            }
        }
        if count > 0 {
            let firstLeaf = internalCount
            for leaf in firstLeaf..<(firstLeaf + (1 << depth)) {
                let (lower, upper) = KDTree._range(node: leaf, level: depth, count: count)
                if upper - lower < 1 || upper - lower > maximumLeafSize {
                    problems.append("leaf \(leaf) holds \(upper - lower) points")
                }
            }
        }
        if count > 0 && problems.isEmpty {
            for node in 0..<(2 * internalCount + 1) where problems.count < 20 {
                let level = KDTree._level(ofNode: node)
                let (lower, upper) = KDTree._range(node: node, level: level, count: count)
                for axis in 0..<3 {
                    let values = (lower..<upper).map { _vectors[axis * stride + $0] }
                    if values.min() != _boxes[6 * node + axis] || values.max() != _boxes[6 * node + 3 + axis] {
                        problems.append("node \(node): box on axis \(axis) is not its slots' bounding box")
                    }
                }
            }
        }
        problems += stackViolations
        return problems
    }

    /// The stacks' structure: every stacked leaf holds at least two points of one coordinate (bit for bit; at a
    /// pole, one latitude), all leaves of a stack the same coordinate, each leaf in one stack, a stack's leaves
    /// ascending; for stacks in input-index order, indices ascending along each stack.
    var stackViolations: [String] {
        var problems: [String] = []
        let firstLeaf = (1 << depth) - 1
        if _stacks.leaves != _stacks.leaves.sorted() || Set(_stacks.leaves).count != _stacks.leaves.count {
            problems.append("stacked leaves not ascending and distinct")
        }
        for stack in 0..<_stacks.count {
            let leaves = _stacks.members[Int(_stacks.start[stack])..<Int(_stacks.start[stack + 1])].map(Int.init)
            if leaves.isEmpty || leaves != leaves.sorted() {
                problems.append("stack \(stack): leaves empty or unsorted")
            }
            var slots: [Int] = []
            for leaf in leaves {
                if _stacks.stack(ofLeaf: leaf) != stack { problems.append("leaf \(leaf) not mapped to stack \(stack)") }
                let (lower, upper) = KDTree._range(node: firstLeaf + leaf, level: depth, count: count)
                if upper - lower < 2 { problems.append("stacked leaf \(leaf) holds \(upper - lower) points") }
                slots += lower..<upper
            }
            guard let first = slots.first else { continue }
            let coordinate = _coordinates[first]
            let atPole = coordinate.isAtPole
            if !slots.allSatisfy({ _coordinates[$0].latitude.bitPattern == coordinate.latitude.bitPattern
                && (atPole || _coordinates[$0].longitude.bitPattern == coordinate.longitude.bitPattern) }) {
                problems.append("stack \(stack): more than one coordinate")
            }
            let indices = slots.map { _indices.isEmpty ? $0 : Int(_indices[$0]) }
            if _stacks.inIndexOrder && indices != indices.sorted() {
                problems.append("stack \(stack): indices not in input order")
            }
        }
        return problems
    }
}
