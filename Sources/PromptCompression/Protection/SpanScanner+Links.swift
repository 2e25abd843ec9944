extension SpanScanner {
    // MARK: URLs

    /// The end of a URL starting at `i` (a word start), or nil.
    ///
    /// A URL starts with `http://`, `https://`, `ftp://`, `ftps://`,
    /// `sftp://`, `file://`, `mailto:` or `www.` (any case), and runs to a
    /// space or another byte that ends a link in prose (`isLinkStop`). Then
    /// trailing punctuation that ends the sentence is dropped (`.`, `,`, `;`,
    /// `:`, `!`, `?`, quotes, `*`), and so is a closing bracket that has no
    /// opening one in the URL:
    ///
    ///     see https://en.wikipedia.org/wiki/Swift_(programming_language).
    ///         ^ the URL keeps its balanced parentheses, not the period ^
    ///     (at https://example.com/a)   ->   https://example.com/a
    ///
    /// - Complexity: O(length of the URL); a start that is no scheme is
    ///   rejected after at most 8 bytes.
    func url(at i: Int) -> Int? {
        switch text[i] | 0x20 {
        case UInt8(ascii: "h"), UInt8(ascii: "f"), UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "w"): break
        default: return nil
        }
        var p: Int
        if matchesIgnoringCase("www.", at: i) {
            p = i + 4
            guard byte(at: p).isAlnum else { return nil }
        } else if matchesIgnoringCase("mailto:", at: i) {
            p = i + 7
            guard byte(at: p).isWordByte else { return nil }
        } else {
            guard let scheme = Self.schemes.first(where: { matchesIgnoringCase($0, at: i) }) else { return nil }
            p = i + scheme.count
            guard p < count, !isLinkStop(at: p) else { return nil }
        }
        var end = p
        while end < count, !isLinkStop(at: end) { end += 1 }
        end = endBeforeTrailingPunctuation(i..<end)
        return end > p ? end : nil
    }

    /// The schemes that start a URL (followed by `//`), lowercase.
    static let schemes: [[UInt8]] = ["https://", "http://", "ftp://", "ftps://", "sftp://", "file://"].map {
        Array($0.utf8)
    }

    /// The end of `run` without the punctuation that ends the sentence
    /// around a link: `.,;:!?'*` and closing brackets with no opening one
    /// in the run.
    func endBeforeTrailingPunctuation(_ run: Range<Int>) -> Int {
        var open = (paren: 0, bracket: 0, brace: 0)
        var close = (paren: 0, bracket: 0, brace: 0)
        for p in run {
            switch text[p] {
            case UInt8(ascii: "("): open.paren += 1
            case UInt8(ascii: ")"): close.paren += 1
            case UInt8(ascii: "["): open.bracket += 1
            case UInt8(ascii: "]"): close.bracket += 1
            case UInt8(ascii: "{"): open.brace += 1
            case UInt8(ascii: "}"): close.brace += 1
            default: break
            }
        }
        var end = run.upperBound
        while end > run.lowerBound {
            switch text[end - 1] {
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
                 UInt8(ascii: "?"), UInt8(ascii: "'"), UInt8(ascii: "*"):
                end -= 1
            case UInt8(ascii: ")") where close.paren > open.paren:
                close.paren -= 1
                end -= 1
            case UInt8(ascii: "]") where close.bracket > open.bracket:
                close.bracket -= 1
                end -= 1
            case UInt8(ascii: "}") where close.brace > open.brace:
                close.brace -= 1
                end -= 1
            default:
                return end
            }
        }
        return end
    }

    // MARK: E-mail

    /// The e-mail address around the `@` at `i`, or nil.
    ///
    /// The local part (ASCII letters, digits and `._%+-`, at most 64 bytes,
    /// not starting or ending with a period) starts at a word start; the
    /// domain has two or more labels of letters, digits and inner hyphens,
    /// the last one two or more letters, 253 bytes at most. A period after
    /// the address is not part of it: `Write to ann.lee@example.org.`
    ///
    /// - Complexity: O(1): at most 64 bytes back and 254 ahead.
    func email(at i: Int) -> Range<Int>? {
        var start = i
        while start > 0, i - start < 64, Self.isLocalPartByte(text[start - 1]) { start -= 1 }
        guard start < i, !(start > 0 && Self.isLocalPartByte(text[start - 1])), isWordStart(start) else {
            return nil
        }
        while start < i, text[start] == UInt8(ascii: ".") { start += 1 }
        guard start < i, text[i - 1] != UInt8(ascii: ".") else { return nil }
        var p = i + 1
        var labels = 0
        var end = p
        var lastLabel = p..<p
        while true {
            let labelStart = p
            while p < count, p - i <= 254, text[p].isAlnum || text[p] == UInt8(ascii: "-") { p += 1 }
            guard p > labelStart, p - i <= 254, text[labelStart] != UInt8(ascii: "-"),
                  text[p - 1] != UInt8(ascii: "-") else { break }
            labels += 1
            end = p
            lastLabel = labelStart..<p
            guard byte(at: p) == UInt8(ascii: "."), byte(at: p + 1).isAlnum else { break }
            p += 1
        }
        guard labels >= 2, lastLabel.count >= 2, lastLabel.allSatisfy({ text[$0].isLetter }), isWordEnd(end) else {
            return nil
        }
        return start..<end
    }

    /// A byte of an e-mail address's local part.
    static func isLocalPartByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: "-"): true
        default: byte.isAlnum
        }
    }

    // MARK: Paths

    /// A byte of a POSIX path: ASCII letters, digits, `._-~+@%=/`.
    static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "~"), UInt8(ascii: "+"),
             UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "="), UInt8(ascii: "/"):
            true
        default:
            byte.isAlnum
        }
    }

    /// The end of the run of path bytes starting at `p`, without trailing
    /// sentence punctuation.
    func endOfPathRun(from p: Int) -> Int {
        var q = p
        while q < count, Self.isPathByte(text[q]) { q += 1 }
        return endBeforeTrailingPunctuation(p..<q)
    }

    /// The end of a path that starts with `/`, `~/`, `./`, `../` or `\\`
    /// (a UNC path) at `i`, a word start; or nil.
    ///
    /// `/usr/lib/x.so`, `~/notes.txt`, `./a/b.txt`, `\\server\share`. A path
    /// from the root needs two segments or a file extension (`/x.so`), so
    /// that `/etc` alone and a slash in prose are not paths.
    ///
    /// - Complexity: O(length of the run of path bytes); a run that is no
    ///   path is not looked at again.
    mutating func absolutePath(at i: Int) -> Int? {
        guard i >= pathResume else { return nil }
        var p = i
        switch text[i] {
        case UInt8(ascii: "\\"):
            guard byte(at: i + 1) == UInt8(ascii: "\\"), byte(at: i + 2).isWordByte else { return nil }
            return endOfWindowsPath(from: i + 2)
        case UInt8(ascii: "~"):
            guard byte(at: i + 1) == UInt8(ascii: "/") else { return nil }
            p = i + 2
        case UInt8(ascii: "."):
            p = matches("../", at: i) ? i + 3 : matches("./", at: i) ? i + 2 : i
            guard p > i else { return nil }
        case UInt8(ascii: "/"):
            guard byte(at: i + 1).isWordByte || byte(at: i + 1) == UInt8(ascii: ".") else { return nil }
            let end = endOfPathRun(from: i)
            if isPath(i + 1..<end, separatorsBefore: 1) { return end }
            pathResume = end
            return nil
        default:
            return nil
        }
        guard byte(at: p).isWordByte || byte(at: p) == UInt8(ascii: ".") else { return nil }
        let end = endOfPathRun(from: p)
        return end > p ? end : nil
    }

    /// The end of a relative path starting at `i` (a word start, at an ASCII
    /// letter, digit or underscore), or nil.
    ///
    /// `src/main.swift`, `Sources/PromptCompression/`: one or more slashes,
    /// no empty segment, and either a file extension on the last segment or
    /// two slashes, the last at the end. `and/or`, `km/h`, `1/2` and
    /// `electronica/synthpop/ambient` (a list in prose) are not paths.
    ///
    /// - Complexity: O(length of the run of path bytes); a run that is no
    ///   path is not looked at again (hyphenated words are runs too).
    mutating func relativePath(at i: Int) -> Int? {
        guard i >= pathResume else { return nil }
        let end = endOfPathRun(from: i)
        if isPath(i..<end, separatorsBefore: 0), hasExtension(lastSegment(of: i..<end))
            || byte(at: end - 1) == UInt8(ascii: "/") { return end }
        pathResume = end
        return nil
    }

    /// Whether `run` (path bytes, starting after any leading slash) is a
    /// path: no empty segment except after a final slash, and either an
    /// extension (a period and 1–8 letters or digits with a letter) on the
    /// last segment with at least one slash in all, or two slashes and a
    /// letter.
    func isPath(_ run: Range<Int>, separatorsBefore: Int) -> Bool {
        var separators = separatorsBefore
        var segmentStart = run.lowerBound
        var hasLetter = false
        var lastSegment = run.lowerBound..<run.lowerBound
        for p in run {
            let byte = text[p]
            if byte == UInt8(ascii: "/") {
                if p == segmentStart { return false }
                separators += 1
                lastSegment = segmentStart..<p
                segmentStart = p + 1
            } else if byte.isLetter {
                hasLetter = true
            }
        }
        if segmentStart < run.upperBound { lastSegment = segmentStart..<run.upperBound }
        guard separators >= 1, hasLetter else { return false }
        return separators >= 2 || hasExtension(lastSegment)
    }

    /// The bytes after the last slash of `run`.
    func lastSegment(of run: Range<Int>) -> Range<Int> {
        var p = run.upperBound
        while p > run.lowerBound, text[p - 1] != UInt8(ascii: "/") { p -= 1 }
        return p..<run.upperBound
    }

    /// Whether a path segment ends with a period and 1–8 letters or digits,
    /// at least one a letter, after a non-empty name (`x.so`, `a.tar.gz`,
    /// `README.MD`); not a capitalized word (`i/o.It`, sentences glued by
    /// scraping).
    func hasExtension(_ segment: Range<Int>) -> Bool {
        var p = segment.upperBound
        var letter = false
        while p > segment.lowerBound, text[p - 1].isAlnum {
            letter = letter || text[p - 1].isLetter
            p -= 1
        }
        let length = segment.upperBound - p
        let capitalized = length >= 2 && text[p].isUpper && text[p + 1].isLower
        return letter && !capitalized && length >= 1 && length <= 8 && p - 1 > segment.lowerBound
            && text[p - 1] == UInt8(ascii: ".")
    }

    /// The end of a Windows path starting with a drive (`C:\`, `C:/`) at `i`, or nil.
    func windowsPath(at i: Int) -> Int? {
        guard byte(at: i + 1) == UInt8(ascii: ":"),
              byte(at: i + 2) == UInt8(ascii: "\\") || byte(at: i + 2) == UInt8(ascii: "/") else { return nil }
        return Swift.max(i + 3, endOfWindowsPath(from: i + 3))
    }

    /// The end of the rest of a Windows path from `p`: up to a space or a
    /// byte that ends a link, or one of `|?*`, without trailing punctuation.
    func endOfWindowsPath(from p: Int) -> Int {
        var q = p
        while q < count, !isLinkStop(at: q), text[q] != UInt8(ascii: "|"), text[q] != UInt8(ascii: "?"),
              text[q] != UInt8(ascii: "*") { q += 1 }
        return endBeforeTrailingPunctuation(p..<q)
    }
}
