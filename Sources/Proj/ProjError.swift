import CProj

/// An error reported by PROJ, with PROJ's own error code and message.
///
/// `code` is PROJ's `proj_context_errno` value (0 when the failure was detected on our side, e.g. a NULL
/// object without an errno); `message` is `proj_context_errno_string` for that code, or our explanation.
/// `operation` names what we asked PROJ to do ("create CRS 'EPSG:99999'").
public struct ProjError: Error, Hashable, Sendable, CustomStringConvertible {
    /// PROJ's errno (`PROJ_ERR_*`), or 0 if PROJ gave none.
    public let code: Int32
    /// PROJ's message for `code`, or a description of the failure.
    public let message: String
    /// What was being attempted.
    public let operation: String

    package init(code: Int32, message: String, operation: String) {
        self.code = code
        self.message = message
        self.operation = operation
    }

    public var description: String {
        code == 0 ? "PROJ: \(operation) failed: \(message)" : "PROJ: \(operation) failed: \(message) (PROJ error \(code))"
    }
}

extension ProjError {
    /// Reads and resets the context's error state.
    static func last(in context: OpaquePointer?, operation: String, fallback: String = "unknown error") -> ProjError {
        let code = proj_context_errno(context)
        var message = fallback
        if code != 0, let text = proj_context_errno_string(context, code) {
            message = String(cString: text)
        }
        return ProjError(code: code, message: message, operation: operation)
    }
}
