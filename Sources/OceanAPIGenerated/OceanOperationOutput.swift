/// A generated operation's output: its HTTP status when it is an error, the one place that reads it from the
/// generated enums (the Ocean client decides retries and errors by it, `nearest serve` forwards it).
public protocol OceanOperationOutput: Sendable {
    /// The HTTP status when the output is an error (4xx, 5xx, undocumented), nil for 2xx.
    var errorStatus: Int? { get }
}

extension Operations.authenticate2.Output: OceanOperationOutput {
    public var errorStatus: Int? {
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

extension Operations.getEntities.Output: OceanOperationOutput {
    public var errorStatus: Int? {
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

extension Operations.getVehicles.Output: OceanOperationOutput {
    public var errorStatus: Int? {
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

extension Operations.getVehiclePositions.Output: OceanOperationOutput {
    public var errorStatus: Int? {
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

extension Operations.nearestVehicles.Output: OceanOperationOutput {
    public var errorStatus: Int? {
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
