import ArgumentParser
import PromptTokenizer

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn token ids back into text.",
        discussion: """
            Reads ids separated by white space or commas, or a JSON array, and
            writes the exact bytes of the tokens.
            """
    )

    @OptionGroup var options: TokenizerOptions

    @Argument(help: "A file of ids; standard input when absent.")
    var file: String?

    func run() throws {
        try reportingFailures { try decode() }
    }

    func decode() throws {
        let tokenizer = try options.load()
        let input = try readInput(file)
        var ids: [TokenID] = []
        var value: UInt64 = 0
        var inNumber = false
        var offset = 0
        for byte in input {
            offset += 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
                guard value <= UInt64(UInt32.max) else { throw CLIFailure(.runtime, "token id too large at byte \(offset)") }
                inNumber = true
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"),
                UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"):
                if inNumber { ids.append(TokenID(value)) }
                value = 0
                inNumber = false
            default:
                throw CLIFailure(.runtime, "expected token ids, found byte 0x\(String(byte, radix: 16)) at byte \(offset)")
            }
        }
        if inNumber { ids.append(TokenID(value)) }
        try writeOutput(try tokenizer.decodeBytes(ids))
    }
}
