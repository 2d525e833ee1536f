import Foundation

/// GeoJSON exchange: a FeatureCollection of LineString features, coordinates `[longitude, latitude]` (RFC 7946),
/// properties `speedKmh` (number, default 50) and `oneway` (bool, default false; true means drivable in the
/// direction of the coordinates only). Each consecutive pair of coordinates is one road segment.
extension RoadNetwork {
    public struct GeoJSONError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private struct FeatureCollection: Codable {
        var type = "FeatureCollection"
        var features: [Feature]
    }

    private struct Feature: Codable {
        var type = "Feature"
        var geometry: Geometry
        var properties: Properties?
    }

    private struct Geometry: Codable {
        var type: String
        var coordinates: [[Double]]
    }

    private struct Properties: Codable {
        var speedKmh: Double?
        var oneway: Bool?
    }

    /// Reads a network from GeoJSON data.
    /// - Throws: ``GeoJSONError`` for a non-LineString geometry or a malformed coordinate.
    public init(geoJSON data: Data) throws {
        let collection = try JSONDecoder().decode(FeatureCollection.self, from: data)
        var builder = Builder()
        for (featureIndex, feature) in collection.features.enumerated() {
            guard feature.geometry.type == "LineString" else {
                throw GeoJSONError(description: "feature \(featureIndex): geometry \(feature.geometry.type) is not a LineString")
            }
            var previous: Node?
            for position in feature.geometry.coordinates {
                guard position.count >= 2, (-90...90).contains(position[1]), (-180...180).contains(position[0]) else {
                    throw GeoJSONError(description: "feature \(featureIndex): invalid position \(position)")
                }
                let node = Node(latitude: position[1], longitude: position[0])
                if let previous {
                    builder.addRoad(
                        from: previous, to: node,
                        speedKmh: feature.properties?.speedKmh ?? 50,
                        oneWay: feature.properties?.oneway ?? false
                    )
                }
                previous = node
            }
        }
        self = builder.build()
    }

    /// Loads a network from a GeoJSON file.
    public static func load(from url: URL) throws -> RoadNetwork {
        try RoadNetwork(geoJSON: Data(contentsOf: url))
    }

    /// The network as GeoJSON: one two-point LineString per road; a two-way road (both directions, same speed and
    /// length) is written once with `oneway: false`.
    public func geoJSON() throws -> Data {
        var features: [Feature] = []
        var written = Set<Int>()
        var edgeIndexByPair: [[Int]: [Int]] = [:]
        for (index, edge) in edges.enumerated() {
            edgeIndexByPair[[edge.from, edge.to], default: []].append(index)
        }
        for (index, edge) in edges.enumerated() where !written.contains(index) {
            written.insert(index)
            let reverse = edgeIndexByPair[[edge.to, edge.from], default: []].first {
                !written.contains($0) && edges[$0].speedKmh == edge.speedKmh
            }
            if let reverse { written.insert(reverse) }
            let a = nodes[edge.from], b = nodes[edge.to]
            features.append(
                Feature(
                    geometry: Geometry(type: "LineString", coordinates: [[a.longitude, a.latitude], [b.longitude, b.latitude]]),
                    properties: Properties(speedKmh: edge.speedKmh, oneway: reverse == nil)
                )
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(FeatureCollection(features: features))
    }

    /// Writes ``geoJSON()`` to a file.
    public func save(to url: URL) throws {
        try geoJSON().write(to: url)
    }
}
