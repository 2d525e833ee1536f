import SpatialIndex

/// The attribute word of a log entry: one bit per field from hashes of its group, entity and state (with privacy),
/// so that a filter rejects most of the log entries it excludes without reading the vehicle (a rare group queried
/// from far away: every log entry inside the k-th distance used to be read and its strings hashed by the filter).
///
/// Fields: group (bits 0-23: bit 0 for no group, else 1 + the id's FNV-1a hash modulo 23), entity (bits 24-47,
/// likewise), state and privacy (bits 48-63: the state's `hashValue` modulo 8, times 2, plus 1 in privacy mode; a
/// writer hashes a state once per run of equal ones, and words and filters are hashed in one process). Ids sharing
/// a bit only make the test weaker. The base summarises by attribute code instead (``SubtreeAttributes``): distinct
/// bits for a fleet's first values.
enum LogAttributeWord {
    static let entityShift = 24, stateShift = 48

    /// The bit of an optional id in the 24-bit field at `shift`: bit 0 for none.
    static func idBit(_ id: String?, shift: Int) -> UInt64 {
        guard let id else { return 1 << UInt64(shift) }
        return 1 << UInt64(shift + 1 + Int(fnv1a(id) % 23))
    }

    /// FNV-1a of the id's UTF-8 bytes: a multiply and an xor a byte, inline, where `hashValue` goes through
    /// `Hasher` (SipHash-1-3) for every upsert of a fleet with groups.
    static func fnv1a(_ id: String) -> UInt64 {
        @inline(__always) func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
            var value: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
            return value
        }
        return id.utf8.withContiguousStorageIfAvailable { hash($0) } ?? hash(id.utf8)
    }

    static func stateBit(_ state: VehicleState, privacy: Bool) -> UInt64 {
        1 << UInt64(stateShift + Int(UInt(bitPattern: state.hashValue) % 8) * 2 + (privacy ? 1 : 0))
    }

    /// The word of each vehicle a writer appends, with the last state's bits kept (consecutive upserts mostly
    /// share their state; without group and entity, hashing the state is all of a word's cost).
    struct Cache {
        var state: VehicleState? = nil
        var stateBits: (notPrivate: UInt64, isPrivate: UInt64) = (0, 0)

        mutating func word(of vehicle: VehiclePosition) -> UInt64 {
            if vehicle.state != state {
                state = vehicle.state
                stateBits = (stateBit(vehicle.state, privacy: false), stateBit(vehicle.state, privacy: true))
            }
            return idBit(vehicle.groupId, shift: 0) | idBit(vehicle.entityId, shift: entityShift)
                | (vehicle.isPrivacyMode ? stateBits.isPrivate : stateBits.notPrivate)
        }
    }

    /// What `filter` requires of a log entry's word, as ``SpatialIndex/KDTree/SubtreeFilter/requirements``: per
    /// constrained field, the bits of the values it accepts (all ones for a field it does not constrain, and for the
    /// fourth); nil when it constrains none.
    static func requirements(of filter: borrowing VehicleFilter) -> (UInt64, UInt64, UInt64, UInt64)? {
        let groups = filter.groupIds.map { ids in ids.reduce(UInt64(0)) { $0 | idBit($1, shift: 0) } }
        let entities = filter.entityIds.map { ids in ids.reduce(UInt64(0)) { $0 | idBit($1, shift: entityShift) } }
        var states: UInt64? = nil
        if filter.states != nil || !filter.includesPrivacyMode {
            var bits: UInt64 = 0
            if let accepted = filter.states {
                for state in accepted {
                    bits |= stateBit(state, privacy: false)
                    if filter.includesPrivacyMode { bits |= stateBit(state, privacy: true) }
                }
            } else {
                for bucket in 0..<8 { bits |= 1 << UInt64(stateShift + 2 * bucket) }  // every state, not private
            }
            states = bits
        }
        guard groups != nil || entities != nil || states != nil else { return nil }
        return (groups ?? .max, entities ?? .max, states ?? .max, .max)
    }
}
