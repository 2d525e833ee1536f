// A short tour of the foundation modules; `make run` runs it until the `nearest` CLI replaces it.
import Geo
import Proj
import Foundation

do {
    let radius = try LengthUnit.resolve("miles")
    print("radius unit 'miles' -> \(radius.name) (\(radius.identifier)), 1 \(radius.symbol) = \(radius.metersPerUnit) m")

    let lambert93 = try CoordinateTransform(from: "EPSG:2154")
    let notreDame = try lambert93.toWGS84(ProjectedPoint(x: 652_469.02, y: 6_861_682.26))
    print("Lambert-93 (652469.02, 6861682.26) -> WGS84 \(notreDame)")

    let eiffelTower = try Coordinate(latitude: 48.858_37, longitude: 2.294_481)
    let crowFlies = notreDame.distance(to: eiffelTower)
    let ellipsoidal = Geodesic.wgs84.distance(from: notreDame, to: eiffelTower)
    print("to the Eiffel Tower: haversine \(crowFlies) m, WGS84 geodesic \(ellipsoidal) m")
} catch {
    print("error: \(error)")
    exit(1)
}
