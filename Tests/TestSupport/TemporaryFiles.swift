import Foundation

/// Writes `contents` to a fresh temporary file named `name` (in its own directory) and returns its path.
public func temporaryFile(_ name: String, _ contents: String) throws -> String {
    try temporaryFile(name, bytes: Array(contents.utf8))
}

/// Writes raw `bytes` (invalid UTF-8 included) to a fresh temporary file named `name` and returns its path.
public func temporaryFile(_ name: String, bytes: [UInt8]) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nearest-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}
