import ArgumentParser
import PromptTokenizer

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the token ids of the input, one per line.",
        discussion: """
            Special tokens such as <|endoftext|> are encoded as text unless
            --allow-special is given. Invalid UTF-8 is encoded byte by byte, so
            `tersify decode` gives back the exact input bytes.
            """
    )

    @OptionGroup var options: TokenizerOptions

    @Flag(help: "Print a JSON array instead of one id a line.")
    var json = false

    @Flag(help: "Encode special tokens (<|endoftext|> …) as their ids.")
    var allowSpecial = false

    @Argument(help: "The file to encode; standard input when absent.")
    var file: String?

    func run() throws {
        let tokenizer = try options.load()
        let input = try readInput(file)
        let ids: [TokenID]
        if allowSpecial {
            guard let text = String(validating: input, as: UTF8.self) else {
                throw CLIError("--allow-special needs UTF-8 input; the input is not valid UTF-8")
            }
            ids = try tokenizer.encode(text, allowedSpecial: .all)
        } else {
            ids = tokenizer.encodeOrdinary(bytes: input)
        }
        var output = ""
        output.reserveCapacity(ids.count * 6 + 2)
        if json {
            output += "["
            for (index, id) in ids.enumerated() {
                if index > 0 { output += "," }
                output += String(id)
            }
            output += "]\n"
        } else {
            for id in ids {
                output += String(id)
                output += "\n"
            }
        }
        writeOutput(Array(output.utf8))
    }
}
