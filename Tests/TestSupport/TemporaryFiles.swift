import Foundation

/// The folder under which every test of this process writes its files (`nearest-tests-<pid>-<uuid>` in the system's
/// temporary folder), removed with its contents when the process exits normally: a test run leaves nothing behind
/// (each test still gets a fresh folder of its own inside it).
private let processTestFolder: URL = {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("nearest-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: processTestFolder) }
    return folder
}()

/// A fresh, empty folder for one test's files (named `prefix-<uuid>`), removed when the test process exits.
public func temporaryFolder(prefix: String = "test") throws -> URL {
    let folder = processTestFolder.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Writes `contents` to a fresh temporary file named `name` (in its own directory) and returns its path.
public func temporaryFile(_ name: String, _ contents: String) throws -> String {
    try temporaryFile(name, bytes: Array(contents.utf8))
}

/// Writes raw `bytes` (invalid UTF-8 included) to a fresh temporary file named `name` and returns its path.
public func temporaryFile(_ name: String, bytes: [UInt8]) throws -> String {
    let url = try temporaryFolder().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}
