import Foundation
import SeededRandom

extension RoadNetwork {
    /// Speed classes of the synthetic network, km/h.
    public enum SpeedClass {
        public static let street = 30.0
        public static let avenue = 50.0
        public static let ringRoad = 90.0
        public static let highway = 130.0
    }

    /// A deterministic synthetic network over ``EmulatedFleet/cities``.
    ///
    /// Per city: a 21 x 21 street grid with 500 m spacing (±5 km around the centre). Every fifth row and column is a
    /// two-way avenue at 50 km/h; the other streets are one-way at 30 km/h (direction chosen by the seed). An
    /// east-west river runs 250 m south of the centre: only two avenues cross it (the bridges, chosen by the seed).
    /// A 90 km/h ring road at ±6 km meets every avenue end. 130 km/h highways join Paris-Lyon and Lyon-Marseille.
    public static func synthetic(seed: UInt64) -> RoadNetwork {
        var random = SplitMix64(seed: seed)
        var builder = Builder()
        let spacing = 500.0
        let half = 10
        let ring = 12
        let avenues = [-10, -5, 0, 5, 10]
        var ringAnchors: [[Node]] = []
        for city in EmulatedFleet.cities {
            let metersPerDegreeLongitude = 111_195.0 * cos(city.latitude * .pi / 180)
            func point(_ row: Int, _ column: Int) -> Node {
                Node(
                    latitude: city.latitude + Double(row) * spacing / 111_195.0,
                    longitude: city.longitude + Double(column) * spacing / metersPerDegreeLongitude
                )
            }
            var bridgeColumns = Set<Int>()
            while bridgeColumns.count < 2 {
                bridgeColumns.insert(avenues[Int(random.next() % UInt64(avenues.count))])
            }
            // Rows (east-west streets).
            for row in -half...half {
                let isAvenue = avenues.contains(row)
                let eastbound = random.next() % 2 == 0
                for column in -half..<half {
                    let a = point(row, column), b = point(row, column + 1)
                    if isAvenue {
                        builder.addRoad(from: a, to: b, speedKmh: SpeedClass.avenue)
                    } else {
                        builder.addRoad(from: eastbound ? a : b, to: eastbound ? b : a, speedKmh: SpeedClass.street, oneWay: true)
                    }
                }
            }
            // Columns (north-south streets); the river lies between rows -1 and 0.
            for column in -half...half {
                let isAvenue = avenues.contains(column)
                let northbound = random.next() % 2 == 0
                for row in -half..<half {
                    if row == -1, !bridgeColumns.contains(column) { continue }
                    let a = point(row, column), b = point(row + 1, column)
                    if isAvenue {
                        builder.addRoad(from: a, to: b, speedKmh: SpeedClass.avenue)
                    } else {
                        builder.addRoad(from: northbound ? a : b, to: northbound ? b : a, speedKmh: SpeedClass.street, oneWay: true)
                    }
                }
            }
            // Ring road: a closed loop through the corners and every avenue end, joined to the avenue ends.
            var loop: [(Int, Int)] = []
            let sides = [-ring] + avenues + [ring]
            for column in sides { loop.append((ring, column)) }                 // north side, west -> east
            for row in sides.reversed().dropFirst() { loop.append((row, ring)) } // east side, north -> south
            for column in sides.reversed().dropFirst() { loop.append((-ring, column)) } // south side, east -> west
            for row in sides.dropFirst().dropLast() { loop.append((row, -ring)) } // west side, south -> north
            for (index, corner) in loop.enumerated() {
                let next = loop[(index + 1) % loop.count]
                builder.addRoad(from: point(corner.0, corner.1), to: point(next.0, next.1), speedKmh: SpeedClass.ringRoad)
            }
            for avenue in avenues {
                builder.addRoad(from: point(avenue, half), to: point(avenue, ring), speedKmh: SpeedClass.avenue)
                builder.addRoad(from: point(avenue, -half), to: point(avenue, -ring), speedKmh: SpeedClass.avenue)
                builder.addRoad(from: point(half, avenue), to: point(ring, avenue), speedKmh: SpeedClass.avenue)
                builder.addRoad(from: point(-half, avenue), to: point(-ring, avenue), speedKmh: SpeedClass.avenue)
            }
            ringAnchors.append([point(ring, 0), point(-ring, 0)]) // north and south exits
        }
        // Highways: south exit of one city to the north exit of the next (Paris -> Lyon -> Marseille).
        for index in 0..<(ringAnchors.count - 1) {
            builder.addRoad(from: ringAnchors[index][1], to: ringAnchors[index + 1][0], speedKmh: SpeedClass.highway)
        }
        return builder.build()
    }
}
