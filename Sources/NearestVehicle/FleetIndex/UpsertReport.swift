/// What an upsert did with each record: counts of accepted and stale records, and every rejection with its
/// reason (never dropped silently).
public struct UpsertReport: Hashable, Sendable, CustomStringConvertible {
    /// Records for ids the index did not hold.
    public var inserted = 0
    /// Records that replaced an older (or equally old) position of the same id.
    public var updated = 0
    /// Records older than the position already held for their id: ignored, the newer position stays.
    public var stale = 0
    /// Records that could not be accepted, in input order.
    public var rejections: [Rejection] = []

    public init() {}

    /// Records accepted (inserted + updated).
    public var accepted: Int { inserted + updated }

    public var description: String {
        "inserted \(inserted), updated \(updated), stale \(stale), rejected \(rejections.count)"
            + (rejections.isEmpty ? "" : ": " + rejections.prefix(5).map(\.description).joined(separator: "; "))
    }

    /// One rejected record: where it was in the input, its id, and why.
    public struct Rejection: Hashable, Sendable, CustomStringConvertible {
        /// Position of the record in the upserted sequence (0 for a single upsert).
        public let offset: Int
        /// The record's id as given (may be empty).
        public let id: String
        public let reason: Reason

        public init(offset: Int, id: String, reason: Reason) {
            self.offset = offset
            self.id = id
            self.reason = reason
        }

        public var description: String { "record \(offset) (id '\(id)'): \(reason)" }

        /// Why a record was rejected; match with the static members (`reason == .emptyID`).
        public struct Reason: Error, Hashable, Sendable, CustomStringConvertible {
            private enum Kind: Hashable, Sendable {
                case emptyID, emptyCustomerID
            }

            private let kind: Kind

            private init(_ kind: Kind) {
                self.kind = kind
            }

            /// The id is empty.
            public static let emptyID = Self(.emptyID)
            /// The customer id is empty (every vehicle belongs to a customer).
            public static let emptyCustomerID = Self(.emptyCustomerID)

            /// Why `position` cannot be indexed, or nil: the one rule of loads and upserts.
            static func of(_ position: VehiclePosition) -> Reason? {
                if position.id.isEmpty { return .emptyID }
                if position.customerId.isEmpty { return .emptyCustomerID }
                return nil
            }

            public var description: String {
                switch kind {
                case .emptyID: "empty vehicle id"
                case .emptyCustomerID: "empty customer id"
                }
            }
        }
    }
}
