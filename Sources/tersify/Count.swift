import ArgumentParser
import PromptTokenizer

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the number of tokens of each input.",
        discussion: """
            With one input, prints the count alone; with several, a line per file
            (count, tab, name) and a total. Special tokens count as text. Bytes
            that are not UTF-8 count one token each at most (they never crash).
            """
    )

    @OptionGroup var options: TokenizerOptions

    @Argument(help: "Files to count; standard input when none is given.")
    var files: [String] = []

    func run() throws {
        try reportingFailures {
            let tokenizer = try options.load()
            if files.count <= 1 {
                try writeOutput(Array("\(tokenizer.count(bytes: try readInput(files.first)))\n".utf8))
                return
            }
            var total = 0
            for file in files {
                let n = tokenizer.count(bytes: try readInput(file))
                total += n
                try writeOutput(Array("\(n)\t\(file)\n".utf8))
            }
            try writeOutput(Array("\(total)\ttotal\n".utf8))
        }
    }
}
