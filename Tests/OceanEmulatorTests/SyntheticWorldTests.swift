import Foundation
import Testing
@testable import OceanEmulator

@Suite struct SyntheticWorldTests {
    static let date = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func fleetIsDeterministic() {
        let a = EmulatedFleet.synthetic(seed: 42, vehicleCount: 300, referenceDate: Self.date)
        let b = EmulatedFleet.synthetic(seed: 42, vehicleCount: 300, referenceDate: Self.date)
        let c = EmulatedFleet.synthetic(seed: 43, vehicleCount: 300, referenceDate: Self.date)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func fleetShape() throws {
        let fleet = EmulatedFleet.synthetic(seed: 1, vehicleCount: 1_000, referenceDate: Self.date)
        #expect(fleet.vehicles.count == 1_000)
        #expect(Set(fleet.vehicles.map(\.id)).count == 1_000)
        #expect(Set(fleet.vehicles.map(\.immatriculation)).count == 1_000)
        let plate = try Regex("^[A-HJ-NP-TV-Z]{2}-[0-9]{3}-[A-HJ-NP-TV-Z]{2}$")
        #expect(fleet.vehicles.allSatisfy { $0.immatriculation.wholeMatch(of: plate) != nil })
        #expect(Set(fleet.vehicles.map(\.etatMobile)) == Set(EmulatedFleet.etatMobileCodes))
        #expect(fleet.vehicles.allSatisfy { $0.gmtPos <= Self.date && $0.gmtPos > Self.date - 3_600 })
        for vehicle in fleet.vehicles {
            let nearestCity = EmulatedFleet.cities.map {
                Haversine.distanceMeters(latitude1: vehicle.latitude, longitude1: vehicle.longitude, latitude2: $0.latitude, longitude2: $0.longitude)
            }.min()!
            #expect(nearestCity < 6_400) // within the ±4.5 km box
        }
    }

    @Test func fleetJSONRoundTrip() throws {
        let fleet = EmulatedFleet.synthetic(seed: 5, vehicleCount: 20, referenceDate: Self.date)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try fleet.save(to: url)
        #expect(try EmulatedFleet.load(from: url) == fleet)
    }

    @Test func syntheticNetworkIsConnectedAndCrossesTheRiverOnTwoBridges() throws {
        let network = RoadNetwork.synthetic(seed: 9)
        #expect(network.nodes.count > 1_000)
        let paris = EmulatedFleet.cities[0]
        let centre = try #require(network.nearestNode(latitude: paris.latitude, longitude: paris.longitude))
        #expect(centre.distanceMeters < 1)
        let costs = network.fastestRoutes(to: centre.index)
        #expect(costs.allSatisfy { $0 != nil }) // every node of the three cities reaches Paris: strongly connected
        let marseille = EmulatedFleet.cities[2]
        let far = try #require(network.nearestNode(latitude: marseille.latitude, longitude: marseille.longitude))
        #expect(costs[far.index]!.distanceMeters > 600_000) // via Lyon on the highways
        // River 250 m south of each centre: count street edges crossing it inside the grids (not the ring road).
        for city in EmulatedFleet.cities {
            let riverLatitude = city.latitude - 250 / 111_195.0
            let crossings = network.edges.filter { edge in
                let a = network.nodes[edge.from], b = network.nodes[edge.to]
                let inGrid = abs(a.longitude - city.longitude) < 0.07 && abs(a.latitude - city.latitude) < 0.05
                return inGrid && (a.latitude - riverLatitude) * (b.latitude - riverLatitude) < 0
                    && abs(a.longitude - b.longitude) < 1e-9 && edge.speedKmh < RoadNetwork.SpeedClass.ringRoad
            }
            #expect(crossings.count == 4, "\(city.name): two two-way bridges")
        }
    }

    @Test func geoJSONRoundTripKeepsRoutes() throws {
        let network = RoadNetwork.synthetic(seed: 2)
        let copy = try RoadNetwork(geoJSON: network.geoJSON())
        #expect(copy.nodes.count == network.nodes.count)
        #expect(copy.edges.count == network.edges.count)
        let lyon = EmulatedFleet.cities[1]
        let a = network.fastestRoutes(to: network.nearestNode(latitude: lyon.latitude, longitude: lyon.longitude)!.index)
        let b = copy.fastestRoutes(to: copy.nearestNode(latitude: lyon.latitude, longitude: lyon.longitude)!.index)
        for (index, node) in network.nodes.enumerated() {
            let other = copy.nearestNode(latitude: node.latitude, longitude: node.longitude)!.index
            #expect(abs(a[index]!.durationSeconds - b[other]!.durationSeconds) < 1e-6)
        }
    }

    @Test func geoJSONRejectsNonLineStrings() {
        let data = Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[[2,48]]}}]}"#.utf8)
        #expect(throws: RoadNetwork.GeoJSONError.self) { try RoadNetwork(geoJSON: data) }
    }
}
