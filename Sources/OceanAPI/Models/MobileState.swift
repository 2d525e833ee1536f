/// Ocean's vehicle state (`etatMobile` / `etat`). An open set: unknown codes are kept as they are.
public struct MobileState: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let stopped = MobileState(rawValue: "STOPPED")
    public static let stopAction = MobileState(rawValue: "STOP_ACTION")
    public static let traveling = MobileState(rawValue: "TRAVELING")
    public static let waiting = MobileState(rawValue: "WAITING")
    public static let startAction = MobileState(rawValue: "START_ACTION")
    public static let engineUp = MobileState(rawValue: "ENGINE_UP")
    public static let undefined = MobileState(rawValue: "UNDEFINED")
    public static let undefinedState = MobileState(rawValue: "UNDEFINED_STATE")
    public static let outOfOrder = MobileState(rawValue: "OUT_OF_ORDER")
    public static let privacy = MobileState(rawValue: "PRIVACY")

    public var description: String { rawValue }
}
