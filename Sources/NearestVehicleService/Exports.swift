// NearestVehicleService: the service layer over the engine (`NearestVehicle`), in Ocean's shape.
//
// - `NearestVehicleService`: one query API for both compute modes, VOL_OISEAU from the local `FleetIndex`,
//   PAR_ROUTE through a `RoadNearestProvider`, with a caller-chosen, always-marked crow-flies fallback.
// - Requests and answers (`NearestVehiclesRequest`, `NearestVehiclesResponse`, `NearestVehicleResult`,
//   `VehicleDetails`) and the provider seam (`RoadNearestQuery`, `RoadNearestVehicle`, `RoadProviderError`).
//
// No HTTP here (Ocean's provider lives in `NearestVehicleOcean`). The engine's types are re-exported: the
// service's API is built on them (`FleetIndex`, `VehicleState`, `VehicleFilter`, `ExclusionCounts`).
@_exported import NearestVehicle
