import Geo
import NearestVehicle
import SpatialIndex

extension PeersRun {
    /// The configuration every phase's index is loaded with (``rebuildDeltaFraction`` when given).
    var indexConfiguration: FleetIndex.Configuration {
        guard let rebuildDeltaFraction else { return FleetIndex.Configuration() }
        return FleetIndex.Configuration(rebuildDeltaFraction: rebuildDeltaFraction)
    }

    /// `FleetIndex.load` of the whole fleet: the index the later phases query, and its cost.
    struct Build {
        var index: FleetIndex
        /// Median of ``PeersRun/repetitions`` loads.
        var buildMs: Double
        /// Distinct ids in the index.
        var vehicles: Int
        /// Heap growth of the first load, per vehicle.
        var bytesPerVehicle: Double
        /// Resident-set growth of the first load, per vehicle.
        var rssBytesPerVehicle: Double
    }

    /// The bare ``SpatialIndex/KDTree`` over the same coordinates, for reference.
    struct TreeBuild {
        var tree: KDTree
        var buildMs: Double
        var bytesPerVehicle: Double
    }

    /// Loads the fleet ``repetitions`` times (heap and RSS growth measured around the first build, with the input
    /// already in memory); keeps the last index.
    func measureBuild(_ positions: [VehiclePosition]) -> Build {
        MachineInfo.trimHeap()
        let heapBefore = MachineInfo.heapBytesInUse() ?? 0
        let rssBefore = MachineInfo.residentBytes() ?? 0
        var buildTimes: [Double] = []
        var start = monotonicNanoseconds()
        var (index, report) = FleetIndex.load(positions, configuration: indexConfiguration)
        buildTimes.append(Double(monotonicNanoseconds() - start) / 1e6)
        let rssAfter = MachineInfo.residentBytes() ?? 0
        MachineInfo.trimHeap()
        let heapAfter = MachineInfo.heapBytesInUse() ?? 0
        precondition(report.rejections.isEmpty && index.count == report.inserted, "load rejected records")
        for _ in 1..<repetitions {
            index = FleetIndex(configuration: indexConfiguration)  // drop the previous one first
            start = monotonicNanoseconds()
            (index, report) = FleetIndex.load(positions, configuration: indexConfiguration)
            buildTimes.append(Double(monotonicNanoseconds() - start) / 1e6)
        }
        let buildMs = Self.median(buildTimes)
        let vehicles = index.count
        let bytesPerVehicle = Double(heapAfter - heapBefore) / Double(vehicles)
        let rssBytesPerVehicle = Double(rssAfter - rssBefore) / Double(vehicles)
        log("FleetIndex.load: \(Self.ms(buildMs)) ms (median of \(repetitions)), \(vehicles) distinct ids, heap "
            + "\(Int(bytesPerVehicle)) B/vehicle, RSS +\(Int(rssBytesPerVehicle)) B/vehicle")
        return Build(index: index, buildMs: buildMs, vehicles: vehicles, bytesPerVehicle: bytesPerVehicle,
                     rssBytesPerVehicle: rssBytesPerVehicle)
    }

    /// Builds the bare tree ``repetitions`` times (heap growth of the last); keeps the last tree.
    /// `orderedBefore`: the tie order (by id, as the index answers), in which repeated coordinates are stacked;
    /// `tieRank` consistent with it.
    func measureTreeBuild(_ coordinates: [Coordinate], orderedBefore: @escaping (Int, Int) -> Bool,
                          tieRank: @escaping (Int) -> UInt64) -> TreeBuild {
        MachineInfo.trimHeap()
        let treeHeapBefore = MachineInfo.heapBytesInUse() ?? 0
        var treeTimes: [Double] = []
        var tree = KDTree([Coordinate]())
        for _ in 0..<repetitions {
            tree = KDTree([Coordinate]())
            let start = monotonicNanoseconds()
            tree = KDTree(coordinates, orderingTiesBy: orderedBefore, tieRank: tieRank)
            treeTimes.append(Double(monotonicNanoseconds() - start) / 1e6)
        }
        MachineInfo.trimHeap()
        let kdtreeBytesPerVehicle = Double((MachineInfo.heapBytesInUse() ?? 0) - treeHeapBefore) / Double(tree.count)
        let kdtreeBuildMs = Self.median(treeTimes)
        log("KDTree build: \(Self.ms(kdtreeBuildMs)) ms, \(Int(kdtreeBytesPerVehicle)) B/vehicle")
        return TreeBuild(tree: tree, buildMs: kdtreeBuildMs, bytesPerVehicle: kdtreeBytesPerVehicle)
    }
}
