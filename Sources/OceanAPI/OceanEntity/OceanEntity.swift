import Foundation

/// An organisational unit of a customer (`entities[]`: `id`, `nom`).
public struct OceanEntity: Sendable, Hashable {
    public var id: Int64
    public var name: String
}
