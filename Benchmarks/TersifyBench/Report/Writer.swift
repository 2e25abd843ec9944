import Foundation

extension BenchReport {
    /// The report as pretty JSON (infinite ratios as the string "inf").
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Writes `results.md`, `headline.md` (settings and headline table),
    /// `results.json` and one `<task>.svg` per task into `folder`.
    ///
    /// - Returns: The paths written.
    /// - Throws: `BenchError.cannotWrite`.
    @discardableResult
    public func write(to folder: String) throws(BenchError) -> [String] {
        var written: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            func save(_ name: String, _ data: Data) throws {
                let path = (folder as NSString).appendingPathComponent(name)
                try data.write(to: URL(fileURLWithPath: path))
                written.append(path)
            }
            try save("results.md", Data(MarkdownReport.render(self).utf8))
            try save("headline.md", Data((MarkdownReport.settings(self) + "\n\n" + MarkdownReport.headline(self) + "\n").utf8))
            try save("results.json", try json())
            for task in tasks {
                try save("\(task.task.rawValue).svg", Data(SVGPlot.render(task, methods: settings.methods).utf8))
            }
        } catch {
            throw .cannotWrite(path: folder, reason: "\(error)")
        }
        return written
    }
}

extension BenchReport {
    /// Reads a report written by `json()`.
    public static func decode(_ data: Data) throws -> BenchReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(BenchReport.self, from: data)
    }
}
