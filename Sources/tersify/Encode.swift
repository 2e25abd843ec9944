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
        try reportingFailures { try encode() }
    }

    func encode() throws {
        let tokenizer = try options.load()
        let input = try readInput(file)
        let ids: [TokenID]
        if allowSpecial {
            guard let text = String(validating: input, as: UTF8.self) else {
                throw CLIFailure(.runtime, "--allow-special needs UTF-8 input; the input is not valid UTF-8")
            }
            ids = try tokenizer.encode(text, allowedSpecial: .all)
        } else {
            ids = tokenizer.encodeOrdinary(bytes: input)
        }
        try writeOutput(Self.render(ids, json: json))
    }

    /// The ids as decimal text: one a line, or a JSON array on one line.
    ///
    /// - Complexity: O(n), into one preallocated buffer (at most 6 bytes an
    ///   id: cl100k's and o200k's ids have at most 6 digits), without a `String` per id.
    static func render(_ ids: [TokenID], json: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(ids.count * 7 + 3)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        if json { output.append(UInt8(ascii: "[")) }
        for (index, id) in ids.enumerated() {
            if json && index > 0 { output.append(UInt8(ascii: ",")) }
            // The digits backwards into a fixed scratch, then forwards out.
            var value = id
            var count = 0
            withUnsafeMutableBytes(of: &digits) { scratch in
                repeat {
                    scratch[count] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                    count += 1
                } while value > 0
                while count > 0 {
                    count -= 1
                    output.append(scratch[count])
                }
            }
            if !json { output.append(UInt8(ascii: "\n")) }
        }
        if json { output.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "\n")]) }
        return output
    }
}
