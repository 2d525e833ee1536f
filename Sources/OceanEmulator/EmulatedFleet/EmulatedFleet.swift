import Foundation

/// The data the emulator serves: customers, their entities and vehicles, and the users allowed to log in.
///
/// Plain `Codable` values, so a fleet can be saved to and loaded from JSON (`ocean-emulator --fleet FILE`).
/// A synthetic fleet depends only on its seed, size and reference date (see ``synthetic(seed:vehicleCount:referenceDate:)``).
public struct EmulatedFleet: Codable, Sendable, Hashable {
    public var customers: [Customer]
    public var entities: [Entity]
    public var vehicles: [Vehicle]

    public init(customers: [Customer], entities: [Entity], vehicles: [Vehicle]) {
        self.customers = customers
        self.entities = entities
        self.vehicles = vehicles
    }

    public struct Customer: Codable, Sendable, Hashable {
        public var id: Int64
        public var name: String
        public init(id: Int64, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct Entity: Codable, Sendable, Hashable {
        public var id: Int64
        public var nom: String
        public var customerId: Int64
        public init(id: Int64, nom: String, customerId: Int64) {
            self.id = id
            self.nom = nom
            self.customerId = customerId
        }
    }

    public struct Driver: Codable, Sendable, Hashable {
        public var id: Int64
        public var nom: String
        public var prenom: String
        public var matricule: String
        public var gsm: String
        public init(id: Int64, nom: String, prenom: String, matricule: String, gsm: String) {
            self.id = id
            self.nom = nom
            self.prenom = prenom
            self.matricule = matricule
            self.gsm = gsm
        }
    }

    public struct Vehicle: Codable, Sendable, Hashable {
        public var id: Int64
        public var customerId: Int64
        public var entityId: Int64
        public var groupId: Int64?
        public var immatriculation: String
        public var marque: String
        public var modele: String
        public var description: String
        public var driver: Driver?
        /// Ocean `etatMobile` code: STOPPED, STOP_ACTION, TRAVELING, WAITING, START_ACTION, ENGINE_UP, UNDEFINED,
        /// UNDEFINED_STATE, OUT_OF_ORDER, PRIVACY.
        public var etatMobile: String
        public var latitude: Double
        public var longitude: Double
        /// Heading, degrees clockwise from north.
        public var cap: Double
        public var speedKmh: Double
        /// Time of the position fix (UTC).
        public var gmtPos: Date
        public var privacyEnabled: Bool

        public init(
            id: Int64, customerId: Int64, entityId: Int64, groupId: Int64? = nil, immatriculation: String,
            marque: String = "Renault", modele: String = "Kangoo", description: String = "",
            driver: Driver? = nil, etatMobile: String = "STOPPED", latitude: Double, longitude: Double,
            cap: Double = 0, speedKmh: Double = 0, gmtPos: Date, privacyEnabled: Bool = false
        ) {
            self.id = id
            self.customerId = customerId
            self.entityId = entityId
            self.groupId = groupId
            self.immatriculation = immatriculation
            self.marque = marque
            self.modele = modele
            self.description = description
            self.driver = driver
            self.etatMobile = etatMobile
            self.latitude = latitude
            self.longitude = longitude
            self.cap = cap
            self.speedKmh = speedKmh
            self.gmtPos = gmtPos
            self.privacyEnabled = privacyEnabled
        }
    }

    /// Every `etatMobile` code the Ocean documentation lists.
    public static let etatMobileCodes = [
        "STOPPED", "STOP_ACTION", "TRAVELING", "WAITING", "START_ACTION", "ENGINE_UP", "UNDEFINED",
        "UNDEFINED_STATE", "OUT_OF_ORDER", "PRIVACY",
    ]
}

extension EmulatedFleet {
    /// Reads a fleet saved as JSON (dates ISO 8601).
    public static func load(from url: URL) throws -> EmulatedFleet {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EmulatedFleet.self, from: Data(contentsOf: url))
    }

    /// Writes the fleet as JSON (dates ISO 8601, sorted keys), readable by ``load(from:)``.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url)
    }
}
