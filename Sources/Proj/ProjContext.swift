import CProj

/// Owns one `PJ_CONTEXT`, with PROJ's logging to stderr switched off (errors reach callers as ``ProjError``).
///
/// PROJ's rule: a context, and every object created in it, must be used by one thread at a time. This class is
/// deliberately not `Sendable`, so the compiler keeps each context (and the ``CoordinateTransform`` that owns it)
/// inside one task or isolation domain. Create one per task or thread; they are cheap (~µs) compared with
/// creating a transformation (~1 ms).
final class ProjContext {
    let pointer: OpaquePointer

    init() throws(ProjError) {
        guard let context = proj_context_create() else {
            throw ProjError(code: 0, message: "proj_context_create returned NULL (out of memory?)",
                            operation: "create PROJ context")
        }
        proj_log_level(context, PJ_LOG_NONE)
        self.pointer = context
    }

    deinit {
        proj_context_destroy(pointer)
    }
}
