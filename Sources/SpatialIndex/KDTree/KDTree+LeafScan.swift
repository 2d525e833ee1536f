import CPrefetch
import Geo

/// The query's unit vector rounded to `Float`, broadcast to eight lanes, for ``KDTree/_scanLeaf``.
@usableFromInline
struct _LaneQuery {
    @usableFromInline let x: SIMD8<Float>
    @usableFromInline let y: SIMD8<Float>
    @usableFromInline let z: SIMD8<Float>

    @inlinable
    init(_ vector: UnitVector) {
        x = SIMD8(repeating: Float(vector.x))
        y = SIMD8(repeating: Float(vector.y))
        z = SIMD8(repeating: Float(vector.z))
    }
}

extension KDTree {
    /// Lanes of one leaf block; the vector columns are padded by this many values so a block never reads past
    /// their end.
    @usableFromInline static let _lanes = 8

    /// Distance between the x, y and z columns in ``_vectors`` (`count + _lanes`).
    @inlinable var _columnStride: Int { count &+ KDTree._lanes }

    /// A `Float` bound on the squared chord that every slot whose `Double` squared chord is `<= chordSquared`
    /// meets, for the eight-lane pre-filter of ``_scanLeaf``.
    ///
    /// The pre-filter computes `Σ (x_i - fl(q_i))²` in `Float` from the same stored `Float` components as the exact
    /// test (`Σ (Double(x_i) - q_i)²` in `Double`): rounding the query moves each difference by at most 2^-25, and the
    /// subtraction, squares and sums add at most 4 units of 2^-24 relative, so the `Float` chord exceeds the
    /// `Double` one by less than 1.8e-7 relative + 5.3e-8 absolute. The bound adds 1e-6 relative and 1e-6 absolute
    /// on the chord (about 6 m on the Earth), then rounds up: it can only let through slots that the exact test
    /// then rejects, never reject one it would accept.
    @inlinable @inline(__always)
    static func _laneBound(chordSquared: Double) -> Float {
        if chordSquared >= 4 { return .infinity }
        let chord = chordSquared.squareRoot() * (1 + 1e-6) + 1e-6
        return Float(chord * chord).nextUp
    }

    /// The squared chord from `query` to the stored `Float` vector of `slot`, in `Double` (`Double(component) -
    /// query`, squares, `(x + y) + z`: the order ``_boxChordSquared(_:_:)`` keeps for its bounds). The one exact test
    /// of a slot, for ``_scanLeaf`` and for a stack's one chord (``_scanLeafOrStack``).
    @inlinable @inline(__always)
    static func _chordSquared(
        _ xyz: UnsafeBufferPointer<Float>, slot: Int, stride: Int, _ query: UnitVector
    ) -> Double {
        let ex = Double(xyz[slot]) - query.x
        let ey = Double(xyz[stride &+ slot]) - query.y
        let ez = Double(xyz[2 &* stride &+ slot]) - query.z
        return ex * ex + ey * ey + ez * ez
    }

    /// Calls `visit(slot, chordSquared)` for every slot of `[lower, upper)` whose squared chord to `query`, computed
    /// in `Double` from the stored `Float` vector, is at most `bound()` (re-read for every slot: a k-nearest search
    /// shrinks it as it goes).
    ///
    /// Eight slots at a time are first tested in `Float` lanes against ``_laneBound(chordSquared:)``; only those
    /// that pass get the exact test. `xyz`: ``_vectors``' buffer (x, y and z columns, ``_columnStride`` apart).
    @inlinable @inline(__always)
    func _scanLeaf(
        _ xyz: UnsafeBufferPointer<Float>, lower: Int, upper: Int, query: UnitVector, lanes: _LaneQuery,
        bound: () -> Double, _ visit: (_ slot: Int, _ chordSquared: Double) -> Void
    ) {
        let stride = _columnStride
        let base = UnsafeRawPointer(xyz.baseAddress!)
        let floatSize = MemoryLayout<Float>.stride
        var block = lower
        while block < upper {
            let laneBound = SIMD4<Float>(repeating: KDTree._laneBound(chordSquared: bound()))
            let dx = base.loadUnaligned(fromByteOffset: block &* floatSize, as: SIMD8<Float>.self) - lanes.x
            let dy = base.loadUnaligned(fromByteOffset: (stride &+ block) &* floatSize, as: SIMD8<Float>.self)
                - lanes.y
            let dz = base.loadUnaligned(fromByteOffset: (2 &* stride &+ block) &* floatSize, as: SIMD8<Float>.self)
                - lanes.z
            let squared = dx * dx + dy * dy + dz * dz
            var bits = UInt32(nv_lanes_at_most(squared.lowHalf, squared.highHalf, laneBound))
            let remaining = upper &- block
            if remaining < KDTree._lanes { bits &= (1 &<< UInt32(remaining)) &- 1 }
            while bits != 0 {
                let slot = block &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                let chordSquared = KDTree._chordSquared(xyz, slot: slot, stride: stride, query)
                if chordSquared > bound() { continue }
                visit(slot, chordSquared)
            }
            block &+= KDTree._lanes
        }
    }
}
