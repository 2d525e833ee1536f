/// A JSON value as read by ``JSONParser``: numbers keep their exact text (an id `12345678901234567891` stays that
/// id, whatever a double would make of it), objects keep their members in order, the line they start on, and the
/// first pair of keys that differ only in case (or not at all).
indirect enum JSONValue: Sendable {
    case string(String)
    /// The number's text exactly as written (RFC 8259 grammar).
    case number(String)
    case bool(Bool)
    case object(JSONObject)
    case array(JSONArray)
    case null

    subscript(key: String) -> JSONValue? { object?[key] }

    var object: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    var array: JSONArray? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// Scalars as text (numbers as written); nil for objects, arrays and null.
    var text: String? {
        switch self {
        case .string(let value), .number(let value): value
        case .bool(let value): value ? "true" : "false"
        case .object, .array, .null: nil
        }
    }
}

/// A JSON object: members in document order.
struct JSONObject: Sendable {
    var members: [(key: String, value: JSONValue)] = []
    /// The line of its opening brace.
    var line: Int
    /// Two keys of this object equal up to case ("latitude" and "LATITUDE"), when there are: such an object is
    /// ambiguous and rejected by the readers.
    var duplicateKeys: (String, String)?

    /// The member named `key` exactly.
    subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }
}

/// A JSON array: elements with the line each starts on.
struct JSONArray: Sendable {
    var elements: [JSONValue] = []
    var lines: [Int] = []
    var count: Int { elements.count }
    subscript(index: Int) -> JSONValue { elements[index] }
}
