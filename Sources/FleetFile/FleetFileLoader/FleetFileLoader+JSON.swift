import Foundation

extension FleetFileLoader {
    /// NDJSON: one object per line; blank lines ignored.
    func readNDJSON(path: String, name: String, into collector: inout Collector) throws {
        var scanner = try CSVScanner(path: path, delimiter: nil, limits: limits)
        while try scanner.next({ record in
            if record.isBlank { return }
            if let problem = record.problem {
                try collector.reject(RejectedRecord(file: name, lines: record.lines, reason: problem))
                return
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(record.bytes, firstLine: record.lines.lowerBound,
                                             maxDepth: limits.maxJSONDepth)
            } catch let error as JSONParser.SyntaxError {
                try collector.reject(RejectedRecord(file: name, lines: record.lines,
                                                    reason: "invalid JSON: \(error.message)"))
                return
            }
            guard let object = value.object else {
                try collector.reject(RejectedRecord(file: name, lines: record.lines, reason: "not a JSON object"))
                return
            }
            try add(object, texts: [:], name: name, line: record.lines.lowerBound, context: "", into: &collector)
        }) {}
    }

    /// A GeoJSON FeatureCollection of Point features (`[longitude, latitude]`, RFC 7946, or `[x, y]` with a
    /// CRS); the id from the feature or its properties.
    func readGeoJSON(path: String, name: String, into collector: inout Collector) throws {
        let root = try document(path: path, name: name)
        guard let rootObject = root.object, rootObject["type"]?.text == "FeatureCollection",
              let features = rootObject["features"]?.array else {
            throw FleetFileError("\(name): not a GeoJSON FeatureCollection")
        }
        if case let (a, b)? = rootObject.duplicateKeys {
            throw FleetFileError("\(name):\(rootObject.line): keys '\(a)' and '\(b)' are the same key (up to case)")
        }
        for index in 0..<features.count {
            let line = features.lines[index]
            let context = "features[\(index)]: "
            let reject = { (reason: String) in RejectedRecord(file: name, line: line, reason: context + reason) }
            guard let feature = features[index].object else {
                try collector.reject(reject("not a Feature object"))
                continue
            }
            guard let geometry = feature["geometry"]?.object, geometry["type"]?.text == "Point",
                  let position = geometry["coordinates"]?.array, position.count >= 2,
                  case .number(let first) = position[0], case .number(let second) = position[1] else {
                try collector.reject(reject("not a Point feature with [longitude, latitude] coordinates"))
                continue
            }
            if case let (a, b)? = feature.duplicateKeys ?? geometry.duplicateKeys {
                try collector.reject(reject("keys '\(a)' and '\(b)' are the same key (up to case)"))
                continue
            }
            let properties = feature["properties"]?.object ?? JSONObject(line: line)
            var texts: [FieldRole: String] = [.longitude: first, .latitude: second]
            // The feature's id when the properties have none.
            let propertyId = properties.members.contains { member in
                FieldRole.role(named: member.key.lowercased())?.role == .id
                    && !(member.value.text ?? "").allSatisfy { $0 == " " || $0 == "\t" }
            }
            if !propertyId, let id = feature["id"]?.text { texts[.id] = id }
            // The geometry wins over stray coordinate properties.
            try add(properties, texts: texts, name: name, line: line, context: context, into: &collector,
                    ignoring: [.latitude, .longitude, .x, .y])
        }
    }

    /// An Ocean `vehiclePositions` answer: `{"vehicles": [{"id", "entityName", "position": {"latitudeY",
    /// "longitudeX", "etat", "date"}}]}`.
    func readOceanDump(path: String, name: String, into collector: inout Collector) throws {
        let root = try document(path: path, name: name)
        guard let rootObject = root.object, let vehicles = rootObject["vehicles"]?.array else {
            throw FleetFileError("\(name): not an Ocean vehiclePositions answer (expected {\"vehicles\": [...]})")
        }
        if case let (a, b)? = rootObject.duplicateKeys {
            throw FleetFileError("\(name):\(rootObject.line): keys '\(a)' and '\(b)' are the same key (up to case)")
        }
        for index in 0..<vehicles.count {
            let line = vehicles.lines[index]
            let context = "vehicles[\(index)]: "
            guard let vehicle = vehicles[index].object else {
                try collector.reject(RejectedRecord(file: name, line: line, reason: context + "not an object"))
                continue
            }
            let position = vehicle["position"]?.object
            if case let (a, b)? = vehicle.duplicateKeys ?? position?.duplicateKeys {
                try collector.reject(RejectedRecord(file: name, line: line,
                                                    reason: context + "keys '\(a)' and '\(b)' are the same key (up to case)"))
                continue
            }
            var texts: [FieldRole: String] = [:]
            texts[.id] = vehicle["id"]?.text
            texts[.entity] = vehicle["entityName"]?.text
            texts[.latitude] = position?["latitudeY"]?.text
            texts[.longitude] = position?["longitudeX"]?.text
            texts[.state] = position?["etat"]?.text
            texts[.timestamp] = position?["date"]?.text
            try add(JSONObject(line: line), texts: texts, name: name, line: line, context: context, into: &collector)
        }
    }

    /// A whole JSON document, size-limited; `FleetFileError` with the line for a syntax error.
    private func document(path: String, name: String) throws -> JSONValue {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= limits.maxDocumentBytes else {
            throw FleetFileError("\(name): \(size) bytes, more than the \(limits.maxDocumentBytes) a JSON document may have "
                + "(use NDJSON or CSV for larger fleets)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw FleetFileError("cannot read '\(path)'") }
        let maxDepth = limits.maxJSONDepth
        let result = data.withUnsafeBytes { bytes in
            Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(bytes, maxDepth: maxDepth) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw FleetFileError("\(name):\(error.line): invalid JSON: \(error.message)")
        }
    }

    /// Adds one record from a JSON object's scalar members (keys case-insensitive) and `texts` (which win),
    /// members of the roles in `ignoring` left out. An object with keys equal up to case is rejected.
    private func add(_ object: JSONObject, texts: [FieldRole: String], name: String, line: Int, context: String,
                     into collector: inout Collector, ignoring: Set<FieldRole> = []) throws {
        if case let (a, b)? = object.duplicateKeys {
            try collector.reject(RejectedRecord(file: name, line: line,
                                                reason: context + "keys '\(a)' and '\(b)' are the same key (up to case)"))
            return
        }
        var chosen = texts
        var priorities: [FieldRole: Int] = [:]
        for (key, value) in object.members {
            guard let text = value.text, case let (role, priority)? = FieldRole.role(named: key.lowercased()),
                  texts[role] == nil, !ignoring.contains(role) else { continue }
            // The first non-blank name of the role in priority order, as for CSV columns.
            let blank = text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if !blank, priorities[role].map({ priority < $0 }) ?? true {
                chosen[role] = text
                priorities[role] = priority
            }
        }
        // One buffer for every field, so the slices stay valid together.
        var bytes: [UInt8] = []
        var ranges: [(FieldRole, Range<Int>)] = []
        for (role, text) in chosen {
            let lower = bytes.count
            bytes.append(contentsOf: text.utf8)
            ranges.append((role, lower..<bytes.count))
        }
        try bytes.withUnsafeBytes { buffer in
            var fields = RecordFields(file: name, lines: line...line)
            fields.context = context
            for (role, range) in ranges { fields[role] = UnsafeRawBufferPointer(rebasing: buffer[range]) }
            try collector.add(fields)
        }
    }
}
