import Foundation
import NearestVehicleServer
import OceanAPI

/// The dispatch service's settings, from the environment, every value checked:
///
/// | variable | meaning | default |
/// |----------|---------|---------|
/// | `OCEAN_LOGIN`, `OCEAN_PASSWORD` | the service's own Ocean account, feeding the index (required) | |
/// | `OCEAN_BASE_URL` | Ocean base URL (http/https) | Ocean's production URL |
/// | `OCEAN_CUSTOMER_ID` | customers synced from the start, comma-separated (`/ready` waits for them) | none |
/// | `HOST` | address to bind | 127.0.0.1 |
/// | `PORT` | port, 1...65535 | 8081 |
/// | `SYNC_SECONDS` | seconds between syncs, 1...86400 | 30 |
/// | `DEADLINE_SECONDS` | overall request deadline, then 504, 1...300 | 10 |
enum DispatchSettings {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func configuration(from environment: [String: String]) throws -> ServerConfiguration {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw Invalid(description: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return number
        }
        guard let login = value("OCEAN_LOGIN") else { throw Invalid(description: "OCEAN_LOGIN is not set") }
        guard let password = value("OCEAN_PASSWORD") else { throw Invalid(description: "OCEAN_PASSWORD is not set") }
        var upstream = OceanClientConfiguration.defaultBaseURL
        if let text = value("OCEAN_BASE_URL") {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host?.isEmpty == false
            else { throw Invalid(description: "OCEAN_BASE_URL must be an http(s) URL, got '\(text)'") }
            upstream = url
        }
        var customers: [Int64] = []
        for text in (value("OCEAN_CUSTOMER_ID") ?? "").split(separator: ",") {
            guard let id = Int64(text.trimmingCharacters(in: .whitespaces)), id > 0 else {
                throw Invalid(description: "OCEAN_CUSTOMER_ID must be positive integer ids, got '\(text)'")
            }
            customers.append(id)
        }
        let configuration = ServerConfiguration(
            host: value("HOST") ?? "127.0.0.1",
            port: try integer("PORT", default: 8081, range: 1...65_535),
            upstream: upstream,
            sync: OceanClientConfiguration(baseURL: upstream, login: login, password: password),
            customers: customers,
            syncInterval: .seconds(try integer("SYNC_SECONDS", default: 30, range: 1...86_400)),
            maxSyncAge: .seconds(4 * (try integer("SYNC_SECONDS", default: 30, range: 1...86_400))),
            requestDeadline: .seconds(try integer("DEADLINE_SECONDS", default: 10, range: 1...300)))
        do {
            try configuration.validate()
        } catch {
            throw Invalid(description: error.description)
        }
        return configuration
    }
}
