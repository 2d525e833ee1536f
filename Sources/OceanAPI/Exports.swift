// The shared vocabulary (`VehicleState`, `ComputeMode`, `VehicleDriver`) is re-exported: the client's models are
// built on it (the same types the engine and the service use, so no mapping between twins).
@_exported import FleetVocabulary
