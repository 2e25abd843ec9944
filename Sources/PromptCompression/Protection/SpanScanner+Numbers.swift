extension SpanScanner {
    /// The end of a number starting at `i` (a word start), or nil.
    ///
    /// A number is a core of digits with its attachments:
    ///
    ///     sign or currency   -5  −5  +5  $5  €5  £5  US$5  USD 12  Rs 500
    ///     core               1,000,000  1.000.000  1 000 000 (no-break or thin
    ///                        spaces)  3.14  3,5  1.2.3  10.0.0.1  1'000
    ///     time or fraction   06:00  10:00:00.5  1/2
    ///     attached suffix    10kg  3.5GHz  1st  2nd  1990s  4K  5%  25°C  5€  18+
    ///     range              10–20  10-20  $5–$10  1914 – 1918  555-123-4567
    ///     spaced units       5 km  25 °C  120 mph  5 €  9,000 TEU  150 million USD
    ///     clock              5 p.m.  10 am
    ///
    /// and phone numbers with a country code (`+31 10 555 0142`) or an area
    /// code in parentheses (`(555) 123-4567`). Letters glued to the digits
    /// that are no unit (`2a8d601d`) make the word an identifier instead (nil
    /// here); a capitalized word glued to the digits (`2010What`, a scraping
    /// artifact) is not part of the number.
    ///
    /// - Complexity: O(length of the number); a failed start looks at most a
    ///   few bytes ahead.
    func number(at i: Int) -> Int? {
        var p = i
        let first = text[i]
        switch first {
        case UInt8(ascii: "+"):
            guard byte(at: i + 1).isDigit else { return nil }
            if let end = internationalPhoneNumber(from: i + 1) { return end }
            p = i + 1
        case UInt8(ascii: "-"):
            p = i + 1
        case UInt8(ascii: "("):
            return bracketedPhoneNumber(at: i)
        case 0xE2 where byte(at: i + 1) == 0x88 && byte(at: i + 2) == 0x92:  // U+2212 minus sign
            p = i + 3
        default:
            if first.isUpper {
                p = afterCurrencyCode(at: i)
                guard p > i else { return nil }
            } else {
                let symbol = currencySymbolLength(at: i)
                if symbol > 0 {
                    p = i + symbol
                    if !byte(at: p).isDigit { p += numberSpaceLength(at: p) }
                }
            }
        }
        guard byte(at: p).isDigit else { return nil }
        return endOfNumber(from: p)
    }

    /// The end of a number whose first digit is at `p`; nil if letters glued
    /// to it make it an identifier.
    func endOfNumber(from p: Int) -> Int? {
        var end = endOfCore(from: p)
        let isPlainInteger = end == endOfDigits(from: p)
        var isClock = isPlainInteger && end - p <= 2
        if isClock, byte(at: end) == UInt8(ascii: ":"), let time = endOfClockTime(from: end) {
            end = time
        } else {
            isClock = isClock && value(of: p..<end) <= 24
            if byte(at: end) == UInt8(ascii: "/"), byte(at: end + 1).isDigit {
                let denominator = endOfDigits(from: end + 1)
                if byte(at: denominator) != UInt8(ascii: "/") { end = denominator }
            }
        }
        let isYear = isPlainInteger && end - p == 4 && (1000...2999).contains(value(of: p..<end))
        guard let suffixEnd = endOfSuffix(from: end, afterYear: isYear) else { return nil }
        let isBareYear = isYear && suffixEnd == end
        end = suffixEnd

        // Ranges: 10–20, 10-20, $5–$10, 1914 – 1918, 555-123-4567.
        while true {
            var q = end
            let spaced = matches(" \u{2013} ", at: q)
            let dash = spaced ? 5 : rangeDashLength(at: q)
            guard dash > 0 else { break }
            q += dash
            q += currencySymbolLength(at: q)
            guard byte(at: q).isDigit, let next = endOfSuffix(from: endOfCore(from: q), afterYear: false) else { break }
            end = next
        }

        if isClock, let meridiem = endOfMeridiem(from: end) { return meridiem }
        return endOfSpacedUnits(from: end, afterYear: isBareYear)
    }

    /// The end of the digits at `p` with their grouping and decimal parts:
    /// `,` `.` or `'` before more digits, or a no-break or thin space before
    /// exactly three digits.
    func endOfCore(from p: Int) -> Int {
        var q = endOfDigits(from: p)
        while true {
            let separator = byte(at: q)
            if separator == UInt8(ascii: ".") || separator == UInt8(ascii: ",") {
                guard byte(at: q + 1).isDigit else { return q }
                q = endOfDigits(from: q + 1)
                continue
            }
            let space = separator == UInt8(ascii: "'") ? 1 : groupSpaceLength(at: q)
            guard space > 0, endOfDigits(from: q + space) == q + space + 3 else { return q }
            q += space + 3
        }
    }

    /// The end of `:mm`, `:mm:ss` and `.fff` at `p` (a colon), or nil.
    func endOfClockTime(from p: Int) -> Int? {
        var q = p
        var parts = 0
        while parts < 2, byte(at: q) == UInt8(ascii: ":"), endOfDigits(from: q + 1) == q + 3 {
            q += 3
            parts += 1
        }
        guard parts > 0 else { return nil }
        if byte(at: q) == UInt8(ascii: "."), byte(at: q + 1).isDigit { q = endOfDigits(from: q + 1) }
        if byte(at: q) == UInt8(ascii: "Z"), isWordEnd(q + 1) { q += 1 }
        return q
    }

    /// The end of what is glued to the digits ending at `p`: a unit or
    /// ordinal (`kg`, `GHz`, `1st`, `1990s`, `4K`, `1920x1080`, `1e10`), `%`,
    /// `‰`, a degree sign with `C`, `F` or `K`, a currency sign, or `+`;
    /// `p` if nothing is. Nil when letters glued to the digits are no unit
    /// (`5abc7`, `12_b`): the word is an identifier. After a year, capitals
    /// are the next word glued on by scraping (`2009I was`), not a unit.
    func endOfSuffix(from p: Int, afterYear: Bool) -> Int? {
        let first = byte(at: p)
        if first.isLetter {
            var q = p
            while q < count, text[q].isLetter { q += 1 }
            let letters = q - p
            if byte(at: q).isDigit {
                // 1920x1080, 1e10: one x or e between digit runs.
                guard letters == 1, first == UInt8(ascii: "x") || first == UInt8(ascii: "e") else { return nil }
                let end = endOfDigits(from: q)
                return isWordEnd(end) ? end : nil
            }
            guard byte(at: q) != UInt8(ascii: "_") else { return nil }
            if wordLength(of: Self.gluedUnits, at: p) == letters { return q }
            if letters >= 2, first.isUpper, text[p + 1].isLower { return p }  // 2010What
            var lower = true, upper = true
            for r in p..<q {
                lower = lower && text[r].isLower
                upper = upper && text[r].isUpper
            }
            if upper && afterYear { return p }
            return (lower || upper) && letters <= 4 ? q : nil
        }
        if first == UInt8(ascii: "_") { return nil }
        if first == UInt8(ascii: "%") { return p + 1 }
        if first == UInt8(ascii: "+"), isWordEnd(p + 1), !byte(at: p + 1).isDigit { return p + 1 }
        if matches("\u{2030}", at: p) { return p + 3 }  // per mille
        if matches("\u{B0}", at: p) { return endOfDegrees(from: p) }
        return p + currencySymbolLength(at: p)
    }

    /// The end of a degree sign at `p` and a `C`, `F` or `K` after it.
    func endOfDegrees(from p: Int) -> Int {
        let scale = byte(at: p + 2)
        let hasScale = scale == UInt8(ascii: "C") || scale == UInt8(ascii: "F") || scale == UInt8(ascii: "K")
        return hasScale && isWordEnd(p + 3) ? p + 3 : p + 2
    }

    /// The end of up to two words after a number, each after one space,
    /// that are units, multipliers or currencies (`5 km`, `25 °C`,
    /// `150 million USD`); `p` if none. Two to five capital letters (`TEU`,
    /// `SEK`) count as a unit unless the number looks like a year: after
    /// "In 2019 NASA" the acronym starts a new phrase.
    func endOfSpacedUnits(from p: Int, afterYear: Bool) -> Int {
        var end = p
        for _ in 0..<2 {
            let space = numberSpaceLength(at: end)
            guard space > 0 else { break }
            let unit = end + space
            let length = spacedUnitLength(at: unit, afterYear: afterYear && end == p)
            guard length > 0 else { break }
            end = unit + length
        }
        return end
    }

    /// The length of a unit word or sign at `p` (see `endOfSpacedUnits`), 0 if none.
    func spacedUnitLength(at p: Int, afterYear: Bool) -> Int {
        let first = byte(at: p)
        if first == UInt8(ascii: "%") { return 1 }
        if matches("\u{2030}", at: p) { return 3 }
        if matches("\u{B0}", at: p) { return endOfDegrees(from: p) - p }
        let currency = currencySymbolLength(at: p)
        if currency > 0 { return currency }
        guard first.isLetter || first == 0xC2 else { return 0 }  // µ
        let word = wordLength(of: Self.spacedUnitsByFirstByte[Int(first)], at: p)
        if word > 0 { return word }
        guard first.isUpper else { return 0 }
        if afterYear { return wordLength(of: Self.eras, at: p) }
        var q = p
        while q < count, text[q].isUpper { q += 1 }
        return q - p >= 2 && q - p <= 5 && isWordEnd(q) ? q - p : 0
    }

    /// The end of `a.m.`, `p.m.`, `am`, `pm` (any case), after an optional
    /// space, at `p`; nil if none.
    func endOfMeridiem(from p: Int) -> Int? {
        let q = p + numberSpaceLength(at: p)
        let first = byte(at: q) | 0x20
        guard first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else { return nil }
        if byte(at: q + 1) == UInt8(ascii: "."), byte(at: q + 2) | 0x20 == UInt8(ascii: "m"),
           byte(at: q + 3) == UInt8(ascii: ".") { return q + 4 }
        return byte(at: q + 1) | 0x20 == UInt8(ascii: "m") && isWordEnd(q + 2) ? q + 2 : nil
    }

    /// The length of a currency sign at `p`: `$`, `¢`, `£`, `¥`, or one of
    /// U+20A0–U+20C0 (`€`, `₹`, `₽`, `₩`…); 0 if none.
    func currencySymbolLength(at p: Int) -> Int {
        switch byte(at: p) {
        case UInt8(ascii: "$"): return 1
        case 0xC2:
            let next = byte(at: p + 1)
            return next == 0xA2 || next == 0xA3 || next == 0xA5 ? 2 : 0
        case 0xE2:
            let last = byte(at: p + 2)
            return byte(at: p + 1) == 0x82 && last >= 0xA0 && last <= 0xC0 ? 3 : 0
        default: return 0
        }
    }

    /// Where the digits start after a currency code at `i`: `US$`, `HK$`
    /// (one to three capitals and `$`), or `USD`, `EUR`, `Rs`… and an
    /// optional space (`USD 12`, `EUR12`); `i` if there is none.
    func afterCurrencyCode(at i: Int) -> Int {
        var q = i
        while q < count, q - i < 3, text[q].isUpper { q += 1 }
        if byte(at: q) == UInt8(ascii: "$"), byte(at: q + 1).isDigit { return q + 1 }
        for code in Self.currencyCodes where code[0] == text[i] && matches(code, at: i) {
            var p = i + code.count
            guard isWordEnd(p) || byte(at: p).isDigit else { continue }
            p += numberSpaceLength(at: p)
            if byte(at: p).isDigit { return p }
        }
        return i
    }

    /// The end of a phone number with a country code, from the first digit
    /// after `+` at `p`: groups of digits joined by single spaces, hyphens,
    /// periods or `(0)`, 7 to 15 digits in all; nil if fewer.
    func internationalPhoneNumber(from p: Int) -> Int? {
        var q = endOfDigits(from: p)
        var digits = q - p
        var end = q
        while digits < 15 {
            var next = q
            if matches(" (0)", at: next) { next += 4 }
            let separator = byte(at: next)
            if separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") {
                next += 1
            } else if next == q {
                break
            }
            let groupEnd = endOfDigits(from: next)
            guard groupEnd > next, digits + groupEnd - next <= 15 else { break }
            digits += groupEnd - next
            q = groupEnd
            end = q
        }
        return digits >= 7 && isWordEnd(end) ? end : nil
    }

    /// The end of a phone number like `(555) 123-4567` at `i` (an opening
    /// parenthesis), or nil.
    func bracketedPhoneNumber(at i: Int) -> Int? {
        let area = endOfDigits(from: i + 1)
        guard (2...4).contains(area - i - 1), byte(at: area) == UInt8(ascii: ")") else { return nil }
        var q = area + 1
        if byte(at: q) == UInt8(ascii: " ") { q += 1 }
        let exchange = endOfDigits(from: q)
        guard (3...4).contains(exchange - q) else { return nil }
        let separator = byte(at: exchange)
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: " ") || separator == UInt8(ascii: ".") else {
            return nil
        }
        let line = endOfDigits(from: exchange + 1)
        return line - exchange - 1 == 4 && isWordEnd(line) ? line : nil
    }

    /// Units glued to digits whose case is mixed (all-lowercase and
    /// all-uppercase ones of up to four letters are accepted anyway).
    static let gluedUnits: [[UInt8]] = [
        "GHz", "MHz", "kHz", "Hz", "kWh", "MWh", "GWh", "mAh", "Mbps", "Gbps", "kbps", "GiB", "MiB", "KiB", "TiB",
        "kB", "dB", "mL", "kW", "mV", "kV", "mA", "kPa", "hPa", "MPa", "Pa",
    ].map { Array($0.utf8) }

    /// Words that follow a number after a space as its unit, multiplier or
    /// scale, case-sensitive. Single letters that are common words (`A`,
    /// `I`, `a`, `s`, `h`, `in`) are left out.
    static let spacedUnits: [[UInt8]] = [
        "percent", "per cent", "million", "billion", "trillion", "thousand", "hundred", "crore", "lakh", "degrees",
        "km/h", "km²", "km2", "km", "cm", "mm", "nm", "\u{B5}m", "m²", "m/s", "m", "kg", "mg", "\u{B5}g", "g",
        "lbs", "lb", "oz", "ft", "mi", "yd", "mph", "kph", "ms", "\u{B5}s", "ns", "mins", "min", "secs", "sec",
        "hrs", "hr", "ml", "mL", "cl", "L", "ha", "kcal", "cal", "bp", "kb", "px", "pt", "rpm", "fps", "psi",
        "GHz", "MHz", "kHz", "Hz", "kWh", "kW", "MW", "GW", "W", "mV", "kV", "V", "mAh", "mA", "dB", "kPa", "hPa",
        "MPa", "Pa", "K", "keV", "MeV", "GeV", "TeV", "eV", "GiB", "MiB", "KiB", "TiB", "kB", "Mbps", "Gbps", "kbps",
    ].map { Array($0.utf8) }

    /// `spacedUnits` by their first byte.
    static let spacedUnitsByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for unit in spacedUnits { table[Int(unit[0])].append(unit) }
        return table
    }()

    /// Eras and time zones that may follow a year.
    static let eras: [[UInt8]] = ["BCE", "BC", "CE", "AD", "UTC", "GMT"].map { Array($0.utf8) }

    /// Currency codes that may come before an amount.
    static let currencyCodes: [[UInt8]] = [
        "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "INR", "RUB",
        "BRL", "ZAR", "KRW", "MXN", "SGD", "HKD", "PLN", "TRY", "CZK", "HUF", "ILS", "AED", "SAR", "Rs",
    ].map { Array($0.utf8) }
}
