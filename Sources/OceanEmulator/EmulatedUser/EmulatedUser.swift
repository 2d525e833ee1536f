/// A login allowed by the emulator, with the customers it may see.
public struct EmulatedUser: Codable, Sendable, Hashable {
    public var login: String
    public var password: String
    /// Customers this user may see. More than one makes a multi-customer user, who must pass `customerId`.
    public var customerIds: [Int64]

    public init(login: String, password: String, customerIds: [Int64]) {
        self.login = login
        self.password = password
        self.customerIds = customerIds
    }

    /// The default users: `demo` (customer 1001), `other` (1002) and `multi` (both).
    public static let defaults: [EmulatedUser] = [
        EmulatedUser(login: "demo", password: "demo-password", customerIds: [1001]),
        EmulatedUser(login: "other", password: "other-password", customerIds: [1002]),
        EmulatedUser(login: "multi", password: "multi-password", customerIds: [1001, 1002]),
    ]
}
