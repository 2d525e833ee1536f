extension PeersSummary {
    /// The summary of a ``PeersRun`` from its phases' figures.
    init(machineStart: PeersRun.MachineStart, loadEnd: (loadAverage: String, cpuPressure: String), run: PeersRun,
         input: PeersRun.Input, build: PeersRun.Build, tree: PeersRun.TreeBuild, idle: PeersRun.IdleQueries,
         qps: PeersRun.Throughput, treeQueries: PeersRun.TreeQueries, upserts: PeersRun.Upserts,
         ingest: PeersRun.IngestMeasurement, catchUp: (ratio: Double, ratioP50: Double)) {
        self.init(
            buildMs: build.buildMs, knnNsPerQuery: idle.knn, withinNsPerQuery: idle.within,
            upsertsPerS: upserts.upsertsPerS, bytesPerVehicle: build.bytesPerVehicle,
            toolchain: machineStart.toolchain, cpu: machineStart.cpu,
            fleet: run.fleetPath, vehicles: build.vehicles, queries: input.points.count,
            withinQueries: input.withinPoints.count, ingestQueries: Swift.min(run.ingestQueries, input.points.count),
            k: run.k, radiusM: run.radiusMeters, buildMode: "release", loadCsvMs: input.loadCsvMs,
            withinHitsPerQuery: idle.hitsPerQuery, singleUpsertsPerS: upserts.singleUpsertsPerS,
            compactMs: upserts.compactMs,
            knnDuringIngestNsPerQuery: ingest.knnBusy, knnIdleNsPerQuery: ingest.knnIdle,
            knnIngestRatioMean: ingest.knnBusy.mean / ingest.knnIdle.mean,
            knnIngestRatioP99: ingest.knnBusy.p99 / ingest.knnIdle.p99,
            withinDuringIngestNsPerQuery: ingest.withinBusy, withinIdleNsPerQuery: ingest.withinIdle,
            withinIngestRatioMean: ingest.withinBusy.mean / ingest.withinIdle.mean,
            concurrentWriterUpsertsPerS: ingest.writerRate, lockProbeDuringIngestNs: ingest.lockWait,
            lockProbeDuringIngestMaxNs: ingest.lockWaitMax, rssBytesPerVehicle: build.rssBytesPerVehicle,
            kdtreeBuildMs: tree.buildMs, kdtreeBytesPerVehicle: tree.bytesPerVehicle,
            kdtreeKnnNsPerQuery: treeQueries.knn, kdtreeWithinNsPerQuery: treeQueries.within,
            loadAverageStart: machineStart.loadAverage, loadAverageEnd: loadEnd.loadAverage,
            cpuPressureStart: machineStart.cpuPressure, cpuPressureEnd: loadEnd.cpuPressure,
            threads: run.threads, knnQps_1t: qps.knn1, knnQpsMt: qps.knnN, withinQps_1t: qps.within1,
            withinQpsMt: qps.withinN, knnAfterIngestRatio: catchUp.ratio,
            knnAfterIngestRatioP50: catchUp.ratioP50, unsegmentedLogMaxDuringIngest: ingest.unsegmentedMax,
            unsegmentedLogMeanDuringIngest: ingest.unsegmentedMean)
    }
}
