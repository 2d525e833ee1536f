import Foundation
import NearestVehicle
import NearestVehicleService
import OceanAPI

extension NearestVehicleService {
    /// A service answering crow-flies from `index` and by road through Ocean (`OceanRoadProvider(client:)`).
    /// - Parameters:
    ///   - index: The local fleet, kept fed by the caller (e.g. FleetSync over the same client).
    ///   - client: The Ocean client PAR_ROUTE requests go through.
    ///   - details: Vehicle details lookup for local answers (Ocean's by-road answer brings name and driver).
    ///   - now: Reference time for position ages.
    public init(
        index: FleetIndex, client: OceanClient, details: DetailsLookup? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(index: index, roadProvider: OceanRoadProvider(client: client), details: details, now: now)
    }
}
