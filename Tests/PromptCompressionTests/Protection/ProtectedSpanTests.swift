import Foundation
import PromptCompression
import TersifyTestSupport
import Testing

/// A text and the spans expected in it, as "kind text" strings.
struct KnownSpans: Sendable, CustomTestStringConvertible {
    let text: String
    let expected: [String]
    init(_ text: String, _ expected: [String]) {
        self.text = text
        self.expected = expected
    }
    var testDescription: String { text.debugDescription }
}

@Suite("ProtectedSpanDetector")
struct ProtectedSpanTests {
    // MARK: Helpers

    /// The spans found in `text` as "kind text" strings.
    static func found(_ text: String, _ detector: ProtectedSpanDetector = ProtectedSpanDetector()) throws -> [String] {
        let bytes = Array(text.utf8)
        return try detector.spans(in: text).map { "\($0.kind) \(String(decoding: bytes[$0.range], as: UTF8.self))" }
    }

    /// Checks the invariants of a result: spans non-empty, within the text,
    /// sorted and disjoint; markers within the text and sorted.
    static func expectWellFormed(_ found: ProtectedSpans, count: Int, _ context: @autoclosure () -> String = "",
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        var previousEnd = 0
        for span in found {
            guard span.range.lowerBound >= previousEnd, !span.range.isEmpty, span.range.upperBound <= count else {
                Issue.record("\(context()): span \(span) after \(previousEnd) in \(count) bytes",
                             sourceLocation: sourceLocation)
                return
            }
            previousEnd = span.range.upperBound
        }
        var previousMarker = 0
        for marker in found.keepMarkers {
            guard marker.lowerBound >= previousMarker, marker.upperBound <= count else {
                Issue.record("\(context()): marker \(marker) in \(count) bytes", sourceLocation: sourceLocation)
                return
            }
            previousMarker = marker.upperBound
        }
    }

    // MARK: Documentation examples

    @Test("the examples in the doc comments")
    func documentationExamples() throws {
        let detector = ProtectedSpanDetector()
        #expect(try detector.spans(in: "Call +31 10 555 0142 before 06:00.").spans
            == [ProtectedSpan(range: 5..<20, kind: .number), ProtectedSpan(range: 28..<33, kind: .number)])
        let found = try detector.spans(in: "See <keep>the 2 rules</keep> at https://example.com.")
        #expect(found.spans == [ProtectedSpan(range: 10..<21, kind: .keepRegion), ProtectedSpan(range: 32..<51, kind: .url)])
        #expect(found.keepMarkers == [4..<10, 21..<28])
        #expect(found.isProtected(14..<15))
        #expect(!found.overlaps(0..<4))
        #expect(try Self.found("Deploy `main` to https://example.com by 2024-03-14, budget $5,000.")
            == ["inlineCode `main`", "url https://example.com", "date 2024-03-14", "number $5,000"])
    }

    // MARK: Code

    static let code: [KnownSpans] = [
        .init("Intro\n```swift\nlet x = \"```\"\n```\nafter", ["fencedCode ```swift\nlet x = \"```\"\n```"]),
        .init("~~~\ncode 42\n~~~~\nafter 7", ["fencedCode ~~~\ncode 42\n~~~~", "number 7"]),
        .init("Text\n```\nunclosed 42 https://x.com\nmore", ["fencedCode ```\nunclosed 42 https://x.com\nmore"]),
        .init("- item\n    ```\n    code\n    ```\n", ["fencedCode     ```\n    code\n    ```"]),
        .init("```\ncode\n~~~\nstill code\n```\n", ["fencedCode ```\ncode\n~~~\nstill code\n```"]),
        .init("```\r\ncode\r\n```\r\nnext", ["fencedCode ```\r\ncode\r\n```"]),
        .init("``` not a fence: a ` in the info string", []),
        .init("Run `make test` now", ["inlineCode `make test`"]),
        .init("Use ``a ` b`` here and `c`.", ["inlineCode ``a ` b``", "inlineCode `c`"]),
        .init("A `tick\nacross` one line break", ["inlineCode `tick\nacross`"]),
        .init("Binary `a\u{0}b` and `c\u{1B}d` are not code, `e\tf` is", ["inlineCode `e\tf`"]),
        .init("A `tick\n\nacross` a blank line", []),
        .init("A `tick\n  \t\nacross` a line of spaces", []),
        .init("Mismatch ``a` here", []),
        .init("Mid-line ```inline triple``` code", ["inlineCode ```inline triple```"]),
    ]

    @Test("fenced and inline code", arguments: code)
    func codeSpans(_ known: KnownSpans) throws {
        #expect(try Self.found(known.text) == known.expected)
    }

    // MARK: Links

    static let links: [KnownSpans] = [
        .init("Read https://example.com/a?b=1&c=2#frag.", ["url https://example.com/a?b=1&c=2#frag"]),
        .init("See https://en.wikipedia.org/wiki/Swift_(programming_language).",
              ["url https://en.wikipedia.org/wiki/Swift_(programming_language)"]),
        .init("(see https://example.com/a) and [docs](https://example.com/docs), ok",
              ["url https://example.com/a", "url https://example.com/docs"]),
        .init("Visit www.example.org, or HTTP://EXAMPLE.COM!", ["url www.example.org", "url HTTP://EXAMPLE.COM"]),
        .init("ftp://files.example.com/pub/x.tar.gz and file:///etc/hosts;",
              ["url ftp://files.example.com/pub/x.tar.gz", "url file:///etc/hosts"]),
        .init("mailto:ann@example.org?subject=Hi", ["url mailto:ann@example.org?subject=Hi"]),
        .init("“https://example.com/q” and «https://example.com/r» and <https://example.com/s>",
              ["url https://example.com/q", "url https://example.com/r", "url https://example.com/s"]),
        .init("https://de.wikipedia.org/wiki/Köln?x=ä ok", ["url https://de.wikipedia.org/wiki/Köln?x=ä"]),
        .init("Empty: https:// and http:// alone, and the www. prefix, httpx://a", []),
        .init("Write to ann.lee@example.org.", ["email ann.lee@example.org"]),
        .init("first.last+tag@mail.example.co.uk, (bob_smith@example.com)",
              ["email first.last+tag@mail.example.co.uk", "email bob_smith@example.com"]),
        .init("Not @handle, not a@b, not user@localhost, not x@y.c, not .@a.com", []),
    ]

    @Test("URLs and e-mail addresses", arguments: links)
    func linkSpans(_ known: KnownSpans) throws {
        #expect(try Self.found(known.text) == known.expected)
    }

    // MARK: Numbers

    static let numbers: [KnownSpans] = [
        .init("1,000,000 or 1.000.000 or 1\u{A0}000\u{A0}000 or 1\u{2009}000 or 1\u{202F}000 or 1'000",
              ["number 1,000,000", "number 1.000.000", "number 1\u{A0}000\u{A0}000", "number 1\u{2009}000",
               "number 1\u{202F}000", "number 1'000"]),
        .init("3.14 and 3,5 and -2.5 and −7 and +5.", ["number 3.14", "number 3,5", "number -2.5", "number −7", "number +5"]),
        .init("5% or 5 % or $5 or $5.99 or 5 € or 5€ or €5 or £10 or ¥500 or USD 12 or EUR12 or US$5 or ₹ 39 lakh",
              ["number 5%", "number 5 %", "number $5", "number $5.99", "number 5 €", "number 5€", "number €5",
               "number £10", "number ¥500", "number USD 12", "number EUR12", "number US$5", "number ₹ 39 lakh"]),
        .init("5 km, 10kg, 3.5 GHz, 25 °C, 25°C, 120 mph, 9,000 TEU, 150,782 SEK, 100 km/h, 5.9 keV",
              ["number 5 km", "number 10kg", "number 3.5 GHz", "number 25 °C", "number 25°C", "number 120 mph",
               "number 9,000 TEU", "number 150,782 SEK", "number 100 km/h", "number 5.9 keV"]),
        .init("150 million people, $4.54 million, 30 percent, 4K, 3D, 1920x1080, 1e10, 2.0ish, 18+ only",
              ["number 150 million", "number $4.54 million", "number 30 percent", "number 4K", "number 3D",
               "number 1920x1080", "number 1e10", "number 2.0ish", "number 18+"]),
        .init("10–20, 10-20, $5–$10, 1914 – 1918, 2016–17, 10–20 km, 5–6 pm",
              ["number 10–20", "number 10-20", "number $5–$10", "number 1914 – 1918", "number 2016–17",
               "number 10–20 km", "number 5–6 pm"]),
        .init("Versions 1.2.3 and 10.0.0.1 and v1.2.3.", ["number 1.2.3", "number 10.0.0.1", "identifier v1.2.3"]),
        .init("+31 10 555 0142, (555) 123-4567, 555-123-4567, +1-202-555-0173, +44 (0)20 7946 0958",
              ["number +31 10 555 0142", "number (555) 123-4567", "number 555-123-4567", "number +1-202-555-0173",
               "number +44 (0)20 7946 0958"]),
        .init("06:00, 10:00:00, 5 p.m., 10 am, 5pm, 6:30 PM, 22:20 KST, 23:59:59.5Z",
              ["number 06:00", "number 10:00:00", "number 5 p.m.", "number 10 am", "number 5pm", "number 6:30 PM",
               "number 22:20 KST", "number 23:59:59.5Z"]),
        .init("1st, 2nd, 3rd, 21st, the 19th century, the 1990s, 1/2 cup",
              ["number 1st", "number 2nd", "number 3rd", "number 21st", "number 19th", "number 1990s", "number 1/2"]),
        .init("In 2019 NASA said 195 BC and 1200 BC, in 2009I was", ["number 2019", "number 195 BC", "number 1200 BC",
                                                                    "number 2009"]),
        // Negatives: abbreviations, sentence periods, letters glued on.
        .init("Take fruit, e.g. apples; i.e. pears. The U.S. and Ph.D. are fine.", []),
        .init("No. 5 is fine. I have 3. Then 4.", ["number 5", "number 3", "number 4"]),
        .init("A 5-year plan and 10-year-old wine", ["number 5", "number 10"]),
    ]

    @Test("numbers with signs, currencies, units, ranges; phone numbers, times, ordinals", arguments: numbers)
    func numberSpans(_ known: KnownSpans) throws {
        #expect(try Self.found(known.text) == known.expected)
    }

    // MARK: Dates

    static let dates: [KnownSpans] = [
        .init("2024-03-14, 2024-03-14T10:00:00Z, 2024-03-14T10:00:00+01:00, 2024-03-14 10:00, 2024/03/14",
              ["date 2024-03-14", "date 2024-03-14T10:00:00Z", "date 2024-03-14T10:00:00+01:00",
               "date 2024-03-14 10:00", "date 2024/03/14"]),
        .init("14/03/2024, 3/14/24, 14.03.2024, 03.14.2024, 14-03-2024",
              ["date 14/03/2024", "date 3/14/24", "date 14.03.2024", "date 03.14.2024", "date 14-03-2024"]),
        .init("14 March 2024, 14th of March, 2024, 1 May, 27 July",
              ["date 14 March 2024", "date 14th of March, 2024", "date 1 May", "date 27 July"]),
        .init("March 14, 2024; March 14 2024; Mar. 14; March 14th; Mar 2024; Sept. 5",
              ["date March 14, 2024", "date March 14 2024", "date Mar. 14", "date March 14th", "date Mar 2024",
               "date Sept. 5"]),
        .init("Monday, March 14, 2024 and Thu 14 March 2024 and Sunday, 2 September",
              ["date Monday, March 14, 2024", "date Thu 14 March 2024", "date Sunday, 2 September"]),
        .init("July 2010What hard liquor", ["date July 2010"]),
        // Negatives: a month alone, a capitalized verb, an impossible date.
        .init("In May we met. March on! Sun and Sat.", []),
        .init("2024-13-45 is no date", ["number 2024-13-45"]),
    ]

    @Test("dates in ISO, numeric and English forms", arguments: dates)
    func dateSpans(_ known: KnownSpans) throws {
        #expect(try Self.found(known.text) == known.expected)
    }

    // MARK: Identifiers

    static let identifiers: [KnownSpans] = [
        .init("key 2a8d601d-1d69-4e64-9f90-8AD825A74195.", ["identifier 2a8d601d-1d69-4e64-9f90-8AD825A74195"]),
        .init("0x1F, 0XdeadBEEF, 3b0f49e7c2a1d5f8a9, deadbeefdeadbeef",
              ["identifier 0x1F", "identifier 0XdeadBEEF", "identifier 3b0f49e7c2a1d5f8a9",
               "identifier deadbeefdeadbeef"]),
        .init("/usr/lib/x.so, /x.so, /etc/hosts. ~/notes.txt ./a/b.txt ../up/x",
              ["identifier /usr/lib/x.so", "identifier /x.so", "identifier /etc/hosts", "identifier ~/notes.txt",
               "identifier ./a/b.txt", "identifier ../up/x"]),
        .init(#"C:\Users\x\file.txt, C:/Program and \\server\share\x."#,
              [#"identifier C:\Users\x\file.txt"#, "identifier C:/Program", #"identifier \\server\share\x"#]),
        .init("Edit src/main.swift and Sources/PromptCompression/ now",
              ["identifier src/main.swift", "identifier Sources/PromptCompression/"]),
        .init("user_id42, HM-7, COVID-19, getUserName, snake_case, MAX_SIZE, __init__, camelCase",
              ["identifier user_id42", "identifier HM-7", "identifier COVID-19", "identifier getUserName",
               "identifier snake_case", "identifier MAX_SIZE", "identifier __init__", "identifier camelCase"]),
        .init("x86-64, Qwen2.5-7B, self.user_id, mp3, TRS-80", ["identifier x86-64", "identifier Qwen2.5-7B",
                                                            "identifier self.user_id", "identifier mp3",
                                                            "identifier TRS-80"]),
        // Negatives: plain words, names with capitals inside, slashes in prose.
        .init("Hello, e.g., state-of-the-art, U.S., iPhone, eBay, McDonald, JavaScript, YouTube.", []),
        .init("and/or, km/h, /etc, electronica/synthpop/ambient, _emphasis_, his/her", []),
        .init("Scraped: it.WordsI and work.2 and trouble.iTunes and i/o.It", ["number 2"]),
    ]

    @Test("UUIDs, hexadecimal strings, paths and code identifiers", arguments: identifiers)
    func identifierSpans(_ known: KnownSpans) throws {
        #expect(try Self.found(known.text) == known.expected)
    }

    // MARK: JSON

    static let json: [KnownSpans] = [
        .init(#"Send {"id": 7, "tags": ["a", "b"]} now."#, [#"json {"id": 7, "tags": ["a", "b"]}"#]),
        .init(#"{"q": "say \"hi\" \\ \/ \u00e9", "n": null, "t": true, "f": false, "x": -1.5e+3}"#,
              [#"json {"q": "say \"hi\" \\ \/ \u00e9", "n": null, "t": true, "f": false, "x": -1.5e+3}"#]),
        .init("[[1, 2], [3, 4]] and [\"x\"]", ["json [[1, 2], [3, 4]]", "json [\"x\"]"]),
        .init("Pretty:\n{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}\nend",
              ["json {\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}"]),
        .init(#"Broken [{"a": 1}, oops] keeps the inner object"#, [#"json {"a": 1}"#]),
        // Negatives: citations, empty blocks, prose braces, bad JSON.
        .init("Citations [1] and [12, 13], empty {} and [], {braces} and [brackets] in prose",
              ["number 1", "number 12", "number 13"]),
        .init(#"{"a": 1,} and {'a': 1} and {"a" 1} and {"a": 01}"#, ["number 1", "number 1", "number 1", "number 01"]),
        .init("{\"unterminated\": \"x\nmore\"}", []),
    ]

    @Test("JSON blocks", arguments: json)
    func jsonSpans(_ known: KnownSpans) throws {
        #expect(try Self.found(known.text) == known.expected)
    }

    @Test("JSON nested deeper than the limit is not protected whole; 100 levels are")
    func jsonDepth() throws {
        let deep = String(repeating: "[", count: 200) + "\"x\"" + String(repeating: "]", count: 200)
        let found = try ProtectedSpanDetector().spans(in: deep)
        Self.expectWellFormed(found, count: deep.utf8.count)
        #expect(found.spans.allSatisfy { $0.range.count < deep.utf8.count })
        let ok = String(repeating: "[", count: 100) + "\"x\"" + String(repeating: "]", count: 100)
        #expect(try ProtectedSpanDetector().spans(in: ok).spans == [ProtectedSpan(range: 0..<203, kind: .json)])
    }

    /// A random JSON value, nested at most `depth` deep.
    static func randomJSON(_ random: inout SeededGenerator, depth: Int) -> String {
        let space = { (random: inout SeededGenerator) in random.pick(["", "", " ", "\n  ", "\t", "\r\n"]) }
        switch random.below(depth > 0 ? 8 : 5) {
        case 0: return random.pick(["0", "-1", "3.25", "1e5", "-0.5E-3", "42", "12345678901234567890"])
        case 1: return random.pick(["true", "false", "null"])
        case 2, 3, 4:
            return "\"" + random.pick(["", "a", "x y", #"q\"uote"#, #"back\\slash"#, #"\u00e9\n\t\/"#, "é😀"]) + "\""
        case 5, 6:
            let members = (0..<random.below(4)).map { _ in
                "\"k\(random.below(9))\"" + space(&random) + ":" + space(&random) + randomJSON(&random, depth: depth - 1)
            }
            return "{" + space(&random) + members.joined(separator: "," + space(&random)) + space(&random) + "}"
        default:
            let elements = (0..<random.below(4)).map { _ in randomJSON(&random, depth: depth - 1) }
            return "[" + elements.joined(separator: "," + space(&random)) + "]"
        }
    }

    /// Matches Foundation's one departure from RFC 8259 that the generator
    /// hits: it accepts a trailing comma (`[1,]`, `{"a": 1,}`).
    static let trailingComma = try! NSRegularExpression(pattern: #",\s*[\]}]"#)

    @Test("the JSON validator agrees with JSONSerialization on valid and broken documents (seeded)")
    func jsonAgainstFoundation() throws {
        var random = SeededGenerator(seed: 42)
        let detector = ProtectedSpanDetector(kinds: .json)
        let breakers = ["", ",", "}", "]", "{", "[", "\"", ":", "\\", "x", " ", "\n", "01", "1.", "tru", "'"]
        var checked = (valid: 0, broken: 0)
        for _ in 0..<3000 {
            let body = Self.randomJSON(&random, depth: 4)
            var document = Array(random.below(2) == 0 ? "{\"root\": " + body + "}" : "[" + body + "]")
            if random.below(2) == 0 {
                // Break it: replace or insert one piece inside (not before or
                // after it: Foundation accepts whitespace around a document).
                let at = 1 + random.below(document.count - 1)
                let piece = Array(random.pick(breakers))
                if random.below(2) == 0 { document.remove(at: at) }
                document.insert(contentsOf: piece, at: at)
            }
            let text = String(document)
            let range = NSRange(location: 0, length: (text as NSString).length)
            let lenient = Self.trailingComma.firstMatch(in: text, range: range) != nil
            let parsed = lenient ? nil : try? JSONSerialization.jsonObject(with: Data(text.utf8))
            let qualifies: Bool
            switch parsed {
            case let object as [String: Any]: qualifies = !object.isEmpty
            case let array as [Any]: qualifies = array.contains { $0 is String || $0 is [Any] || $0 is [String: Any] }
            default: qualifies = false
            }
            let whole = [ProtectedSpan(range: 0..<text.utf8.count, kind: .json)]
            #expect((try detector.spans(in: text).spans == whole) == (parsed != nil && qualifies), "\(text.debugDescription)")
            if parsed != nil { checked.valid += 1 } else { checked.broken += 1 }
        }
        #expect(checked.valid > 1000 && checked.broken > 500, "\(checked)")
    }

    // MARK: Markup

    static let markup: [KnownSpans] = [
        .init("A <b>bold</b> word and <a href=\"https://x.com\" title='t'>link</a>.",
              ["xml <b>bold</b>", "xml <a href=\"https://x.com\" title='t'>link</a>"]),
        .init("<br/> <br> <img src=\"x.png\"> <hr />", ["xml <br/>", "xml <br>", "xml <img src=\"x.png\">",
                                                    "xml <hr />"]),
        .init("<!-- note --> <![CDATA[x < y]]> <?xml version=\"1.0\"?> <!DOCTYPE html>",
              ["xml <!-- note -->", "xml <![CDATA[x < y]]>", "xml <?xml version=\"1.0\"?>", "xml <!DOCTYPE html>"]),
        .init("<ul>\n  <li>one</li>\n  <li>two <i>2</i></li>\n</ul>",
              ["xml <ul>\n  <li>one</li>\n  <li>two <i>2</i></li>\n</ul>"]),
        .init("<B>case</b> and <my-tag data-x=1 checked>v</my-tag>", ["xml <B>case</b>",
                                                                     "xml <my-tag data-x=1 checked>v</my-tag>"]),
        // Prose inside: only the tags (and short elements) are protected.
        .init("<doc><title>Short</title><p>This paragraph has well over twelve words of prose that the passes may shorten.</p></doc>",
              ["xml <doc>", "xml <title>Short</title>", "xml <p>", "xml </p>", "xml </doc>"]),
        // Negatives: generics, comparisons, lone or stray tags, unclosed comments.
        .init("Array<Int> and a < b and c > d, <thinking> alone, </b> stray, <!-- unclosed", []),
        .init("<a><b>x</a></b>", []),
        .init("Unclosed <section> with <b>bold</b> inside", ["xml <b>bold</b>"]),
    ]

    @Test("XML and HTML", arguments: markup)
    func markupSpans(_ known: KnownSpans) throws {
        #expect(try Self.found(known.text) == known.expected)
    }

    // MARK: Keep regions

    @Test("keep regions: content protected, tags reported as markers")
    func keepRegions() throws {
        let detector = ProtectedSpanDetector()
        var found = try detector.spans(in: "x <keep>the 2 rules</keep> y")
        #expect(found.spans == [ProtectedSpan(range: 8..<19, kind: .keepRegion)])
        #expect(found.keepMarkers == [2..<8, 19..<26])

        // Nested, any case; the outer pair makes the span.
        let nested = "<keep>a <KEEP>b</keep> c</Keep> d"
        #expect(try Self.found(nested) == ["keepRegion a <KEEP>b</keep> c"])
        #expect(try detector.spans(in: nested).keepMarkers == [0..<6, 8..<14, 15..<22, 24..<31])

        // Unclosed: to the end. Stray closing tag: text.
        #expect(try Self.found("x <keep> to the end, 42") == ["keepRegion  to the end, 42"])
        found = try detector.spans(in: "text </keep> more")
        #expect(found.spans.isEmpty && found.keepMarkers.isEmpty)
        #expect(try Self.found("a </keep> b <keep>c</keep> d </keep>") == ["keepRegion c"])

        // Spaces before `>`; an empty region has markers and no span.
        #expect(try Self.found("<keep >x</keep\t>") == ["keepRegion x"])
        found = try detector.spans(in: "<keep></keep>")
        #expect(found.spans.isEmpty && found.keepMarkers == [0..<6, 6..<13])

        // Inside fenced code the tags are text.
        let fenced = "```\n<keep>\n```\n<keep>x</keep>"
        #expect(try Self.found(fenced) == ["fencedCode ```\n<keep>\n```", "keepRegion x"])
        #expect(try detector.spans(in: fenced).keepMarkers == [15..<21, 22..<29])

        // So are they in inline code.
        let inline = "Wrap text in `<keep>` tags: <keep>x</keep> and more"
        #expect(try Self.found(inline) == ["inlineCode `<keep>`", "keepRegion x"])
        #expect(try detector.spans(in: inline).keepMarkers == [28..<34, 35..<42])

        // Turned off, the tags are markup.
        #expect(try Self.found("<keep>x</keep>", ProtectedSpanDetector(kinds: ProtectionRules.Kinds.all.subtracting(.keepRegion)))
            == ["xml <keep>x</keep>"])
    }

    // MARK: Question

    @Test("the caller's question range is protected as .question")
    func question() throws {
        let text = "Context: it was 42 in 2024-03-14.\nQuestion: what was it on 2024-03-14?"
        let question = 34..<text.utf8.count
        let found = try ProtectedSpanDetector().spans(in: text, question: question)
        #expect(found.spans == [ProtectedSpan(range: 16..<18, kind: .number), ProtectedSpan(range: 22..<32, kind: .date),
                                ProtectedSpan(range: question, kind: .question)])
        #expect(found.isProtected(question))
        // Without a question (or an empty one) the second date is a span of its own.
        #expect(try ProtectedSpanDetector().spans(in: Array(text.utf8), question: 34..<34).count == 3)
        let off = ProtectedSpanDetector(kinds: ProtectionRules.Kinds.all.subtracting(.question))
        #expect(try off.spans(in: text, question: question).count == 3)
    }

    // MARK: Custom patterns

    @Test("custom patterns: matches win over built-in kinds of the same range; byte offsets")
    func customPatterns() throws {
        let detector = try ProtectedSpanDetector(rules: ProtectionRules(customPatterns: [#"ticket-\d+"#, "(?i)secret"]))
        #expect(try Self.found("Ticket ticket-42 is SECRET.", detector)
            == [#"custom(ticket-\d+) ticket-42"#, "custom((?i)secret) SECRET"])
        // Offsets after non-ASCII text, emoji (two UTF-16 units) and invalid UTF-8.
        let text = "café 😀 ticket-7 é"
        let bytes = Array(text.utf8)
        let span = try #require(try detector.spans(in: text).first)
        #expect(String(decoding: bytes[span.range], as: UTF8.self) == "ticket-7")
        let invalid: [UInt8] = [0xFF, 0xC3, 0x20, 0xE2, 0x82] + Array(" ticket-9 ".utf8) + [0xF0, 0x9F]
        let found = try detector.spans(in: invalid)
        #expect(found.spans == [ProtectedSpan(range: 6..<14, kind: .custom(#"ticket-\d+"#))])
    }

    @Test("an invalid custom pattern throws an error naming it", arguments: ["(", "[a-", "x{2,1}", "*"])
    func invalidPattern(pattern: String) {
        #expect {
            _ = try ProtectedSpanDetector(rules: ProtectionRules(customPatterns: ["ok", pattern]))
        } throws: { error in
            guard case let .invalidProtectionPattern(reported, reason) = error as? CompressionError else { return false }
            return reported == pattern && reason.hasPrefix("not a valid regular expression (U_REGEX_")
                && (error as! CompressionError).description
                    == "invalid protection pattern \(pattern.debugDescription): \(reason)"
        }
    }

    /// A costly pattern and the text it fails on, named by the pattern in the test log.
    struct CostlyPattern: CustomTestStringConvertible, Sendable {
        let pattern: String, text: [UInt8], limit: String
        var testDescription: String { "\(pattern) on \(text.count) bytes" }
        static let aThenB = [UInt8](repeating: UInt8(ascii: "a"), count: 100_000) + [UInt8(ascii: "b")]
        static let all = [
            CostlyPattern(pattern: "(a+)+$", text: aThenB, limit: "backtracking steps"),
            CostlyPattern(pattern: "(a|aa)+$", text: aThenB, limit: "backtracking steps"),
            CostlyPattern(pattern: "(.*a){20}", text: aThenB, limit: "backtracking steps"),
            CostlyPattern(pattern: "((((((((((a+))))))))))+$", text: aThenB, limit: "backtracking"),
            CostlyPattern(pattern: "(a|b)*c", text: [UInt8](repeating: UInt8(ascii: "a"), count: 300_000),
                          limit: "MiB of backtracking memory"),
        ]
    }

    /// The CPU time of the calling thread, which other work on the machine
    /// does not inflate as it does the wall clock.
    static func threadCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    @Test("a pattern that backtracks without end throws, naming it, within 2 s", arguments: CostlyPattern.all)
    func costlyPattern(_ costly: CostlyPattern) throws {
        let detector = try ProtectedSpanDetector(rules: ProtectionRules(kinds: [], customPatterns: ["a+", costly.pattern]))
        let start = Self.threadCPUTime()
        #expect {
            _ = try detector.spans(in: costly.text)
        } throws: { error in
            guard case let .protectionPatternTooCostly(reported, reason) = error as? CompressionError else { return false }
            return reported == costly.pattern && reason.contains(costly.limit)
        }
        #expect(Self.threadCPUTime() - start < .seconds(2))
        // The same detector still works on a text the pattern handles.
        #expect(try detector.spans(in: Array("aaa c".utf8)).spans.contains(ProtectedSpan(range: 0..<3, kind: .custom("a+"))))
    }

    @Test("the error of a costly pattern: one line naming it")
    func costlyPatternDescription() {
        let error = CompressionError.protectionPatternTooCostly(pattern: "(a+)+$", reason: "its search took too long")
        #expect(error.description == #"protection pattern "(a+)+$" is too costly on this text: its search took too long"#
            + " (nested repeats such as (a+)+ backtrack without end)")
    }

    @Test("ordinary patterns over 250 KB: every match, as a simple scan finds them")
    func ordinaryPatternsOnLargeText() throws {
        var generator = SeededGenerator(seed: 7)
        var text: [UInt8] = []
        var tickets: [Range<Int>] = []
        var words = 0
        while text.count < 250_000 {
            let n = Int(generator.next() % 1000)
            let word = Array((n % 10 == 0 ? "ticket-\(n)" : "word\(n)").utf8)
            if n % 10 == 0 { tickets.append(text.count..<(text.count + word.count)) }
            words += n % 10 == 0 ? 2 : 1
            text += word + [UInt8(ascii: n % 7 == 0 ? "\n" : " ")]
        }
        let detector = try ProtectedSpanDetector(
            rules: ProtectionRules(kinds: [], customPatterns: [#"\bticket-\d+\b"#, #"(?i)TICKET-\d+"#]))
        #expect(try detector.spans(in: text).spans.map(\.range) == tickets)
        // A match at every word: dense matches stay within the limit.
        let everyWord = try ProtectedSpanDetector(rules: ProtectionRules(kinds: [], customPatterns: [#"\b\w+\b"#]))
        #expect(try everyWord.spans(in: text).count == words)
    }

    // MARK: Rules

    static let everything = """
        ```
        code
        ```
        `inline` https://example.com ann@example.org 5 km 2024-03-14 user_id42 {"a": 1} <b>x</b> <keep>k</keep> Why?
        """
    /// The range of "Why?" in `everything`.
    static let everythingQuestion = everything.utf8.count - 4..<everything.utf8.count

    @Test("a kind turned off is not reported", arguments: ProtectedSpan.Kind.builtIn)
    func kindTurnedOff(kind: ProtectedSpan.Kind) throws {
        let question = Self.everythingQuestion
        let all = try ProtectedSpanDetector().spans(in: Self.everything, question: question)
        #expect(all.contains { $0.kind == kind })
        let detector = ProtectedSpanDetector(kinds: ProtectionRules.Kinds.all.subtracting(ProtectionRules.Kinds(kind)))
        #expect(try !detector.spans(in: Self.everything, question: question).contains { $0.kind == kind })
        #expect(try ProtectedSpanDetector(kinds: []).spans(in: Self.everything, question: question).isEmpty)
    }

    // MARK: ProtectedSpans

    @Test("overlapping spans merge with the kind of the longest; touching spans stay apart")
    func merging() {
        let spans = ProtectedSpans(spans: [
            ProtectedSpan(range: 8..<12, kind: .url), ProtectedSpan(range: 2..<4, kind: .number),
            ProtectedSpan(range: 0..<10, kind: .json), ProtectedSpan(range: 12..<15, kind: .date),
            ProtectedSpan(range: 20..<20, kind: .email), ProtectedSpan(range: 30..<35, kind: .identifier),
            ProtectedSpan(range: 30..<35, kind: .custom("x")),
        ])
        #expect(spans.spans == [ProtectedSpan(range: 0..<12, kind: .json), ProtectedSpan(range: 12..<15, kind: .date),
                                ProtectedSpan(range: 30..<35, kind: .custom("x"))])
        #expect(spans.isProtected(5..<14) && spans.isProtected(0..<15) && !spans.isProtected(0..<16))
        #expect(!spans.isProtected(14..<31) && spans.overlaps(14..<31) && !spans.overlaps(15..<30))
        #expect(!spans.isProtected(3..<3) && !spans.overlaps(3..<3))
        #expect(spans.span(containing: 11)?.kind == .json && spans.span(containing: 15) == nil)
        #expect(spans.protectedByteCount == 20)
    }

    @Test("isProtected and overlaps agree with a byte map (seeded)", arguments: [1, 2, 3] as [UInt64])
    func queriesAgainstByteMap(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<50 {
            var raw: [ProtectedSpan] = []
            for _ in 0..<random.below(30) {
                let start = random.below(200)
                raw.append(ProtectedSpan(range: start..<start + random.below(12), kind: .number))
            }
            let spans = ProtectedSpans(spans: raw)
            var covered = [Bool](repeating: false, count: 230)
            for span in raw { for p in span.range { covered[p] = true } }
            #expect(spans.protectedByteCount == covered.filter { $0 }.count)
            for _ in 0..<200 {
                let start = random.below(220)
                let range = start..<start + random.below(10)
                #expect(spans.isProtected(range) == (!range.isEmpty && range.allSatisfy { covered[$0] }), "\(range)")
                #expect(spans.overlaps(range) == range.contains { covered[$0] }, "\(range)")
            }
        }
    }

    // MARK: Robustness

    @Test("empty input")
    func emptyInput() throws {
        let found = try ProtectedSpanDetector().spans(in: "")
        #expect(found.isEmpty && found.keepMarkers.isEmpty)
        #expect(try ProtectedSpanDetector().spans(in: [UInt8]()).isEmpty)
    }

    @Test("invalid UTF-8: no crash, ranges within the bytes (seeded)", arguments: [7, 8] as [UInt64])
    func invalidUTF8(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let pieces: [[UInt8]] = ["{", "}", "[", "]", "\"", "`", "```", "\n", "<", ">", "</", "/", "@", ".", "-", ":",
                                 "http://", "www.", "<keep>", "</keep>", "5", "2024-03-14", "a", "Z", " ", "_", "\\",
                                 "~", "$", "+", "(", ")", "%", "°", "€", "–", "\u{A0}"].map { Array($0.utf8) }
        let detector = try ProtectedSpanDetector(rules: ProtectionRules(customPatterns: ["[0-9]+"]))
        for round in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<random.below(400) {
                if random.below(3) == 0 {
                    bytes.append(UInt8(truncatingIfNeeded: random.next()))
                } else {
                    bytes += random.pick(pieces)
                }
            }
            let found = try detector.spans(in: bytes)
            Self.expectWellFormed(found, count: bytes.count, "round \(round)")
            if bytes.count > 10 {
                // Truncated in the middle of a sequence.
                let cut = Array(bytes[..<(bytes.count - 1)])
                Self.expectWellFormed(try detector.spans(in: cut), count: cut.count, "round \(round) cut")
            }
        }
    }

    @Test("the same text gives the same spans: String, [UInt8], buffer; repeated and concurrent")
    func determinism() async throws {
        let text = Self.everything + " +31 10 555 0142 March 14, 2024 <p>x</p> [{\"a\": [1]}]"
        let detector = ProtectedSpanDetector()
        let first = try detector.spans(in: text)
        #expect(try detector.spans(in: text) == first)
        #expect(try detector.spans(in: Array(text.utf8)) == first)
        #expect(try Array(text.utf8).withUnsafeBufferPointer { try detector.spans(in: $0) } == first)
        let bridged = NSString(string: text) as String  // not contiguous UTF-8
        #expect(try detector.spans(in: bridged) == first)
        let results = try await withThrowingTaskGroup(of: ProtectedSpans.self) { group in
            for _ in 0..<8 { group.addTask { try detector.spans(in: text) } }
            var all: [ProtectedSpans] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.allSatisfy { $0 == first })
    }

    // MARK: Pathological inputs

    /// 1 MiB inputs that would take quadratic time in a naive scanner, by name
    /// (the test log shows names, not megabytes).
    enum Pathological: String, CaseIterable, Sendable {
        case openBraces, openBrackets, openKeys, unclosedArrayOfObjects, bracketQuotes
        case backtickRun, backtickFence, alternatingBackticks, unclosedTicks
        case urlRun, wwwRun, openTags, unclosedAttributes, unclosedComments, lessThans
        case hyphenChain, abbreviations, commaDigits, atSigns, emails, slashes, dotSlashes, plusOnes, keepOpens

        static let size = 1 << 20

        /// `unit` repeated to at least `size` bytes, after `prefix`.
        static func repeated(_ unit: String, prefix: String = "") -> [UInt8] {
            var bytes = Array(prefix.utf8)
            bytes.reserveCapacity(size + unit.utf8.count)
            let unitBytes = Array(unit.utf8)
            while bytes.count < size { bytes += unitBytes }
            return bytes
        }

        var bytes: [UInt8] {
            switch self {
            case .openBraces: Self.repeated("{")
            case .openBrackets: Self.repeated("[")
            case .openKeys: Self.repeated("{\"a\":")
            case .unclosedArrayOfObjects: Self.repeated("{\"a\":1},", prefix: "[")
            case .bracketQuotes: Self.repeated("[\"")
            case .backtickRun: Self.repeated(" word", prefix: "x " + String(repeating: "`", count: 100_000) + " ")
            case .backtickFence: Self.repeated(" word", prefix: String(repeating: "`", count: 100_000) + "\n")
            case .alternatingBackticks: Self.repeated("`a")
            case .unclosedTicks: Self.repeated("` x\n\n")
            case .urlRun: Self.repeated("a", prefix: "http://")
            case .wwwRun: Self.repeated("a.", prefix: "www.")
            case .openTags: Self.repeated("<a>")
            case .unclosedAttributes: Self.repeated("<a b=\"")
            case .unclosedComments: Self.repeated("<!--")
            case .lessThans: Self.repeated("<")
            case .hyphenChain: Self.repeated("a-")
            case .abbreviations: Self.repeated("e.g.")
            case .commaDigits: Self.repeated("1,")
            case .atSigns: Self.repeated("a@")
            case .emails: Self.repeated("a@b.co ")
            case .slashes: Self.repeated("/a")
            case .dotSlashes: Self.repeated("./")
            case .plusOnes: Self.repeated("+1 ")
            case .keepOpens: Self.repeated("<keep>")
            }
        }
    }

    @Test("1 MiB pathological inputs finish (linear scanners) with the expected spans",
          arguments: Pathological.allCases)
    func pathological(_ input: Pathological) throws {
        let bytes = input.bytes
        let found = try ProtectedSpanDetector().spans(in: bytes)
        Self.expectWellFormed(found, count: bytes.count, input.rawValue)
        let kinds = Set(found.map(\.kind))
        let whole = [ProtectedSpan(range: 0..<bytes.count, kind: kinds.first ?? .number)]
        switch input {
        case .openBraces, .openBrackets, .openKeys, .bracketQuotes, .backtickRun, .unclosedTicks, .openTags,
             .unclosedAttributes, .unclosedComments, .lessThans, .hyphenChain, .abbreviations, .atSigns:
            #expect(found.isEmpty, "\(input): \(found.prefix(3))")
        case .unclosedArrayOfObjects:
            // The array never closes; each complete object in it is JSON.
            #expect(found.count == (bytes.count - 1) / 8 && kinds == [.json])
            #expect(found.first?.range == 1..<8)
        case .backtickFence:
            #expect(found.spans == [ProtectedSpan(range: 0..<bytes.count, kind: .fencedCode)])
        case .alternatingBackticks:
            #expect(found.count == bytes.count / 4 && kinds == [.inlineCode])
        case .urlRun:
            #expect(found.spans == [ProtectedSpan(range: 0..<bytes.count, kind: .url)])
        case .wwwRun:
            // The final period ends the sentence.
            #expect(found.spans == [ProtectedSpan(range: 0..<bytes.count - 1, kind: .url)])
        case .commaDigits:
            #expect(found.spans == [ProtectedSpan(range: 0..<bytes.count - 1, kind: .number)])
        case .emails:
            #expect(found.count == bytes.count / 7 + (bytes.count % 7 >= 6 ? 1 : 0) && kinds == [.email])
        case .slashes, .dotSlashes:
            #expect(found.spans == whole && kinds == [.identifier])
        case .plusOnes:
            #expect(found.count == (bytes.count + 1) / 3 && kinds == [.number])
        case .keepOpens:
            #expect(found.spans == [ProtectedSpan(range: 6..<bytes.count, kind: .keepRegion)])
            #expect(found.keepMarkers.count == bytes.count / 6)
        }
    }

    // MARK: Corpora

    /// The NaturalQuestions gold passages and the HotpotQA paragraphs of the
    /// shared corpora, or nil when they are missing.
    static func corpusTexts(_ file: String) throws -> [[UInt8]]? {
        guard let url = TestData.dataDirectory?.appendingPathComponent(file) else { return nil }
        let output = try runProcess("/bin/gzip", ["-dc", url.path])
        guard output.status == 0 else {
            Issue.record("gzip -dc \(url.path) failed: \(output.errorText)")
            return nil
        }
        var texts: [[UInt8]] = []
        for line in output.stdout.split(separator: UInt8(ascii: "\n")) {
            let record = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
            for context in record["ctxs"] as? [[String: Any]] ?? [] {
                texts.append(Array((context["text"] as? String ?? "").utf8))
            }
            for context in record["contexts"] as? [[String: Any]] ?? [] {
                texts.append(Array((context["paragraph_text"] as? String ?? "").utf8))
            }
        }
        return texts
    }

    @Test("real text: a small share protected, only known kinds, well-formed spans",
          arguments: ["essays", "nq-open-oracle.jsonl.gz", "hotpotqa-dev-distractor-500.jsonl.gz"])
    func corpus(name: String) throws {
        let texts = name == "essays" ? try TestData.essays() : try Self.corpusTexts(name)
        guard let texts, !texts.isEmpty else {
            #expect(!TestData.strict, "TERSIFY_STRICT_TESTS=1 but the corpora were not found (set TERSIFY_DATA)")
            print("ProtectedSpan corpus \(name): skipped, ../shared/corpora not found (set TERSIFY_DATA)")
            return
        }
        let detector = ProtectedSpanDetector()
        var total = 0
        var perKind: [String: Int] = [:]
        var longest: (count: Int, text: String) = (0, "")
        for (index, text) in texts.enumerated() {
            let found = try detector.spans(in: text)
            Self.expectWellFormed(found, count: text.count, "\(name) #\(index)")
            total += text.count
            for span in found {
                #expect(ProtectedSpan.Kind.builtIn.contains(span.kind) && span.kind != .question)
                perKind["\(span.kind)", default: 0] += span.range.count
                if span.range.count > longest.count {
                    longest = (span.range.count, String(decoding: text[span.range], as: UTF8.self))
                }
            }
        }
        let protected = perKind.values.reduce(0, +)
        let share = Double(protected) / Double(total)
        func percent(_ part: Int) -> String { String(format: "%.2f %%", 100 * Double(part) / Double(total)) }
        print("ProtectedSpan corpus \(name): \(texts.count) texts, \(total) bytes, \(percent(protected)) protected; "
              + perKind.sorted { $0.value > $1.value }.map { "\($0.key) \(percent($0.value))" }.joined(separator: ", ")
              + "; longest span \(longest.count) bytes: \(longest.text.prefix(80).debugDescription)")
        #expect(share < 0.15, "\(name): \(percent(protected)) of the bytes protected")
        #expect(longest.count < 200, "\(name): a span of \(longest.count) bytes")
    }
}
