// NearestVehicleOcean: the engine (`NearestVehicle`) and its service layer (`NearestVehicleService`) fed from and
// routed through Ocean (`OceanAPI`).
//
// - FleetSync: pulls `vehiclePositions` (and `vehicles` for attributes) into a `FleetIndex`.
// - The Ocean implementation of the service's by-road provider, used by `NearestVehicleService` for PAR_ROUTE.
//
// Neither the client nor the core depends on the other; only this module sees both.
@_exported import NearestVehicle
@_exported import NearestVehicleService
@_exported import OceanAPI
