/// Whether a paragraph reads as instructions to the model, in the eight
/// stopword languages (en, de, fr, es, pt, it, nl, ru).
///
/// Evidence is one of:
/// - a first line that names itself: `Instructions:`, `System:`, `Task:`,
///   `### Instruction` and their translations;
/// - a role statement: "You are …", "Act as …", "Du bist …", "Vous êtes …";
/// - a sentence that starts with an imperative or a request: "Answer …",
///   "Use only …", "Do not …", "Please …", "Beantworte …", "Réponds …".
///
/// A plain first paragraph of a document ("The harbor was dredged in
/// 2019.") has none, so a document followed by a question is not cut down
/// to protect its first paragraph.
///
///     InstructionEvidence.holds(in: Array("You are a careful assistant.".utf8))   // true
///     InstructionEvidence.holds(in: Array("Paris is the capital.".utf8))          // false
public enum InstructionEvidence {
    /// Whether `paragraph` shows evidence of being instructions.
    ///
    /// - Complexity: O(n) in the paragraph's bytes.
    public static func holds(in paragraph: some Collection<UInt8>) -> Bool {
        let text = String(decoding: paragraph, as: UTF8.self)
        let firstLine = text.prefix { $0 != "\n" }.trimmingLeadingSpaces()
        let lowered = firstLine.lowercased()
        if markers.contains(where: { lowered.hasPrefix($0) }) { return true }
        for sentence in sentenceStarts(text) {
            guard let first = sentence.first, let candidates = openingsByFirstCharacter[first] else { continue }
            if candidates.contains(where: { sentence.hasPrefix($0) && isWordEnd(sentence, after: $0) }) { return true }
        }
        return false
    }

    /// The start (up to 40 characters) of each sentence: the text's start
    /// and each position after `.`, `!`, `?`, `:` or a line break and spaces.
    static func sentenceStarts(_ text: String) -> [Substring] {
        if let starts = text.utf8.withContiguousStorageIfAvailable({ asciiSentenceStarts(text, $0) }), let starts { return starts }
        return latinSentenceStarts(text) ?? characterSentenceStarts(text)
    }

    /// `sentenceStarts` of text whose scalars are all below U+0300 (no
    /// combining mark or script that clusters) or general punctuation
    /// (U+2000–U+206F: dashes, quotes, spaces; but the joiners U+200C and
    /// U+200D), and that holds no carriage return, read scalar by scalar:
    /// each scalar is a character then. Nil for other text.
    static func latinSentenceStarts(_ text: String) -> [Substring]? {
        let scalars = text.unicodeScalars
        for scalar in scalars where scalar == "\r" || (scalar.value >= 0x300
            && !(scalar.value >= 0x2000 && scalar.value <= 0x206F && scalar.value != 0x200C && scalar.value != 0x200D)) {
            return nil
        }
        var starts: [Substring] = []
        var atStart = true
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if atStart && !scalar.properties.isWhitespace && !"-*•>#0123456789.)".unicodeScalars.contains(scalar) {
                starts.append(text[index...].prefix(40))
                atStart = false
            }
            if ".!?:\n".unicodeScalars.contains(scalar) { atStart = true }
            index = scalars.index(after: index)
        }
        return starts
    }

    /// `sentenceStarts`, walking the text's characters.
    static func characterSentenceStarts(_ text: String) -> [Substring] {
        var starts: [Substring] = []
        var index = text.startIndex
        var atStart = true
        while index < text.endIndex {
            let character = text[index]
            if atStart && !character.isWhitespace && !"-*•>#0123456789.)".contains(character) {
                starts.append(text[index...].prefix(40))
                atStart = false
            }
            if ".!?:\n".contains(character) { atStart = true }
            index = text.index(after: index)
        }
        return starts
    }

    /// `sentenceStarts` of ASCII text, read as bytes (a character a byte,
    /// but CR LF, one character); nil when `utf8` holds another byte.
    /// Walking the characters cost about 15,000 instructions for a
    /// 100-byte paragraph (callgrind).
    static func asciiSentenceStarts(_ text: String, _ utf8: UnsafeBufferPointer<UInt8>) -> [Substring]? {
        var bits: UInt8 = 0
        for byte in utf8 { bits |= byte }
        guard bits < 0x80 else { return nil }
        var starts: [Substring] = []
        var atStart = true
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            let isLineBreakPair = byte == UInt8(ascii: "\r") && i + 1 < utf8.count && utf8[i + 1] == UInt8(ascii: "\n")
            if atStart {
                let isWhitespace = isLineBreakPair || byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D)
                let isMark = byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ")") || byte.isDigit
                if !isWhitespace && !isMark {
                    starts.append(text[text.utf8.index(text.utf8.startIndex, offsetBy: i)...].prefix(40))
                    atStart = false
                }
            }
            if !isLineBreakPair && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "\n")) {
                atStart = true
            }
            i += isLineBreakPair ? 2 : 1
        }
        return starts
    }

    /// Whether `text` continues after `prefix` with a non-letter (the
    /// prefix is a whole word or words) or the prefix ends with a space,
    /// and the next word does not start with a capital.
    static func isWordEnd(_ text: Substring, after prefix: String) -> Bool {
        let rest = text.dropFirst(prefix.count)
        if prefix.last != " " {
            guard let next = rest.first else { return true }
            if next.isLetter { return false }
        }
        // A capital next ("Don't Tell Me", "Please Please Me") is a title,
        // not a request.
        let following = rest.drop { $0 == " " }
        return !(following.first?.isUppercase ?? false) || following.hasPrefix("I ")
    }

    /// First lines that name a paragraph as instructions (lower case).
    static let markers: [String] = [
        "instructions:", "instruction:", "system:", "system prompt:", "task:", "### instruction", "## instruction",
        "[inst]", "<<sys>>", "guidelines:", "rules:",
        "anweisungen:", "anweisung:", "aufgabe:", "systemanweisung:",
        "instructions :", "consignes :", "consignes:", "tâche :", "tâche:",
        "instrucciones:", "tarea:", "instruções:", "tarefa:", "istruzioni:", "compito:",
        "instructies:", "opdracht:", "taak:", "инструкции:", "инструкция:", "задание:", "задача:",
    ]

    /// `openings` by their first character: a sentence can start with only
    /// those that start as it does (comparing it with every opening took
    /// most of the test, about 60,000 instructions for a HotpotQA passage).
    static let openingsByFirstCharacter: [Character: [String]] = Dictionary(grouping: openings.filter { !$0.isEmpty }) { $0.first! }

    /// Sentence openings that address the model (case as at a sentence start).
    static let openings: [String] = [
        // English: roles, then imperatives and requests (with their object
        // where the bare word also starts ordinary sentences: "Use of …").
        "You are", "You're", "You will be given", "You will answer", "You will receive", "You must answer",
        "You must only", "You must not", "You should answer", "You should only", "You can only use",
        "Act as", "Pretend", "Imagine you", "Your task", "Your job", "Your role", "Your goal", "As an AI",
        "As an assistant", "Answer the", "Answer this", "Answer each", "Answer all", "Answer only", "Answer in",
        "Answer with", "Answer using", "Answer based", "Answer briefly", "Answer concisely", "Answer as",
        "Answer questions", "Answer truthfully", "Use only", "Use the", "Use these", "Use this", "Use your",
        "Using only", "Read the", "Read each", "Read these", "Read this", "Respond", "Reply", "Write a",
        "Write an", "Write the", "Write your", "Write only", "Summarize", "Summarise", "Cite the", "Cite your",
        "Cite sources", "Cite document", "Cite each", "Do not", "Don't", "Never use", "Never answer",
        "Never make", "Always answer", "Always use", "Always cite", "Always respond", "Only use", "Only answer",
        "Only respond", "Please", "Given the following", "Given the context", "Given the documents",
        "Given the passages", "Given the text", "Given these", "Based on the following", "Based on the context",
        "Based on the documents", "Based on the passages", "Based only", "Provide", "Return only",
        "Return the answer", "Return a ", "Return your", "Explain", "Consider the following", "Keep your",
        "Keep the answer", "Keep it", "Be concise", "Be brief", "Be precise", "Be accurate", "Make sure",
        "Include the", "Include only", "Include a ", "Include your", "Output only", "Output the", "Output a ",
        "Output your", "Translate", "Extract the", "Extract all", "List the", "List all", "Identify",
        "Classify", "Rewrite", "Ignore", "Think step", "Format your", "Format the answer", "Refer to",
        "If you don't know", "If you do not know", "If the answer is not", "If the documents do not",
        "If the context does not", "Choose the", "Choose one", "Select the", "Select one", "Determine",
        "Find the", "Tell me", "Help me", "I want you", "I need you",
        // German.
        "Du bist", "Sie sind ein", "Sie sind eine", "Agiere als", "Handle als", "Deine Aufgabe", "Ihre Aufgabe",
        "Beantworte", "Beantworten Sie", "Antworte", "Antworten Sie", "Nutze", "Nutzen Sie", "Verwende",
        "Verwenden Sie", "Lies", "Lesen Sie", "Fasse", "Fassen Sie", "Gib", "Geben Sie", "Bitte", "Zitiere",
        "Übersetze", "Schreibe", "Schreiben Sie", "Erkläre", "Erklären Sie",
        // French.
        "Tu es", "Vous êtes", "Agis comme", "Agissez comme", "Ta tâche", "Votre tâche", "Réponds", "Répondez",
        "Utilise", "Utilisez", "Lis ", "Lisez", "Résume", "Résumez", "Donne", "Donnez", "Cite ", "Citez",
        "Traduis", "Traduisez", "Écris", "Écrivez", "Explique", "Expliquez", "Ne réponds", "Ne répondez",
        "S'il te plaît", "S'il vous plaît", "En te basant", "En vous basant",
        // Spanish.
        "Eres", "Usted es", "Actúa como", "Actúe como", "Tu tarea", "Su tarea", "Responde", "Responda",
        "Contesta", "Conteste", "Usa ", "Utiliza", "Utilice", "Resume", "Resuma", "Traduce",
        "Traduzca", "Escribe", "Escriba", "Explica", "Explique", "No respondas", "No responda", "Por favor",
        "Basándote", "Basándose",
        // Portuguese.
        "Você é", "Aja como", "Atue como", "Sua tarefa", "Responda", "Utilize", "Leia", "Resuma",
        "Traduza", "Escreva", "Explique", "Não responda", "Com base",
        // Italian.
        "Sei un", "Sei una", "Lei è", "Agisci come", "Il tuo compito", "Rispondi", "Rispondete", "Risponda",
        "Usa ", "Utilizza", "Leggi", "Riassumi", "Traduci", "Scrivi", "Spiega", "Non rispondere", "Per favore",
        "In base ai", "In base al",
        // Dutch.
        "Je bent", "Jij bent", "U bent", "Gedraag je", "Jouw taak", "Je taak", "Uw taak", "Beantwoord",
        "Antwoord ", "Gebruik", "Lees ", "Vat ", "Vertaal", "Schrijf", "Leg uit", "Geef", "Alsjeblieft",
        "Graag",
        // Russian.
        "Ты —", "Ты -", "Ты являешься", "Вы —", "Вы являетесь", "Действуй как", "Твоя задача", "Ваша задача",
        "Ответь", "Ответьте", "Отвечай", "Отвечайте", "Используй", "Используйте", "Прочитай", "Прочитайте",
        "Кратко изложи", "Переведи", "Переведите", "Напиши", "Напишите", "Объясни", "Объясните", "Не отвечай",
        "Пожалуйста", "На основе", "Опираясь",
    ]
}

extension StringProtocol {
    fileprivate func trimmingLeadingSpaces() -> SubSequence {
        self[(firstIndex { !$0.isWhitespace } ?? endIndex)...]
    }
}
