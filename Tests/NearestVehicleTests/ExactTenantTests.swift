import Foundation
import Geo
import NearestVehicle
import Testing

/// Customer, entity and group ids are byte strings too (issue 21): two customers whose ids Swift's `String ==`
/// calls equal but whose UTF-8 differs are two tenants — one's query never sees the other's vehicles — and two
/// such entities or groups are two filters' worth. Before, the index merged them into one tenant.
@Suite struct ExactTenantTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let composed = "caf\u{E9}", decomposed = "cafe\u{301}"  // "café" twice: U+00E9 vs e + U+0301

    @Test(arguments: [true, false])
    func canonicallyEquivalentCustomersAreTwoTenants(_ bulkLoad: Bool) throws {
        #expect(Self.composed == Self.decomposed)
        let here = try Coordinate(latitude: 48.85, longitude: 2.35)
        let positions = [
            VehiclePosition(id: "a1", coordinate: here, timestamp: now, customerId: Self.composed),
            VehiclePosition(id: "b1", coordinate: here, timestamp: now, customerId: Self.decomposed),
            VehiclePosition(id: "b2", coordinate: here, timestamp: now, customerId: Self.decomposed),
        ]
        let index: FleetIndex
        if bulkLoad {
            index = FleetIndex.load(positions).index
        } else {
            index = FleetIndex()
            index.upsert(contentsOf: positions)
        }
        func ids(_ customer: String) throws -> [String] {
            try index.nearest(10, to: here, filter: VehicleFilter(customerId: customer, now: now)).vehicles.map(\.vehicle.id)
        }
        #expect(try ids(Self.composed) == ["a1"])
        #expect(try ids(Self.decomposed) == ["b1", "b2"])
        #expect(index.positions(customerId: Self.composed).map(\.id) == ["a1"])
        #expect(Set(index.positions(customerId: Self.decomposed).map(\.id)) == ["b1", "b2"])
        #expect(index.customerIds.count == 2)
        // After a rebuild too.
        index.compact()
        #expect(try ids(Self.composed) == ["a1"])
        #expect(try ids(Self.decomposed) == ["b1", "b2"])
    }

    @Test func canonicallyEquivalentEntitiesAndGroupsAreDistinct() throws {
        let here = try Coordinate(latitude: 48.85, longitude: 2.35)
        let index = FleetIndex()
        index.upsert(contentsOf: [
            VehiclePosition(id: "x", coordinate: here, timestamp: now, customerId: "c", entityId: Self.composed,
                            groupId: Self.composed),
            VehiclePosition(id: "y", coordinate: here, timestamp: now, customerId: "c", entityId: Self.decomposed,
                            groupId: Self.decomposed),
        ])
        for compacted in [false, true] {
            if compacted { index.compact() }  // the log (value filter), then the tree (compiled filter)
            let byEntity = try index.nearest(
                10, to: here, filter: VehicleFilter(customerId: "c", entityIds: [Self.decomposed], now: now))
            #expect(byEntity.vehicles.map(\.vehicle.id) == ["y"], "compacted \(compacted)")
            let byGroup = try index.nearest(
                10, to: here, filter: VehicleFilter(customerId: "c", groupIds: [Self.composed], now: now))
            #expect(byGroup.vehicles.map(\.vehicle.id) == ["x"], "compacted \(compacted)")
        }
    }

    /// The customer directory (its own hash of the id's bytes, eight at a time, and linear probing) finds every one of
    /// hundreds of customers whose ids share prefixes, differ only past the first eight bytes or in one byte of a
    /// multi-byte character, are empty-adjacent or long: each customer's query answers its own vehicle only, and an
    /// id that is a prefix or an extension of a customer's finds nothing.
    @Test func everyCustomerFindsItsOwnVehicleAmongHundreds() throws {
        let here = try Coordinate(latitude: 48.85, longitude: 2.35)
        var customers: [String] = []
        for number in 0..<100 {
            customers.append("c\(number)")                            // 2-3 bytes
            customers.append("customer-00000000-\(number)")           // the same first 16 bytes, then the number
            customers.append(String(repeating: "é", count: number % 13 + 1) + "\(number)")  // 2-byte characters
        }
        customers += [Self.composed, Self.decomposed, "12345678", "123456789", "1234567", "\u{0}", "🚑🚑🚑🚑"]
        #expect(Set(customers.map { Array($0.utf8) }).count == customers.count, "distinct byte strings")
        let positions = customers.enumerated().map { number, customer in
            VehiclePosition(id: "v\(number)", coordinate: here, timestamp: now, customerId: customer)
        }
        let index = FleetIndex.load(positions).index
        for (number, customer) in customers.enumerated() {
            let answer = try index.nearest(5, to: here, filter: VehicleFilter(customerId: customer, now: now))
            #expect(answer.vehicles.map(\.vehicle.id) == ["v\(number)"], "customer \(customer)")
        }
        for unknown in ["12345678 ", "c", "customer-00000000-", "customer-00000000-100", "🚑🚑🚑"] {
            #expect(try index.nearest(5, to: here, filter: VehicleFilter(customerId: unknown, now: now)).vehicles.isEmpty,
                    "unknown \(unknown)")
        }
    }
}

