import Foundation

/// An organisational unit of a customer (`entities[]`: `id`, `nom`).
public struct OceanEntity: Sendable, Hashable {
    public var id: Int64
    public var name: String

    /// - Parameters:
    ///   - id: Ocean's entity id.
    ///   - name: the entity's name (`nom`).
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}
