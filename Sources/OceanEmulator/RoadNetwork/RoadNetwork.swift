/// A directed road graph for PAR_ROUTE: nodes in WGS84 degrees, edges with a length and a speed.
///
/// Two-way roads are two directed edges; one-way streets are one. Build one with ``Builder``, the deterministic
/// generator ``synthetic(seed:)``, or from GeoJSON (``init(geoJSON:)``).
public struct RoadNetwork: Sendable {
    public struct Node: Sendable, Hashable, Codable {
        public var latitude: Double
        public var longitude: Double
        public init(latitude: Double, longitude: Double) {
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    /// A directed edge `from -> to`.
    public struct Edge: Sendable, Hashable {
        public var from: Int
        public var to: Int
        public var lengthMeters: Double
        public var speedKmh: Double
        /// Travel time, seconds.
        public var durationSeconds: Double { lengthMeters / (speedKmh / 3.6) }
    }

    public private(set) var nodes: [Node]
    public private(set) var edges: [Edge]
    /// Indices into `edges` of the edges leaving / entering each node.
    var _outgoing: [[Int]]
    var _incoming: [[Int]]
    /// Snapping index (nil for an empty or ungriddable network).
    let _grid: NodeGrid?

    init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
        var outgoing = Array(repeating: [Int](), count: nodes.count)
        var incoming = Array(repeating: [Int](), count: nodes.count)
        for (index, edge) in edges.enumerated() {
            outgoing[edge.from].append(index)
            incoming[edge.to].append(index)
        }
        self._outgoing = outgoing
        self._incoming = incoming
        self._grid = NodeGrid(nodes: nodes)
    }

    /// An empty network: PAR_ROUTE then finds no vehicle.
    public static let empty = RoadNetwork(nodes: [], edges: [])

    /// Accumulates roads; nodes at the same coordinate (to 1e-7 degree) are merged.
    public struct Builder: Sendable {
        private var nodes: [Node] = []
        private var edges: [Edge] = []
        private var indexByKey: [Key: Int] = [:]

        private struct Key: Hashable {
            var latitude: Int64
            var longitude: Int64
        }

        public init() {}

        /// The index of the node at this coordinate, created if needed.
        @discardableResult
        public mutating func node(latitude: Double, longitude: Double) -> Int {
            let key = Key(latitude: Int64((latitude * 1e7).rounded()), longitude: Int64((longitude * 1e7).rounded()))
            if let index = indexByKey[key] { return index }
            nodes.append(Node(latitude: latitude, longitude: longitude))
            indexByKey[key] = nodes.count - 1
            return nodes.count - 1
        }

        /// Adds a straight road between two points.
        /// - Parameters:
        ///   - speedKmh: travel speed, km/h, > 0.
        ///   - oneWay: if true, only `from -> to` is drivable.
        ///   - lengthMeters: length; defaults to the haversine distance between the end points.
        public mutating func addRoad(
            from: Node, to: Node, speedKmh: Double, oneWay: Bool = false, lengthMeters: Double? = nil
        ) {
            let a = node(latitude: from.latitude, longitude: from.longitude)
            let b = node(latitude: to.latitude, longitude: to.longitude)
            guard a != b, speedKmh > 0 else { return }
            let length = lengthMeters ?? Haversine.distanceMeters(
                latitude1: from.latitude, longitude1: from.longitude, latitude2: to.latitude, longitude2: to.longitude
            )
            edges.append(Edge(from: a, to: b, lengthMeters: length, speedKmh: speedKmh))
            if !oneWay {
                edges.append(Edge(from: b, to: a, lengthMeters: length, speedKmh: speedKmh))
            }
        }

        public func build() -> RoadNetwork {
            RoadNetwork(nodes: nodes, edges: edges)
        }
    }

    /// The node nearest to a point (haversine), with its distance in metres; ties go to the lower index; nil for an
    /// empty network.
    /// - Complexity: about O(nodes per 0.01° cell) inside the network's bounding box, O(nodes) outside.
    public func nearestNode(latitude: Double, longitude: Double) -> (index: Int, distanceMeters: Double)? {
        if let grid = _grid, let found = grid.nearest(latitude: latitude, longitude: longitude, nodes: nodes) {
            return found
        }
        return nearestNodeByScan(latitude: latitude, longitude: longitude)
    }

    /// Brute-force reference for ``nearestNode(latitude:longitude:)``.
    package func nearestNodeByScan(latitude: Double, longitude: Double) -> (index: Int, distanceMeters: Double)? {
        var best: (index: Int, distanceMeters: Double)?
        for (index, node) in nodes.enumerated() {
            let d = Haversine.distanceMeters(
                latitude1: latitude, longitude1: longitude, latitude2: node.latitude, longitude2: node.longitude
            )
            if best == nil || d < best!.distanceMeters { best = (index, d) }
        }
        return best
    }
}
