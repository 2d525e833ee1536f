// The shared vocabulary (`VehicleState`, `ComputeMode`, `VehicleDriver`) is re-exported: the engine's API is built
// on `VehicleState`, and users of the engine should not need a second import for it.
@_exported import FleetVocabulary
