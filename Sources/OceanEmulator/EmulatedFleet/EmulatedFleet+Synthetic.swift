import Foundation
import SeededRandom

extension EmulatedFleet {
    /// City centres the synthetic fleet and road network use (WGS84 degrees).
    public static let cities: [(name: String, latitude: Double, longitude: Double)] = [
        ("Paris", 48.8566, 2.3522),
        ("Lyon", 45.7640, 4.8357),
        ("Marseille", 43.2965, 5.3698),
    ]

    /// A deterministic synthetic fleet: two customers (1001, 1002), three entities each, `vehicleCount` vehicles
    /// spread over Paris, Lyon and Marseille (within about 4.5 km of each centre, inside the synthetic street grids).
    ///
    /// - Parameters:
    ///   - seed: SplitMix64 seed; the same seed, count and date give the same fleet.
    ///   - vehicleCount: number of vehicles, >= 0.
    ///   - referenceDate: position fixes (`gmtPos`) are up to one hour before this date.
    public static func synthetic(seed: UInt64, vehicleCount: Int, referenceDate: Date) -> EmulatedFleet {
        var random = SplitMix64(seed: seed)
        let customers = [Customer(id: 1001, name: "Transports Demo"), Customer(id: 1002, name: "Logistique Sud")]
        var entities: [Entity] = []
        for customer in customers {
            for (index, name) in ["Agence Nord", "Agence Centre", "Agence Sud"].enumerated() {
                entities.append(Entity(id: customer.id * 10 + Int64(index), nom: "\(name) \(customer.id)", customerId: customer.id))
            }
        }
        let makes = [("Renault", "Kangoo"), ("Peugeot", "Partner"), ("Citroën", "Berlingo"), ("Renault", "Master"),
                     ("Iveco", "Daily"), ("Ford", "Transit")]
        let lastNames = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
                         "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David"]
        let firstNames = ["Camille", "Léa", "Hugo", "Louis", "Chloé", "Jules", "Emma", "Lucas", "Inès", "Nathan",
                          "Manon", "Théo"]
        // Weighted towards moving/stopped, every documented code appears.
        let states = ["TRAVELING", "TRAVELING", "TRAVELING", "STOPPED", "STOPPED", "WAITING", "START_ACTION",
                      "STOP_ACTION", "ENGINE_UP", "UNDEFINED", "UNDEFINED_STATE", "OUT_OF_ORDER", "PRIVACY"]
        var vehicles: [Vehicle] = []
        vehicles.reserveCapacity(vehicleCount)
        var plates = Set<String>()
        for index in 0..<max(0, vehicleCount) {
            let customer = customers[index % customers.count]
            let customerEntities = entities.filter { $0.customerId == customer.id }
            let entity = customerEntities[Int(random.next() % UInt64(customerEntities.count))]
            let city = cities[Int(random.next() % UInt64(cities.count))]
            let metersNorth = Double.random(in: -4_500...4_500, using: &random)
            let metersEast = Double.random(in: -4_500...4_500, using: &random)
            let latitude = city.latitude + metersNorth / 111_195.0
            let longitude = city.longitude + metersEast / (111_195.0 * cos(city.latitude * .pi / 180))
            var plate = registration(using: &random)
            while plates.contains(plate) { plate = registration(using: &random) }
            plates.insert(plate)
            let make = makes[Int(random.next() % UInt64(makes.count))]
            let state = states[Int(random.next() % UInt64(states.count))]
            let hasDriver = random.next() % 5 != 0
            let driverId = Int64(50_000 + index)
            let driver = hasDriver
                ? Driver(
                    id: driverId,
                    nom: lastNames[Int(random.next() % UInt64(lastNames.count))],
                    prenom: firstNames[Int(random.next() % UInt64(firstNames.count))],
                    matricule: "M\(driverId)",
                    gsm: "+336\(String(format: "%08d", Int(random.next() % 100_000_000)))"
                )
                : nil
            let ageSeconds = Double(random.next() % 3_600)
            let moving = state == "TRAVELING"
            vehicles.append(
                Vehicle(
                    id: Int64(100_000 + index),
                    customerId: customer.id,
                    entityId: entity.id,
                    groupId: entity.id * 10 + Int64(random.next() % 2),
                    immatriculation: plate,
                    marque: make.0,
                    modele: make.1,
                    description: "\(make.0) \(make.1) \(city.name)",
                    driver: driver,
                    etatMobile: state,
                    latitude: latitude,
                    longitude: longitude,
                    cap: Double(random.next() % 360),
                    speedKmh: moving ? Double(10 + random.next() % 60) : 0,
                    gmtPos: referenceDate.addingTimeInterval(-ageSeconds),
                    privacyEnabled: state == "PRIVACY"
                )
            )
        }
        return EmulatedFleet(customers: customers, entities: entities, vehicles: vehicles)
    }

    /// A French SIV registration "AB-123-CD" (no I, O or U, as on real plates).
    private static func registration(using random: inout SplitMix64) -> String {
        let letters = Array("ABCDEFGHJKLMNPQRSTVWXYZ")
        func letter() -> Character { letters[Int(random.next() % UInt64(letters.count))] }
        let number = 1 + Int(random.next() % 999)
        return "\(letter())\(letter())-\(String(format: "%03d", number))-\(letter())\(letter())"
    }
}
