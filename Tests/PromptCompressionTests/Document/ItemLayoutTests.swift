import Foundation
@testable import PromptCompression
import PromptTokenizer
import Testing

/// List items, table rows and option names: known answers on small texts
/// shaped as man pages and Markdown, and the invariants on random ones.
@Suite("List items and table rows")
struct ItemLayoutTests {
    static let tokenizer = TestTokenizers.cl100k

    /// The texts of the units of `text`, with their kinds.
    static func units(_ text: String) -> [(String, ItemLayout.Kind)] {
        let bytes = Array(text.utf8)
        return ItemLayout(bytes, excluded: []).units.map { (String(decoding: bytes[$0.range], as: UTF8.self), $0.kind) }
    }

    static let manPage = """
        OPTIONS
           Generic Program Information
               --help Output a usage message and exit.

               -V, --version
                      Output the version number of grep and exit.

           General Output Control
               -c, --count
                      Suppress normal output; instead print a count of matching
                      lines for each input file.

               --preserve-status

                      exit with the same status as COMMAND

               The options above are all
               there is.

        """

    @Test("An option line and its deeper lines are one item; a title over items is a heading")
    func manOptions() {
        let units = Self.units(Self.manPage)
        #expect(units.map(\.0) == [
            "       --help Output a usage message and exit.\n\n",
            "       -V, --version\n              Output the version number of grep and exit.\n\n",
            "       -c, --count\n              Suppress normal output; instead print a count of matching\n              lines for each input file.\n\n",
            "       --preserve-status\n\n              exit with the same status as COMMAND\n\n",
        ])
        #expect(units.allSatisfy { $0.1 == .item })
        let bytes = Array(Self.manPage.utf8)
        let headings = ItemLayout(bytes, excluded: []).headings.map { String(decoding: bytes[$0], as: UTF8.self) }
        #expect(headings == ["   Generic Program Information\n", "   General Output Control\n"])
    }

    @Test("A paragraph's last line over a deeper line, or an option inside a paragraph, is no item")
    func paragraphsStayProse() {
        let text = """
                   Following is a list of suffixes which are likely to be found
                   on a system.
                                │ a row
                   If no key is given, use the entire line as the key.  Use
                   --debug to diagnose incorrect key usage.

            """
        let units = Self.units(text)
        #expect(units.map(\.0) == ["                    │ a row\n"])
        #expect(units.first?.1 == .row)
    }

    @Test("Markdown: bullets in a list are items; a numbered title line alone is not")
    func markdown() {
        #expect(Self.units("Shopping:\n- eggs, large\n- milk\n\nDone.\n").map(\.0) == ["- eggs, large\n", "- milk\n\n"])
        #expect(Self.units("1. Part one\n\nThe text of part one.\n").isEmpty)
        #expect(Self.units("1. First step,\n   which wraps.\n2. Second step.\n").map(\.0) == ["1. First step,\n   which wraps.\n", "2. Second step.\n"])
        // A paragraph at the margin over an indented block is not an item.
        #expect(Self.units("Dear John,\n    I hope this finds you well.\n").isEmpty)
    }

    @Test("A table: its head and rule, then rows with their wrapped cells; box-drawing rows anywhere")
    func tables() {
        let text = """
                   Signal      Standard   Action   Comment
                   ─────────────────────────────────────────
                   SIGABRT      P1990      Core    Abort signal. A core dump.
                   SIGHUP       P1990      Term    Hangup detected on terminal
                                                   or death of process

                   After the table.

                   .C           │ C++ source code
            """
        let units = Self.units(text)
        #expect(units.map(\.1) == [.tableHead, .row, .row, .row])
        #expect(units[0].0.hasSuffix("─────\n"))
        #expect(units[1].0 == "       SIGABRT      P1990      Core    Abort signal. A core dump.\n")
        #expect(units[2].0.hasSuffix("or death of process\n\n"))
        #expect(units[3].0 == "       .C           │ C++ source code")
        let bytes = Array(text.utf8)
        let layout = ItemLayout(bytes, excluded: [])
        #expect(layout.tables.count == 1 && layout.tableEnd(head: 0) == layout.units[2].range.upperBound)
    }

    @Test("Code indented under an item is part of it; protected text ends items")
    func codeAndProtected() {
        let text = "   -e script\n          Example:\n              x = 1;\n              y = 2;\n              call(x, y);\n\nQuestion: what?\n"
        let bytes = Array(text.utf8)
        let codeStart = text.utf8.count - "              x = 1;\n              y = 2;\n              call(x, y);\n\nQuestion: what?\n".utf8.count
        let code = codeStart..<(text.utf8.count - "Question: what?\n".utf8.count)
        let layout = ItemLayout(bytes, excluded: [], code: [code])
        #expect(layout.units.count == 1 && layout.holds(code))
        #expect(layout.units[0].range == 0..<code.upperBound)
        let question = code.upperBound..<bytes.count
        #expect(ItemLayout(bytes, excluded: [question], code: []).units.allSatisfy { !$0.range.overlaps(question) })
    }

    @Test("Option names: dashes and case kept, not inside words", arguments: [
        ("What does the --files-with-matches option of grep do?", ["--files-with-matches"]),
        ("grep -l, -L and (-Z) but not non-word or a--b or --", ["-l", "-L", "-Z"]),
        ("--color[=WHEN], -e PATTERNS, --regexp=PATTERNS", ["--color", "-e", "--regexp"]),
        ("find -print0 -name x -0", ["-print0", "-name", "-0"]),
    ])
    func optionNames(text: String, names: [String]) {
        let bytes = Array(text.utf8)
        #expect(OptionNames.ranges(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) } == names)
        let lower = Array("-l".utf8).withUnsafeBufferPointer { OptionNames.key($0) }
        let upper = Array("-L".utf8).withUnsafeBufferPointer { OptionNames.key($0) }
        #expect(lower != upper)
    }

    @Test("Hard-wrapped lines indented alike are joined; a deeper or shallower line is not")
    func unwrapping() {
        let text = Array("       The first line goes\n       on here. A heading\n   Title\n       text\n".utf8)
        let joined = String(decoding: unwrappedParagraph(text[...]), as: UTF8.self)
        let spaces = String(repeating: " ", count: 8)  // the line feed and the next line's indentation
        #expect(joined == "       The first line goes\(spaces)on here. A heading\n   Title\n       text\n")
    }

    @Test("Records with column gaps stay one a line; justified text with padding gaps is joined")
    func unwrappingRecords() {
        let records = "tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer\necho\t\t7/tcp\ndiscard\t\t9/tcp\t\tsink null\n"
            + "systat\t\t11/tcp\t\tusers\ndaytime\t\t13/tcp\nqotd\t\t17/tcp\t\tquote\n"
        #expect(unwrappedParagraph(Array(records.utf8)[...]) == Array(records.utf8))
        // A man page's justified lines (`col` turned runs of spaces into
        // tabs): every line as wide as the widest, gaps anywhere.
        let justified = "       Create a new archive.  Arguments supply the names of  the\t files\n"
            + "       to  be  archived.\t  Directories are archived recursively, unless\n"
            + "       the --no-recursion option is given.\n"
        let joined = String(decoding: unwrappedParagraph(Array(justified.utf8)[...]), as: UTF8.self)
        #expect(joined.filter { $0 == "\n" }.count == 1, "\(joined)")
        // Space-aligned columns of a table without a rule.
        let columns = "   f        Regular file\n   d        Directory\n   l        Symbolic link\n"
        #expect(unwrappedParagraph(Array(columns.utf8)[...]) == Array(columns.utf8))
    }

    @Test("A services list: the record asked about is kept, not dropped with the records around it")
    func servicesRecords() throws {
        var text = "# Network services, Internet style\n#\n# New ports are added on request.\n\n"
        let names = ["echo", "discard", "daytime", "ftp", "ssh", "telnet", "smtp", "time", "whois", "tacacs", "domain",
                     "gopher", "finger", "http", "kerberos", "pop3", "sunrpc", "auth", "nntp", "ntp", "imap2", "snmp",
                     "irc", "bgp", "ldap", "https", "syslog", "printer", "submission", "rsync", "ldaps", "imaps", "pop3s",
                     "mysql", "postgresql", "redis", "mongodb", "memcached", "amqp", "kafka"]
        for (index, name) in names.enumerated() {
            let port = name == "postgresql" ? 5432 : 7 + index * 37
            text += "\(name)\t\t\(port)/tcp\(index % 3 == 0 ? "\t\t\t# \(name) service" : "")\n"
        }
        text += "\nQuestion: Which port does postgresql use?"
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [60, 120] {
            let out = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(budget)))
            let output = String(decoding: out.result.bytes, as: UTF8.self)
            #expect(out.result.tokensAfter <= budget)
            #expect(output.contains("postgresql\t\t5432/tcp\n"), "budget \(budget): \(output)")
        }
    }

    @Test("Indented lines numbered 3.1., 3.2. or 1.4.7 are entries, not wrapped prose; an indented 3.14 continues a line")
    func unwrappingNumberedEntries() {
        let text = Array("   the value is\n   3.14 exactly\n   3.1. Static addresses and DHCP reservations\n   3.2. Setting up the firewall\n   1.4.7 Protected spans\n   2) Second\n".utf8)
        let joined = String(decoding: unwrappedParagraph(text[...]), as: UTF8.self)
        #expect(joined == "   the value is    3.14 exactly\n   3.1. Static addresses and DHCP reservations\n   3.2. Setting up the firewall\n   1.4.7 Protected spans\n   2) Second\n")
    }

    @Test("A table of contents: the entry that answers is kept with its chapter's line, at any budget that fits them")
    func tableOfContents() throws {
        let text = """
            Table of Contents

            1. Introduction
               1.1. Scope of this guide
               1.2. Conventions used in the text
            2. Installing the system
               2.1. Hardware requirements for a small office server
               2.2. Downloading the installation media
               2.3. Booting from a USB stick
            3. Configuring the network
               3.1. Static addresses and DHCP reservations
               3.2. Setting up the firewall with nftables
               3.3. Name resolution and local caching
            4. Backups
               4.1. Choosing a backup schedule
               4.2. Restoring a single file from the archive

            Chapter 4.2 explains restoring: mount the archive read-only, copy the file back, and check its checksum against the catalogue.

            Question: Which section explains how to set up the firewall?
            """
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [40, 50, 60, 80] {
            let out = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(budget)))
            let output = String(decoding: out.result.bytes, as: UTF8.self)
            #expect(out.result.tokensAfter <= budget)
            #expect(output.contains("   3.2. Setting up the firewall with nftables\n"), "budget \(budget): \(output)")
            #expect(output.contains("3. Configuring the network\n"), "budget \(budget): \(output)")
        }
    }

    @Test("Quoted lines quoted as deep are joined, their marks blanked; another depth or a blank quote line is not")
    func unwrappingQuotes() {
        let text = Array("> The release is planned for March 14. Do we still need the extra QA\n> round that Marco asked for?\n>\n> Next one\n>> deeper\nplain\n".utf8)
        let joined = String(decoding: unwrappedParagraph(text[...]), as: UTF8.self)
        #expect(joined == "> The release is planned for March 14. Do we still need the extra QA   round that Marco asked for?\n>\n> Next one\n>> deeper\nplain\n")
    }

    @Test("A quoted e-mail reply: no sentence ends at a hard line break, and compressing it cuts none")
    func quotedMail() throws {
        let mail = """
            Hi Anna,

            > On Tuesday the build server ran out of disk space again and the nightly
            > job failed at the packaging step. I cleaned the cache directory but it
            > will fill up again within a week unless we rotate the logs.

            We should move the logs to the shared volume, which has 2 TB free. I can
            set that up on Thursday.

            > The release is planned for March 14. Do we still need the extra QA
            > round that Marco asked for?

            Yes, Marco wants one more round because of the payment changes.

            > Also, who owns the certificate renewal this year?

            Priya does. The certificate expires on April 2.

            Question: When does the certificate expire and who renews it?
            """
        let document = try PromptDocument(text: Array(mail.utf8), tokenizer: Self.tokenizer)
        for sentence in document.sentences {
            let text = String(decoding: document.bytes[sentence.range], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix(">") || text.first?.isLowercase == true else { continue }
            #expect(text.last.map { ".?!:".contains($0) } == true, "a quoted sentence cut at a line: \(text)")
        }
        let compressor = Compressor(tokenizer: Self.tokenizer)
        for budget in [40, 60, 90] {
            let out = try compressor.compress(prompt: mail, options: PromptOptions(target: .tokens(budget)))
            #expect(out.result.tokensAfter <= budget)
            let output = String(decoding: out.result.bytes, as: UTF8.self)
            #expect(!output.contains("the extra QA\n\n") && !output.hasSuffix("the extra QA"), "\(output)")
            #expect(output.contains("Priya does. The certificate expires on April 2."), "\(output)")
        }
    }

    @Test("A question naming an option keeps that option's entry, even at a small budget")
    func namedEntryFirst() throws {
        var text = "RM(1)\n\nDESCRIPTION\n       If the -I or --interactive=once option is given, rm prompts the user before removing many files.\n\nOPTIONS\n"
        for letter in "abcdefghijk" {
            text += "       -\(letter)     a long description of option \(letter) that mentions rm and files and options\n"
            text += "              and goes on for another line about rm options.\n\n"
        }
        text += "       -I     prompt once before removing more than three files\n\n"
        text += "Question: What does the -I option of rm do?"
        let compressor = Compressor(tokenizer: Self.tokenizer)
        let out = try compressor.compress(prompt: text, options: PromptOptions(target: .tokens(60)))
        #expect(out.result.tokensAfter <= 60)
        // White space normalized: the run after `-I` is one space.
        #expect(out.result.text.contains("-I prompt once before removing more than three files"))
        #expect(!out.result.text.contains("-a"))
        #expect(out.result.text.hasSuffix("Question: What does the -I option of rm do?"))
    }

    @Test("Random indented text: units sorted, disjoint, at line starts; linear on a staircase")
    func invariants() {
        var generator = SeededGenerator(seed: 7)
        let pieces = ["-a", "--all", "• x", "1. y", "Title", "text.", "│ cell", "─────", "| a |", "", "word word"]
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<(1 + generator.below(40)) {
                text += String(repeating: " ", count: generator.below(16)) + generator.pick(pieces) + "\n"
            }
            let bytes = Array(text.utf8)
            let layout = ItemLayout(bytes, excluded: [])
            var end = 0
            for unit in layout.units {
                #expect(unit.range.lowerBound >= end && unit.range.upperBound <= bytes.count && !unit.range.isEmpty)
                #expect(unit.range.lowerBound == 0 || bytes[unit.range.lowerBound - 1] == UInt8(ascii: "\n"))
                end = unit.range.upperBound
            }
        }
        // 100,000 lines, each indented one deeper than the one before (up to 100 columns).
        var staircase: [UInt8] = []
        for index in 0..<100_000 {
            staircase += [UInt8](repeating: UInt8(ascii: " "), count: index % 100) + Array("-x\n".utf8)
        }
        let start = Date()
        let layout = ItemLayout(staircase, excluded: [])
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(layout.units.allSatisfy { $0.range.count <= ItemLayout.maximumItemBytes })
    }
}
