/// The spec's operation id of a request path (at the root or under `/ocean-3.0.0`), for the `operation` label of
/// the answers `serve` gives before an operation is resolved (413, 408, 429, 404, 400 of a malformed request):
/// "unknown" for any other path.
enum OperationPaths {
    static let prefix = "/ocean-3.0.0"
    static let operations: [String: String] = [
        "/restapi/auth/authenticate2": "authenticate2",
        "/restapi/mobility/v1/entities": "getEntities",
        "/restapi/vehicule_engin/vehicles": "getVehicles",
        "/restapi/mobility/v1/vehiclePositions": "getVehiclePositions",
        "/restapi/vehicule_engin/nearestVehicles": "nearestVehicles",
    ]
    static let unknown = "unknown"

    static func operationID(path: String) -> String {
        let relative = path.hasPrefix(prefix + "/") ? String(path.dropFirst(prefix.count)) : path
        return operations[relative] ?? unknown
    }
}
