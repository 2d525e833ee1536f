/// A setting of the emulator (a limit, a duration, a count) outside its documented range, or text that is not a
/// value of its kind. The description names the setting, the value (user text truncated to 64 characters) and what
/// is valid.
public struct InvalidEmulatorSetting: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
