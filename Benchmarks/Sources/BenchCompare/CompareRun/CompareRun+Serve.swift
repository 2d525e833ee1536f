import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import NearestVehicleServer
import OceanAPI

/// `--through-serve`: the same VOL_OISEAU queries sent over HTTP to `nearest serve` (started in-process in front of
/// the remote, syncing the customer with the remote's credentials) and compared with the remote's own answers.
extension CompareRun {
    /// What the through-serve pass measured.
    struct ServePass {
        var latencyNs: [Double] = []
        var sameOrder = 0
        var maxDelta = 0.0
        var compared = 0
    }

    /// Runs `body` with `serve` in front of `upstream`, ready (first sync of `customerId` done), and a client of
    /// it logged in with the same account as `sync`.
    func withServe<Result: Sendable>(
        upstream: URL, sync: OceanClientConfiguration, customerId: Int64,
        _ body: @Sendable (OceanClient, URL) async throws -> Result
    ) async throws -> Result {
        var logger = Logger(label: "nearest-bench.serve")
        logger.logLevel = .warning
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, upstream: upstream, sync: sync, customers: [customerId],
            syncInterval: .seconds(3_600), maxSyncAge: .seconds(3_600))
        let server = try NearestVehicleServer(configuration: configuration, logger: logger)
        return try await server.withRunningServer { serveURL in
            let start = ContinuousClock.now
            while try await Self.status(serveURL.appendingPathComponent("ready")) != 200 {
                guard ContinuousClock.now - start < .seconds(60) else {
                    throw CompareError("serve did not become ready within 60 s")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            var clientConfiguration = sync
            clientConfiguration.baseURL = serveURL
            clientConfiguration.customerId = customerId
            return try await body(OceanClient(configuration: clientConfiguration), serveURL)
        }
    }

    /// `nearestVehicles` answers by source (`local`, `upstream`), from serve's Prometheus endpoint.
    static func servedBySource(_ serveURL: URL) async throws -> [String: Int] {
        let (data, _) = try await URLSession.shared.data(from: serveURL.appendingPathComponent("metrics"))
        var counts: [String: Int] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n")
        where line.hasPrefix("nearest_serve_requests_total{") && line.contains("operation=\"nearestVehicles\"")
            && line.contains("status=\"200\"") {
            guard let source = line.split(separator: "source=\"").dropFirst().first?.split(separator: "\"").first,
                  let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            counts[String(source), default: 0] += Int(value)
        }
        return counts
    }

    static func status(_ url: URL) async throws -> Int {
        do {
            let (_, response) = try await URLSession.shared.data(from: url)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        } catch {
            return 0  // not listening yet
        }
    }
}

/// A failure of the comparison itself (not of a remote call).
struct CompareError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
