import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

/// Ranking by stems end to end: a question in one inflection keeps the text
/// in another at a tight budget, and does not without stemming.
@Suite("Stemming in ranking: inflected questions find their lines")
struct StemmingRankingTests {
    static let tokenizer = TestTokenizers.cl100k

    /// The help text of an imaginary search tool, written for this test.
    static let germanHelp = """
        suche(1) – Zeilen in Dateien finden

        -c, --count: Für jede Eingabedatei nur die Zahl der passenden Zeilen ausgeben, nicht die Zeilen selbst.

        -e MUSTER: Das Muster angeben, nach dem gesucht wird; mehrere Angaben sind erlaubt.

        -h, --no-filename: Die Namen der Dateien in der Ausgabe weglassen, auch wenn mehrere Dateien durchsucht werden.

        -i, --ignore-case: Groß- und Kleinschreibung im Muster und in den Eingabedaten nicht unterscheiden.

        -l, --files-with-matches: Nur den Name jeder Datei mit Treffer ausgeben; die Suche in einer Datei endet beim ersten Treffer.

        -m NUM, --max-count=NUM: Das Lesen nach NUM Zeilen mit Treffern beenden und mit der nächsten Eingabe weitermachen.

        -n, --line-number: Vor jeder Zeile der Ausgabe ihre Nummer in der Eingabe angeben, beginnend mit eins.

        -q, --quiet: Nichts ausgeben; der Rückgabewert zeigt, ob eine Zeile gepasst hat.

        -r, --recursive: Alle Verzeichnisse rekursiv lesen und dabei symbolischen Verweisen nur auf der Kommandozeile folgen.

        -s, --no-messages: Fehlermeldungen über nicht vorhandene oder nicht lesbare Dateien unterdrücken.

        -v, --invert-match: Die Bedeutung umkehren und die Zeilen ausgeben, die nicht zum Muster passen.

        -w, --word-regexp: Nur Zeilen wählen, in denen das Muster ganze Wörter bildet.
        """
    static let germanLine = "-l, --files-with-matches: Nur den Name jeder Datei mit Treffer ausgeben; die Suche in einer Datei endet beim ersten Treffer."

    /// Notes of an imaginary billing service, written for this test.
    static let englishNotes = """
        Billing service notes

        Invoices are created on the first day of each month and sent by e-mail to the account owner.

        Failed logins to the billing console are recorded in the audit log for ninety days.

        Payments made by bank transfer appear in the dashboard after two working days.

        A customer can change the card on file at any time; the new card is charged from the next invoice.

        Refunds go back to the original card and take five to ten days to arrive.

        When a card payment fails, the charge is retried three times, once a day, before the account is suspended.

        Retried webhook deliveries are listed with their status codes in the developer settings.

        Taxes are computed from the billing address and shown as a separate line on every invoice.
        """
    static let englishLine = "When a card payment fails, the charge is retried three times, once a day, before the account is suspended."

    /// Rules of an imaginary town library, written for this test.
    static let frenchRules = """
        Règlement de la médiathèque

        La carte de lecteur est gratuite pour les habitants de la commune et se retire à l'accueil.

        Les livres rares de la réserve se consultent sur place, dans la salle de lecture.

        Les documents empruntés par un groupe scolaire restent sous la responsabilité de l'enseignant.

        Chaque emprunt de livre dure trois semaines et se renouvelle deux fois sur le site, sauf si un autre lecteur l'a réservé.

        Les abonnements renouvelés avant la fin du mois gardent leur date anniversaire.

        Les retards sont signalés par courriel au bout de trois jours, puis chaque semaine.

        Les jeux vidéo et les films se prêtent pour une semaine, sans prolongation possible.

        Le wifi est ouvert à tous les visiteurs, avec un code donné à l'accueil.
        """
    static let frenchLine = "Chaque emprunt de livre dure trois semaines et se renouvelle deux fois sur le site, sauf si un autre lecteur l'a réservé."

    func compress(_ text: String, query: String, budget: Int, stemming: Bool) throws -> CompressionResult {
        var compressor = Compressor(tokenizer: Self.tokenizer)
        compressor.stemming = stemming
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer)
        return try compressor.compress(document, options: CompressionOptions(target: .tokens(budget), query: query))
    }

    func isSubsequence(_ output: [UInt8], of input: [UInt8]) -> Bool {
        var i = input.startIndex
        for byte in output {
            while i < input.endIndex && input[i] != byte { i += 1 }
            guard i < input.endIndex else { return false }
            i += 1
        }
        return true
    }

    /// At `budget`, the question keeps `line` of `text` with stemming, in
    /// order and byte for byte, and does not without it.
    func expectStemmingKeeps(_ line: String, of text: String, query: String, budget: Int) throws {
        let stemmed = try compress(text, query: query, budget: budget, stemming: true)
        #expect(stemmed.tokensAfter <= budget)
        #expect(stemmed.text.contains(line), "output: \(stemmed.text)")
        #expect(isSubsequence(stemmed.bytes, of: Array(text.utf8)))
        let plain = try compress(text, query: query, budget: budget, stemming: false)
        #expect(!plain.text.contains(line), "without stemming the exact forms of other lines win")
    }

    @Test("German: \"Namen der Dateien mit Treffern\" keeps \"Name jeder Datei mit Treffer\"", arguments: [50, 60, 80])
    func german(budget: Int) throws {
        try expectStemmingKeeps(Self.germanLine, of: Self.germanHelp, query: "Namen der Dateien mit Treffern", budget: budget)
    }

    @Test("English: \"failed payments retried\" keeps \"a card payment fails … is retried\"", arguments: [30, 40, 60])
    func english(budget: Int) throws {
        try expectStemmingKeeps(Self.englishLine, of: Self.englishNotes, query: "How are failed payments retried?", budget: budget)
    }

    @Test("French: \"livres empruntés renouvelés\" keeps \"emprunt de livre … se renouvelle\"", arguments: [50, 60, 80])
    func french(budget: Int) throws {
        try expectStemmingKeeps(
            Self.frenchLine, of: Self.frenchRules, query: "Combien de fois les livres empruntés sont-ils renouvelés ?", budget: budget)
    }

    /// A large input goes through the coarse stage first, which ranks
    /// blocks by hashed words: stems there too.
    @Test("the coarse stage ranks by stems too")
    func coarseStage() throws {
        var text = Self.germanHelp + "\n\n"
        // Distinct paragraphs (no exact repeats), none with the question's words.
        let subjects = ["Farbe", "Breite", "Kodierung", "Puffergröße", "Zeitzone", "Sprache", "Schriftart"]
        for i in 0..<900 {
            text += "Einstellung \(i): Die \(subjects[i % subjects.count]) der Anzeige im Modus \(i % 13) wird beim Start aus der Konfiguration gelesen.\n\n"
        }
        let document = try PromptDocument(text: Array(text.utf8), tokenizer: Self.tokenizer)
        #expect(document.tokens > 2 * 8192, "large enough for two stages")
        let query = "Namen der Dateien mit Treffern"
        let stemmed = try compress(text, query: query, budget: 100, stemming: true)
        #expect(stemmed.text.contains(Self.germanLine))
        #expect(stemmed.drops.contains { $0.reason.pass == "coarse" })
        // Stemming changes what is kept, never the bytes of what is kept.
        #expect(isSubsequence(stemmed.bytes, of: Array(text.utf8)))
        let again = try compress(text, query: query, budget: 100, stemming: true)
        #expect(again.bytes == stemmed.bytes, "deterministic")
    }
}
