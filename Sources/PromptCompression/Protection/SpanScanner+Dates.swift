extension SpanScanner {
    /// The end of a date starting with digits at `i` (a word start), or nil.
    ///
    ///     2024-03-14   2024-03-14T10:00:00Z   2024-03-14 10:00   2024/03/14
    ///     14/03/2024   3/14/24   14.03.2024   14-03-2024
    ///     14 March 2024   14th of March, 2024   14 Mar   1 May
    ///
    /// Month and day are checked (1–12, 1–31; in `a/b/y` either may be the
    /// month). Day-first forms with periods or hyphens need a four-digit year,
    /// so that versions (`1.2.3`) and ranges stay numbers.
    ///
    /// - Complexity: O(1): at most about 40 bytes are read.
    func numericDate(at i: Int) -> Int? {
        let firstEnd = endOfDigits(from: i)
        let firstCount = firstEnd - i
        guard firstCount <= 4 else { return nil }
        let separator = byte(at: firstEnd)
        let isSeparator = separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/")
            || separator == UInt8(ascii: ".")
        if firstCount == 4, isSeparator {
            let monthEnd = endOfDigits(from: firstEnd + 1)
            guard (1...2).contains(monthEnd - firstEnd - 1), byte(at: monthEnd) == separator else { return nil }
            let dayEnd = endOfDigits(from: monthEnd + 1)
            guard (1...2).contains(dayEnd - monthEnd - 1),
                  (1...12).contains(value(of: firstEnd + 1..<monthEnd)),
                  (1...31).contains(value(of: monthEnd + 1..<dayEnd)) else { return nil }
            let end = separator == UInt8(ascii: "-") ? endOfTimeOfDay(from: dayEnd) : dayEnd
            return isNumberEnd(end) ? end : nil
        }
        guard (1...2).contains(firstCount) else { return nil }
        if isSeparator {
            let secondEnd = endOfDigits(from: firstEnd + 1)
            guard (1...2).contains(secondEnd - firstEnd - 1), byte(at: secondEnd) == separator else { return nil }
            let yearEnd = endOfDigits(from: secondEnd + 1)
            let yearDigits = yearEnd - secondEnd - 1
            guard yearDigits == 4 || (yearDigits == 2 && separator == UInt8(ascii: "/")) else { return nil }
            let a = value(of: i..<firstEnd), b = value(of: firstEnd + 1..<secondEnd)
            guard (1...31).contains(a), (1...31).contains(b), a <= 12 || b <= 12 else { return nil }
            return isNumberEnd(yearEnd) ? yearEnd : nil
        }
        // 14 March 2024, 14th of March, 2024
        guard (1...31).contains(value(of: i..<firstEnd)) else { return nil }
        var q = firstEnd + ordinalLength(at: firstEnd)
        let space = numberSpaceLength(at: q)
        guard space > 0 else { return nil }
        q += space
        if matches("of ", at: q) { q += 3 }
        let month = monthNameLength(at: q)
        guard month > 0 else { return nil }
        q += month
        return endOfYear(after: q) ?? q
    }

    /// The end of a date starting with a weekday or month name at `i` (a
    /// word start), or nil.
    ///
    ///     March 14, 2024   March 14 2024   Mar. 14   March 14th   March 2024
    ///     Mar 2024   Monday, March 14, 2024   Thu 14 March 2024
    ///
    /// Month names are English, full or abbreviated (`Sept` too), with a
    /// capital first letter; a month alone (`in May`) is not a date.
    ///
    /// - Complexity: O(1).
    func dateStartingWithName(at i: Int) -> Int? {
        switch text[i] {
        case UInt8(ascii: "M"), UInt8(ascii: "T"), UInt8(ascii: "W"), UInt8(ascii: "F"), UInt8(ascii: "S"):
            let weekday = weekdayNameLength(at: i)
            if weekday > 0 {
                var q = i + weekday
                if byte(at: q) == UInt8(ascii: ",") { q += 1 }
                let space = numberSpaceLength(at: q)
                guard space > 0 else { return nil }
                q += space
                if byte(at: q).isDigit { return numericDate(at: q) }
                return monthFirstDate(at: q)
            }
        default:
            break
        }
        return monthFirstDate(at: i)
    }

    /// The end of `March 14, 2024`, `March 14` or `March 2024` at `i`, or nil.
    func monthFirstDate(at i: Int) -> Int? {
        let month = monthNameLength(at: i)
        guard month > 0 else { return nil }
        var q = i + month
        let space = numberSpaceLength(at: q)
        guard space > 0 else { return nil }
        q += space
        let digitsEnd = endOfDigits(from: q)
        switch digitsEnd - q {
        case 1, 2:
            guard (1...31).contains(value(of: q..<digitsEnd)) else { return nil }
            let day = digitsEnd + ordinalLength(at: digitsEnd)
            if let year = endOfYear(after: day) { return year }
            return isNumberEnd(day) ? day : nil
        case 4:
            return isNumberEnd(digitsEnd) ? digitsEnd : nil
        default:
            return nil
        }
    }

    /// The end of `, 2024` or ` 2024` (four digits, then no digit or letter
    /// except a capitalized word glued on) at `p`, or nil.
    func endOfYear(after p: Int) -> Int? {
        var q = p
        if byte(at: q) == UInt8(ascii: ",") { q += 1 }
        let space = numberSpaceLength(at: q)
        guard space > 0 else { return nil }
        q += space
        let end = endOfDigits(from: q)
        return end - q == 4 && isNumberEnd(end) ? end : nil
    }

    /// The end of a time after an ISO date ending at `p`: `T` or a space,
    /// `hh:mm`, optional `:ss` and fraction, and `Z` or an offset; `p` if
    /// there is none.
    func endOfTimeOfDay(from p: Int) -> Int {
        let separator = byte(at: p)
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " "),
              endOfDigits(from: p + 1) == p + 3, let time = endOfClockTime(from: p + 3) else { return p }
        var end = time
        let sign = byte(at: end)
        if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), endOfDigits(from: end + 1) == end + 3 {
            end += 3
            if byte(at: end) == UInt8(ascii: ":"), endOfDigits(from: end + 1) == end + 3 {
                end += 3
            } else if endOfDigits(from: end) == end + 2 {
                end += 2
            }
        }
        return end
    }

    /// Whether a number or date ends before `p`: a word ends there, or a
    /// capitalized word is glued on (`July 2010What`, a scraping artifact).
    func isNumberEnd(_ p: Int) -> Bool {
        isWordEnd(p) || (byte(at: p).isUpper && byte(at: p + 1).isLower)
    }

    /// The length of `st`, `nd`, `rd` or `th` at `p` followed by no letter or digit; 0 if none.
    func ordinalLength(at p: Int) -> Int {
        wordLength(of: Self.ordinals, at: p)
    }

    static let ordinals: [[UInt8]] = ["st", "nd", "rd", "th"].map { Array($0.utf8) }

    /// The length of an English month name at `p`, capitalized or in
    /// capitals, with the period of an abbreviation; 0 if none.
    func monthNameLength(at p: Int) -> Int {
        guard byte(at: p).isUpper else { return 0 }
        return nameLength(of: Self.monthNames, at: p)
    }

    /// The length of an English weekday name at `p` (see `monthNameLength`).
    func weekdayNameLength(at p: Int) -> Int {
        guard byte(at: p).isUpper else { return 0 }
        return nameLength(of: Self.weekdayNames, at: p)
    }

    /// The length of the first of `names` (lowercase) at `p` in any case,
    /// followed by no letter, plus a period after it when there is one and
    /// the name is an abbreviation (four letters or fewer, except `May`,
    /// `June` and `July`); 0 if none.
    func nameLength(of names: [[UInt8]], at p: Int) -> Int {
        let first = byte(at: p) | 0x20
        for name in names where name[0] == first && matchesIgnoringCase(name, at: p) {
            let end = p + name.count
            guard !byte(at: end).isLetter else { continue }
            let isAbbreviation = name.count <= 4 && name != Self.may && name != Self.june && name != Self.july
            return isAbbreviation && byte(at: end) == UInt8(ascii: ".") ? end + 1 - p : end - p
        }
        return 0
    }

    static let may = Array("may".utf8), june = Array("june".utf8), july = Array("july".utf8)

    static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec",
    ].map { Array($0.utf8) }

    static let weekdayNames: [[UInt8]] = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tues", "tue", "wed", "thurs", "thur", "thu", "fri", "sat", "sun",
    ].map { Array($0.utf8) }
}
