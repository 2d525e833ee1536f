/// What a column (CSV) or member (JSON) of a fleet file means, with the names that select it.
///
/// Accepted names (case-insensitive): id (`id`, `vehicle_id`, `vehicleid`); latitude (`latitude`, `lat`,
/// `latitudey`); longitude (`longitude`, `lon`, `lng`, `longitudex`); projected `x`/`easting`, `y`/`northing`
/// (with a CRS); timestamp (`timestamp`, `time`, `gmtpos`, `date`); `customer`/`customerid`/`customer_id`;
/// `entity`/`entityid`/`entity_id`; `group`/`groupid`/`group_id`; `state`/`etat`/`etatmobile`;
/// `privacy`/`privacymode`/`privacy_mode`; in incident files read for dispatch, `vehicles`/`vehicles_needed`/`needed`
/// and `priority`. When several names of one role are present, the first non-empty one
/// in this order wins.
enum FieldRole: Int, CaseIterable, Sendable {
    case id, latitude, longitude, x, y, timestamp, customer, entity, group, state, privacy, vehicles, priority

    /// The names that select this role, in priority order (lowercase).
    var names: [String] {
        switch self {
        case .id: ["id", "vehicle_id", "vehicleid"]
        case .latitude: ["latitude", "lat", "latitudey"]
        case .longitude: ["longitude", "lon", "lng", "longitudex"]
        case .x: ["x", "easting"]
        case .y: ["y", "northing"]
        case .timestamp: ["timestamp", "time", "gmtpos", "date"]
        case .customer: ["customer", "customerid", "customer_id"]
        case .entity: ["entity", "entityid", "entity_id"]
        case .group: ["group", "groupid", "group_id"]
        case .state: ["state", "etat", "etatmobile"]
        case .privacy: ["privacy", "privacymode", "privacy_mode"]
        case .vehicles: ["vehicles", "vehicles_needed", "needed"]
        case .priority: ["priority"]
        }
    }

    /// The role a (lowercased) name selects and its priority within the role (0 first); nil for other names.
    static func role(named name: String) -> (role: FieldRole, priority: Int)? {
        for role in allCases {
            if let priority = role.names.firstIndex(of: name) { return (role, priority) }
        }
        return nil
    }
}
