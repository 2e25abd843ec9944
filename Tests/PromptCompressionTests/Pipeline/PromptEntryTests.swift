import Foundation
@testable import PromptCompression
import PromptTokenizer
import TersifyTestSupport
import Testing

/// `Compressor.compress(prompt:options:)`: whole prompts as users paste
/// them, the instructions protected only when they read as instructions.
@Suite("Whole prompts: question and instructions", .serialized)
struct PromptEntryTests {
    static let tokenizer = TestTokenizers.cl100k

    @Test("instructions are recognized in eight languages", arguments: [
        "You are a careful assistant. Answer the question using only the documents below.",
        "Instructions:\nRead the passages and reply in one word.",
        "Answer the question based on the context. If you don't know, say so.",
        "Use only the following documents to answer.",
        "Du bist ein hilfreicher Assistent. Beantworte die Frage anhand der Dokumente.",
        "Vous êtes un assistant précis. Répondez en une phrase.",
        "Eres un asistente útil. Responde usando solo los documentos.",
        "Você é um assistente. Responda com base nos documentos abaixo.",
        "Sei un assistente attento. Rispondi usando solo i documenti.",
        "Je bent een behulpzame assistent. Beantwoord de vraag.",
        "Ты — внимательный помощник. Ответь на вопрос по документам.",
    ])
    func instructionsRecognized(text: String) {
        #expect(InstructionEvidence.holds(in: Array(text.utf8)))
    }

    @Test("a document's first paragraph is not instructions", arguments: [
        "The north basin of the harbor was dredged in 2019 to a depth of 14.5 meters.",
        "Use of the term dates back to the 18th century, when it meant a written order.",
        "Based on the novel by Jane Austen, the film was released in 2005.",
        "Given the size of the country, rail travel is slow. Answers vary by region.",
        "Read is a town in Lancashire, England. Return of the Jedi was filmed nearby.",
        "Der Hafen wurde 2019 ausgebaggert. Die Tiefe beträgt 14,5 Meter.",
        "The general was Robert E. Lee was born in Virginia. Lea Salonga sang the part.",
        "The band's third single was titled: Don't Tell Me! It reached number five.",
    ])
    func documentsAreNotInstructions(text: String) {
        #expect(!InstructionEvidence.holds(in: Array(text.utf8)))
    }

    @Test("sentence starts of ASCII text read as bytes are those of its characters (seeded)")
    func asciiSentenceStarts() {
        var generator = SplitMix64(seed: 11)
        let pieces = ["Answer", " the", " question", ". ", "! ", "? ", ": ", "\n", "\r\n", "\r", " ", "\t", "- ", "* ", "> ", "# ",
                      "1", "2.", ")", "Use only", "\u{0B}", "\u{0C}", "x", "."]
        for _ in 0..<2000 {
            let text = (0..<generator.below(40)).map { _ in generator.pick(pieces) }.joined()
            let bytes = text.utf8.withContiguousStorageIfAvailable { InstructionEvidence.asciiSentenceStarts(text, $0) }
            #expect(bytes??.map(String.init) == InstructionEvidence.characterSentenceStarts(text).map(String.init), "\(text.debugDescription)")
        }
    }

    @Test("sentence starts of Latin text read as scalars are those of its characters (seeded)")
    func latinSentenceStarts() {
        var generator = SplitMix64(seed: 12)
        let pieces = ["Réponds", " à", " la", " question", ". ", "! ", "? ", ": ", "\n", " ", "\u{A0}", "\u{85}", "\u{AD}", "- ", "•",
                      "1", "2.", ")", "Über", "ß", "\t", "ÿ", "ǅ", "x", ".", "–", "—", "’", "“", "”", "\u{2028}", "\u{2003}", "‼",
                      "\u{200B}", "\u{2060}", "…", "\u{200D}", "e\u{301}"]
        for _ in 0..<2000 {
            let text = (0..<generator.below(40)).map { _ in generator.pick(pieces) }.joined()
            guard let scalars = InstructionEvidence.latinSentenceStarts(text) else {
                #expect(text.unicodeScalars.contains { $0 == "\u{200D}" || $0.value == 0x301 }, "\(text.debugDescription)")
                continue
            }
            #expect(scalars.map(String.init) == InstructionEvidence.characterSentenceStarts(text).map(String.init), "\(text.debugDescription)")
        }
    }

    /// NQ records: (question, answers, gold passage text).
    static func naturalQuestions() throws -> [(String, [String], String)]? {
        guard let records = try RetrievalQualityTests.records() else { return nil }
        return records.map { record in
            let context = (record["ctxs"] as! [[String: Any]])[0]
            return (record["question"] as! String, record["answers"] as! [String], context["text"] as! String)
        }
    }

    @Test("Wikipedia passages read as instructions at most once in a hundred")
    func wikipediaIsNotInstructions() throws {
        guard let records = try Self.naturalQuestions() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let flagged = records.filter { InstructionEvidence.holds(in: Array($0.2.utf8)) }
        print("NQ passages read as instructions: \(flagged.count) of \(records.count)")
        #expect(flagged.count * 100 <= records.count)
    }

    /// A plain context (the gold passage among four passages of other
    /// questions, no titles, no instructions) then `Question: …`, at 4x:
    /// the answer is kept at least 90 % of the time (184 of 204 measured);
    /// with an instruction paragraph in front, the instructions are kept
    /// whole every time and the answer in at least 80 % (170 of 204).
    @Test("plain context and a question at 4x keep the answer; real instructions are kept", arguments: [false, true])
    func plainContextKeepsAnswers(instructed: Bool) throws {
        guard let records = try Self.naturalQuestions() else {
            #expect(!TestPaths.strict, "corpora missing")
            return
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let instructions = "You are a helpful assistant. Answer the question using only the context below. Keep the answer short."
        var kept = 0, instructionsKept = 0, readAsInstructions = 0, total = 0
        for (n, index) in stride(from: 3, to: records.count, by: 13).enumerated() {
            var passages = (1..<5).map { records[(index + $0 * 53) % records.count].2 }
            passages.insert(records[index].2, at: n % 5)
            let (question, answers, _) = records[index]
            let prompt = (instructed ? instructions + "\n\n" : "") + passages.joined(separator: "\n\n")
                + "\n\nQuestion: \(question)?\nAnswer:"
            let out = try compressor.compress(prompt: prompt, options: .init(target: .ratio(4)))
            #expect(out.result.tokensAfter <= out.result.budget)
            #expect(out.query?.contains(question) == true)
            let text = RetrievalQualityTests.normalize(out.result.text)
            if answers.contains(where: { text.contains(RetrievalQualityTests.normalize($0)) }) { kept += 1 }
            if out.result.text.hasPrefix(instructions) { instructionsKept += 1 }
            if out.instructions != nil { readAsInstructions += 1 }
            total += 1
        }
        print("plain context\(instructed ? " with instructions" : ""), 4x: answer kept in \(kept) of \(total)")
        if instructed {
            // The instructions take their share of the budget first.
            #expect(instructionsKept == total && readAsInstructions == total)
            #expect(Double(kept) >= 0.8 * Double(total))
        } else {
            #expect(readAsInstructions * 50 <= total)
            #expect(Double(kept) >= 0.9 * Double(total))
        }
    }
}
