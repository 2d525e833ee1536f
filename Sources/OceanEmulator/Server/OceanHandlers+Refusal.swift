import OceanAPIGenerated

/// Maps a ``Refusal`` to each operation's documented error responses (400, 403, 404 with a JSON body).
protocol RefusableOutput {
    static func badRequest(_ body: Components.Schemas.ErrorBody) -> Self
    static func forbidden(_ body: Components.Schemas.ErrorBody) -> Self
    static func notFound(_ body: Components.Schemas.ErrorBody) -> Self
}

extension RefusableOutput {
    static func refusal(_ refusal: Refusal, path: String) -> Self {
        switch refusal {
        case .badRequest(let message): badRequest(ErrorResponses.body(status: 400, message: message, path: path))
        case .forbidden(let message): forbidden(ErrorResponses.body(status: 403, message: message, path: path))
        case .notFound(let message): notFound(ErrorResponses.body(status: 404, message: message, path: path))
        }
    }
}

extension Operations.getEntities.Output: RefusableOutput {
    static func badRequest(_ body: Components.Schemas.ErrorBody) -> Self { .badRequest(.init(body: .json(body))) }
    static func forbidden(_ body: Components.Schemas.ErrorBody) -> Self { .forbidden(.init(body: .json(body))) }
    static func notFound(_ body: Components.Schemas.ErrorBody) -> Self { .notFound(.init(body: .json(body))) }
}

extension Operations.getVehicles.Output: RefusableOutput {
    static func badRequest(_ body: Components.Schemas.ErrorBody) -> Self { .badRequest(.init(body: .json(body))) }
    static func forbidden(_ body: Components.Schemas.ErrorBody) -> Self { .forbidden(.init(body: .json(body))) }
    static func notFound(_ body: Components.Schemas.ErrorBody) -> Self { .notFound(.init(body: .json(body))) }
}

extension Operations.getVehiclePositions.Output: RefusableOutput {
    static func badRequest(_ body: Components.Schemas.ErrorBody) -> Self { .badRequest(.init(body: .json(body))) }
    static func forbidden(_ body: Components.Schemas.ErrorBody) -> Self { .forbidden(.init(body: .json(body))) }
    static func notFound(_ body: Components.Schemas.ErrorBody) -> Self { .notFound(.init(body: .json(body))) }
}

extension Operations.nearestVehicles.Output: RefusableOutput {
    static func badRequest(_ body: Components.Schemas.ErrorBody) -> Self { .badRequest(.init(body: .json(body))) }
    static func forbidden(_ body: Components.Schemas.ErrorBody) -> Self { .forbidden(.init(body: .json(body))) }
    static func notFound(_ body: Components.Schemas.ErrorBody) -> Self { .notFound(.init(body: .json(body))) }
}
