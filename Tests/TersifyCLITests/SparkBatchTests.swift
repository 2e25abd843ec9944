import Foundation
import TersifyTestSupport
import Testing

/// `tersify batch` as the map step of a Spark job (`scripts/spark-batch.py`:
/// local PySpark, `RDD.pipe` through the binary a partition): the
/// responses equal one `tersify batch` run over the same file.
@Suite("tersify batch under Spark")
struct SparkBatchTests {
    let cli = CLITests()

    static var hasSpark: Bool {
        (try? runProcess("/usr/bin/env", ["python3", "-c", "import pyspark"]))?.status == 0
            && (try? runProcess("/usr/bin/env", ["java", "-version"]))?.status == 0
    }

    @Test("a local PySpark job piping partitions through tersify batch gives what one run gives")
    func sparkPipe() throws {
        guard Self.hasSpark else {
            #expect(!TestPaths.strict, "pyspark or java missing (scripts/test.sh installs pyspark)")
            return
        }
        // Requests of varied sizes and targets, some of them bad.
        var generator = SeededGenerator(seed: 5)
        let words = ["harbor", "museum", "ticket", "pier", "ferry", "opens", "closes", "north", "river", "market", "Ålesund", "café"]
        var lines: [String] = []
        for index in 0..<300 {
            let sentences = (0..<(1 + generator.below(30))).map { _ in
                (0..<(4 + generator.below(8))).map { _ in generator.pick(words) }.joined(separator: " ") + "."
            }
            let text = BatchCLITests.literal(sentences.joined(separator: index % 3 == 0 ? "\n\n" : " "))
            switch index % 10 {
            case 7: lines.append("{\"id\": \(index), \"text\": \(text), \"budget\": -1}")
            case 8: lines.append("{\"id\": \(index), \"text\": \(text), \"query\": \"When does the museum open?\", \"budget\": 40}")
            default: lines.append("{\"id\": \(index), \"text\": \(text)}")
            }
        }
        let input = try cli.temporaryFile(Data(lines.joined(separator: "\n").utf8), name: "requests.jsonl")
        let single = try cli.run(["batch", "--ratio", "2", input])
        #expect(single.status == 0)
        let output = input + ".out"
        let script = CLITests.root.appendingPathComponent("scripts/spark-batch.py").path
        let spark = try runProcess("/usr/bin/env", [
            "python3", script, input, output, "--tersify", CLITests.binary, "--partitions", "4", "--args", "--ratio 2",
        ])
        #expect(spark.status == 0, "\(spark.errorText.suffix(2000))")
        let responses = try String(contentsOfFile: output, encoding: .utf8)
        #expect(responses.split(separator: "\n").count == 300)
        // The same lines in the same order, but for the line numbers of
        // errors, which count within a partition.
        func withoutLineNumbers(_ text: String) -> [String] {
            text.split(separator: "\n").map { String($0).replacing(/, "line": \d+\}$/, with: "}") }
        }
        #expect(withoutLineNumbers(responses) == withoutLineNumbers(single.text))
        #expect(withoutLineNumbers(responses).filter { $0.contains("\"error\"") }.count == 30)
    }
}
