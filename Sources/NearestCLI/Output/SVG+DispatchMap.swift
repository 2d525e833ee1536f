import Foundation
import Geo

extension SVG {
    struct DispatchIncident {
        var id: String
        var point: Coordinate
        var priority: Int
        var missing: Int
        var vehicles: [(id: String, point: Coordinate, distance: String)]
    }

    /// A dispatch plan as a map sketch: incidents (squares; red outline when served short, class `unserved`),
    /// assigned vehicles (circles) and a line from each incident to each of its vehicles.
    ///
    /// Equirectangular projection fitted to the bounding box of every point drawn: x = longitude × cos(mid
    /// latitude), y = latitude, scaled alike so shapes keep their proportions near the mid latitude. A vehicle's
    /// longitude is taken within 180° of its incident's, so a line never runs the long way round the globe.
    static func dispatchMap(title: String, footer: String, incidents: [DispatchIncident]) -> String {
        func unwrapped(_ longitude: Double, near reference: Double) -> Double {
            longitude - reference > 180 ? longitude - 360 : reference - longitude > 180 ? longitude + 360 : longitude
        }
        var latitudes: [Double] = [], longitudes: [Double] = []
        for incident in incidents {
            latitudes.append(incident.point.latitude)
            longitudes.append(incident.point.longitude)
            for vehicle in incident.vehicles {
                latitudes.append(vehicle.point.latitude)
                longitudes.append(unwrapped(vehicle.point.longitude, near: incident.point.longitude))
            }
        }
        let south = latitudes.min() ?? 0, north = latitudes.max() ?? 0
        let west = longitudes.min() ?? 0, east = longitudes.max() ?? 0
        let squeeze = max(cos((south + north) / 2 * .pi / 180), 0.01)
        // At least ~0.01° of extent, so one point (or one place) is drawn in the middle, not divided by zero.
        let spanX = max((east - west) * squeeze, 0.01), spanY = max(north - south, 0.01)
        let maxWidth = 800.0, maxHeight = 600.0, margin = 30.0, header = 30.0, footerHeight = 24.0
        let scale = min((maxWidth - 2 * margin) / spanX, (maxHeight - 2 * margin) / spanY)
        let width = spanX * scale + 2 * margin, height = spanY * scale + 2 * margin + header + footerHeight
        let centerX = (west + east) / 2 * squeeze, centerY = (south + north) / 2
        func screen(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
            (width / 2 + (longitude * squeeze - centerX) * scale,
             header + margin + spanY * scale / 2 - (latitude - centerY) * scale)
        }
        var svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width.rounded(.up)))" height="\(Int(height.rounded(.up)))" viewBox="0 0 \(number(width)) \(number(height))" font-family="sans-serif" font-size="11">
        <title>\(escape(title))</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(number(width / 2))" y="20" text-anchor="middle" font-size="14" font-weight="bold">\(escape(title))</text>

        """
        for incident in incidents {
            let from = screen(latitude: incident.point.latitude, longitude: incident.point.longitude)
            for vehicle in incident.vehicles {
                let to = screen(latitude: vehicle.point.latitude,
                                longitude: unwrapped(vehicle.point.longitude, near: incident.point.longitude))
                svg += "<line class=\"assignment\" x1=\"\(number(from.x))\" y1=\"\(number(from.y))\" x2=\"\(number(to.x))\" y2=\"\(number(to.y))\" stroke=\"#888\" stroke-width=\"1.2\"><title>\(escape(incident.id)) - \(escape(vehicle.id)): \(escape(vehicle.distance))</title></line>\n"
            }
        }
        for incident in incidents {
            for vehicle in incident.vehicles {
                let at = screen(latitude: vehicle.point.latitude,
                                longitude: unwrapped(vehicle.point.longitude, near: incident.point.longitude))
                svg += "<circle class=\"vehicle\" cx=\"\(number(at.x))\" cy=\"\(number(at.y))\" r=\"3.5\" fill=\"#1f77b4\"><title>\(escape(vehicle.id)) for \(escape(incident.id)): \(escape(vehicle.distance))</title></circle>\n"
            }
        }
        for incident in incidents {
            let at = screen(latitude: incident.point.latitude, longitude: incident.point.longitude)
            let short = incident.missing > 0
            let style = short ? "fill=\"white\" stroke=\"#d62728\" stroke-width=\"2\"" : "fill=\"black\""
            let note = short ? ", \(incident.missing) short" : ""
            svg += "<rect class=\"\(short ? "unserved" : "incident")\" x=\"\(number(at.x - 4))\" y=\"\(number(at.y - 4))\" width=\"8\" height=\"8\" \(style)><title>\(escape(incident.id)) (priority \(incident.priority)\(note))</title></rect>\n"
        }
        svg += "<text x=\"10\" y=\"\(number(height - 8))\" fill=\"#555\">\(escape(footer))</text>\n</svg>\n"
        return svg
    }
}
