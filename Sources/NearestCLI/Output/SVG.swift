import Foundation
import Geo
import Proj

/// Small SVG documents a person would rather look at than read: a coverage chart and a map sketch.
enum SVG {
    /// `text` for XML character data or a double-quoted attribute: `& < > "` as entities, and the characters
    /// XML 1.0 forbids even escaped (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF) as U+FFFD.
    static func escape(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x20..<0xFFFE, 0x10000...: scalars.append(scalar)
            default: scalars.append("\u{FFFD}")
            }
        }
        return String(scalars).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A line chart of `values` (y, in [0, yMax]) against radii (x), one labelled point per radius.
    static func coverageChart(title: String, radiusLabels: [String], values: [Double], yLabel: String,
                              yMax: Double, valueLabel: (Double) -> String) -> String {
        let width = 640.0, height = 400.0, left = 70.0, right = 30.0, top = 50.0, bottom = 60.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let count = max(values.count, 1)
        func x(_ index: Int) -> Double { left + (count == 1 ? plotWidth / 2 : plotWidth * Double(index) / Double(count - 1)) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (yMax > 0 ? min(value / yMax, 1) : 0)) }
        var svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <title>\(escape(title))</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(number(width / 2))" y="24" text-anchor="middle" font-size="15" font-weight="bold">\(escape(title))</text>
        <line x1="\(number(left))" y1="\(number(top + plotHeight))" x2="\(number(left + plotWidth))" y2="\(number(top + plotHeight))" stroke="black"/>
        <line x1="\(number(left))" y1="\(number(top))" x2="\(number(left))" y2="\(number(top + plotHeight))" stroke="black"/>
        <text x="20" y="\(number(top + plotHeight / 2))" transform="rotate(-90 20 \(number(top + plotHeight / 2)))" text-anchor="middle">\(escape(yLabel))</text>

        """
        for step in 0...4 {
            let value = yMax * Double(step) / 4
            svg += "<line x1=\"\(number(left))\" y1=\"\(number(y(value)))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(y(value)))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y(value) + 4))\" text-anchor=\"end\">\(escape(valueLabel(value)))</text>\n"
        }
        let points = values.indices.map { "\(number(x($0))),\(number(y(values[$0])))" }.joined(separator: " ")
        svg += "<polyline class=\"coverage\" points=\"\(points)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n"
        for (index, value) in values.enumerated() {
            svg += "<circle cx=\"\(number(x(index)))\" cy=\"\(number(y(value)))\" r=\"4\" fill=\"#1f77b4\"><title>\(escape(radiusLabels[index])): \(escape(valueLabel(value)))</title></circle>\n"
            svg += "<text x=\"\(number(x(index)))\" y=\"\(number(y(value) - 8))\" text-anchor=\"middle\">\(escape(valueLabel(value)))</text>\n"
            svg += "<text x=\"\(number(x(index)))\" y=\"\(number(top + plotHeight + 18))\" text-anchor=\"middle\">\(escape(radiusLabels[index]))</text>\n"
        }
        svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(height - 14))\" text-anchor=\"middle\">radius</text>\n</svg>\n"
        return svg
    }

    struct MapVehicle {
        var id: String
        var coordinate: Coordinate
        var state: String?
        var highlighted: Bool
    }

    /// A map sketch in a local azimuthal equidistant projection (PROJ `aeqd`) centred on `center`: distances
    /// from the centre are true to scale, so the radius circles are circles.
    static func map(title: String, center: Coordinate, radii: [(label: String, meters: Double)],
                    vehicles: [MapVehicle]) throws -> String {
        let projection = try CoordinateTransform(
            from: "+proj=aeqd +lat_0=\(center.latitude) +lon_0=\(center.longitude) +datum=WGS84 +units=m")
        let size = 640.0, margin = 40.0
        let extent = max(radii.map(\.meters).max() ?? 1000, 1) * 1.1
        let scale = (size / 2 - margin) / extent
        func screen(_ point: ProjectedPoint) -> (Double, Double) { (size / 2 + point.x * scale, size / 2 - point.y * scale) }
        var svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(size))" height="\(Int(size + 30))" viewBox="0 0 \(Int(size)) \(Int(size + 30))" font-family="sans-serif" font-size="11">
        <title>\(escape(title))</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(number(size / 2))" y="20" text-anchor="middle" font-size="14" font-weight="bold">\(escape(title))</text>

        """
        for radius in radii.sorted(by: { $0.meters > $1.meters }) {
            let r = radius.meters * scale
            svg += "<circle class=\"radius\" cx=\"\(number(size / 2))\" cy=\"\(number(size / 2))\" r=\"\(number(r))\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
            svg += "<text x=\"\(number(size / 2 + r * 0.707 + 3))\" y=\"\(number(size / 2 - r * 0.707 - 3))\" fill=\"#555\">\(escape(radius.label))</text>\n"
        }
        for vehicle in vehicles {
            guard let point = try? projection.fromWGS84(vehicle.coordinate) else { continue }
            let (x, y) = screen(point)
            guard (0...size).contains(x), (0...size).contains(y) else { continue }
            let color = vehicle.highlighted ? "#d62728" : "#1f77b4"
            let r = vehicle.highlighted ? 5.0 : 3.0
            let state = vehicle.state.map { " (\($0))" } ?? ""
            svg += "<circle class=\"vehicle\" cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(r))\" fill=\"\(color)\"><title>\(escape(vehicle.id + state))</title></circle>\n"
        }
        svg += "<path class=\"incident\" d=\"M \(number(size / 2 - 7)) \(number(size / 2)) L \(number(size / 2 + 7)) \(number(size / 2)) M \(number(size / 2)) \(number(size / 2 - 7)) L \(number(size / 2)) \(number(size / 2 + 7))\" stroke=\"black\" stroke-width=\"2\"/>\n"
        svg += "<text x=\"10\" y=\"\(number(size + 20))\" fill=\"#555\">incident \(escape(center.description)); azimuthal equidistant projection (PROJ aeqd, WGS84); red: nearest</text>\n</svg>\n"
        return svg
    }
}
