import OceanAPIGenerated

/// A generated operation output, as returned by upstream: its error status, if it is one.
protocol UpstreamOutput: Sendable {
    /// The HTTP status when the output is an error (4xx, 5xx, undocumented), nil for 2xx.
    var errorStatus: Int? { get }
}

extension Operations.authenticate2.Output: UpstreamOutput {
    var errorStatus: Int? {
        switch self {
        case .ok, .created: return nil
        case .badRequest: return 400
        case .unauthorized: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .tooManyRequests: return 429
        case .`default`(let status, _): return status
        }
    }
}

extension Operations.getEntities.Output: UpstreamOutput {
    var errorStatus: Int? {
        switch self {
        case .ok: return nil
        case .badRequest: return 400
        case .unauthorized: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .tooManyRequests: return 429
        case .`default`(let status, _): return status
        }
    }
}

extension Operations.getVehicles.Output: UpstreamOutput {
    var errorStatus: Int? {
        switch self {
        case .ok: return nil
        case .badRequest: return 400
        case .unauthorized: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .tooManyRequests: return 429
        case .`default`(let status, _): return status
        }
    }
}

extension Operations.getVehiclePositions.Output: UpstreamOutput {
    var errorStatus: Int? {
        switch self {
        case .ok: return nil
        case .badRequest: return 400
        case .unauthorized: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .tooManyRequests: return 429
        case .`default`(let status, _): return status
        }
    }
}

extension Operations.nearestVehicles.Output: UpstreamOutput {
    var errorStatus: Int? {
        switch self {
        case .ok, .created: return nil
        case .badRequest: return 400
        case .unauthorized: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .tooManyRequests: return 429
        case .`default`(let status, _): return status
        }
    }
}
