// CICU: a small C shim over the system ICU (libicu-dev, ICU 72) that finds
// sentence and word boundaries in UTF-8 text, and matches regular
// expressions under time and memory limits.
//
// Swift's Foundation carries its own copy of the ICU headers, so this public
// header includes no ICU header: it exports plain C functions with the
// project's own types, and only cicu.c includes <unicode/...>.
//
// Conventions shared by the boundary functions:
//
// - Offsets are byte offsets into the UTF-8 input. Each function writes the
//   *end* of every segment, in increasing order: for "Hi. Yo." the sentence
//   ends are [4, 7], so the segments are 0..<4 and 4..<7. Empty input has no
//   segments. Non-empty input always ends with `length`, and every offset is
//   in 1...length and greater than the one before it, whatever the bytes are.
// - Invalid UTF-8 is read the way ICU's UTF-8 UText reads it: each ill-formed
//   subsequence counts as one U+FFFD, so boundaries fall between whole
//   (possibly ill-formed) sequences and never inside a valid character.
// - Capacity follows ICU's preflighting convention: the return value is the
//   number of segments found. When it is larger than `capacity`, only the first
//   `capacity` offsets were written and `*status` is 15
//   (U_BUFFER_OVERFLOW_ERROR); call again with at least that capacity.
//   `capacity` 0 with NULL arrays only counts.
// - On failure the return value is -1 and `*status` holds the ICU error code
//   (a positive UErrorCode; `tersify_icu_error_name` names it). Input longer
//   than TERSIFY_ICU_MAX_LENGTH fails with 8 (U_INDEX_OUTOFBOUNDS_ERROR),
//   because ICU's break iterators report positions as 32-bit integers.
//   On success `*status` is 0 (ICU's warnings, such as falling back to the
//   root locale's rules, are not reported).
// - `locale` is an ICU locale ID such as "en", "de_CH" or "ja"; NULL means
//   the root locale (no language-specific data).
// - The functions are thread-safe. Break iterators are opened once per
//   (kind, locale) and cloned for each call (opening a sentence iterator with
//   suppressions costs about 240 us, a clone under 1 us).

#ifndef TERSIFY_CICU_H
#define TERSIFY_CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The longest input, in bytes, that the boundary functions accept.
#define TERSIFY_ICU_MAX_LENGTH 2147483647

/// What a word segment is made of, from ICU's word-break rule status
/// (`ubrk_getRuleStatus`, the UWordBreak ranges).
typedef enum tersify_word_kind {
    /// Spaces, punctuation, symbols, emoji: UBRK_WORD_NONE (0..<100).
    TERSIFY_WORD_OTHER = 0,
    /// A number such as "42" or "3.14": UBRK_WORD_NUMBER (100..<200).
    TERSIFY_WORD_NUMBER = 1,
    /// Letters, such as "It's" or "dit-il": UBRK_WORD_LETTER (200..<300).
    TERSIFY_WORD_LETTERS = 2,
    /// Kana: UBRK_WORD_KANA (300..<400).
    TERSIFY_WORD_KANA = 3,
    /// Ideographs, and every word that ICU's CJK dictionary finds (kana
    /// included): UBRK_WORD_IDEO (400..<500).
    TERSIFY_WORD_IDEOGRAPHIC = 4,
} tersify_word_kind;

/// Finds the sentences of UTF-8 text with ICU's sentence break iterator
/// (UAX #29 plus the locale's tailoring).
///
/// Unless `locale` already sets the `ss` keyword, the iterator is opened with
/// `@ss=standard`: ICU's sentence-break suppressions, which keep the locale's
/// listed abbreviations ("Mr.", "Prof.", "vs." in English; "Dr." in German)
/// from ending a sentence. `"en@ss=none"` turns them off.
///
///     int64_t ends[8]; int32_t status;
///     int32_t n = tersify_sentence_breaks((const uint8_t *)"Hi. Yo.", 7, "en", ends, 8, &status);
///     // n == 2, ends == {4, 7}, status == 0
///
/// - Parameters:
///   - utf8: The text; may be NULL when `length` is 0.
///   - length: The number of bytes, 0...TERSIFY_ICU_MAX_LENGTH.
///   - locale: An ICU locale ID, or NULL for the root locale.
///   - offsets: Receives the end offset of each sentence.
///   - capacity: The number of elements `offsets` holds.
///   - join_blank: When nonzero, a sentence of ASCII white space only (a
///     run of blank lines) joins the sentence before it (the one after it
///     at the start of the text) instead of standing alone.
///   - status: Receives 0, 15 when `capacity` is too small, or an ICU error code.
/// - Returns: The number of sentences, or -1 on failure.
/// - Complexity: O(length).
int32_t tersify_sentence_breaks(const uint8_t *utf8, int64_t length, const char *locale,
                                int64_t *offsets, int32_t capacity, int32_t join_blank, int32_t *status);

/// The abbreviations after which ICU's sentence-break suppressions
/// (`@ss=standard`) keep a sentence going for `locale`: the strings of the
/// locale's `exceptions/SentenceBreak` break-iterator data ("Mr.", "U.S."),
/// as UTF-8, each followed by a NUL byte.
///
/// - Parameters:
///   - locale: An ICU locale ID without keywords, or NULL for the root locale.
///   - utf8: Receives the strings; may be NULL when `capacity` is 0.
///   - capacity: The bytes `utf8` holds.
///   - status: Receives 0, 15 when `capacity` is too small, or an ICU error
///     code (2, U_MISSING_RESOURCE_ERROR, when the locale has no list).
/// - Returns: The bytes the strings take, or -1 on failure.
int64_t tersify_sentence_suppressions(const char *locale, uint8_t *utf8, int64_t capacity, int32_t *status);

/// Finds the word segments of UTF-8 text with ICU's word break iterator, and
/// what each segment is made of.
///
/// Words and the spaces and punctuation between them are all segments; `kinds`
/// tells them apart. Chinese, Japanese, Thai and other scripts without spaces
/// are split into words with ICU's dictionaries.
///
///     int64_t ends[8]; uint8_t kinds[8]; int32_t status;
///     int32_t n = tersify_word_breaks((const uint8_t *)"Hi 42", 5, "en", ends, kinds, 8, &status);
///     // n == 3, ends == {2, 3, 5},
///     // kinds == {TERSIFY_WORD_LETTERS, TERSIFY_WORD_OTHER, TERSIFY_WORD_NUMBER}
///
/// - Parameters:
///   - utf8: The text; may be NULL when `length` is 0.
///   - length: The number of bytes, 0...TERSIFY_ICU_MAX_LENGTH.
///   - locale: An ICU locale ID, or NULL for the root locale.
///   - offsets: Receives the end offset of each segment.
///   - kinds: Receives a `tersify_word_kind` for each segment.
///   - capacity: The number of elements `offsets` and `kinds` each hold.
///   - status: Receives 0, 15 when `capacity` is too small, or an ICU error code.
/// - Returns: The number of segments, or -1 on failure.
/// - Complexity: O(length) (dictionary segmentation looks at most a few dozen
///   characters ahead).
int32_t tersify_word_breaks(const uint8_t *utf8, int64_t length, const char *locale,
                            int64_t *offsets, uint8_t *kinds, int32_t capacity, int32_t *status);

// MARK: Regular expressions

/// A compiled ICU regular expression (`URegularExpression`), shared by any
/// number of threads: every search works on its own clone.
typedef struct tersify_regex tersify_regex;

/// The ICU status of a search stopped by its time limit (U_REGEX_TIME_OUT).
#define TERSIFY_REGEX_TIME_OUT 66322
/// The ICU status of a search stopped by its backtracking memory limit
/// (U_REGEX_STACK_OVERFLOW).
#define TERSIFY_REGEX_STACK_OVERFLOW 66321

/// Compiles a regular expression in ICU's syntax (the one
/// `NSRegularExpression` takes), with no flags.
///
/// - Parameters:
///   - pattern: The pattern as UTF-8.
///   - length: Its length in bytes.
///   - status: Receives 0, or the ICU error code (such as 66325,
///     U_REGEX_MISSING_CLOSE_BRACKET; `tersify_icu_error_name` names it).
/// - Returns: The compiled expression, or NULL on failure. Free it with
///   `tersify_regex_close`.
tersify_regex *tersify_regex_open(const uint8_t *pattern, int64_t length, int32_t *status);

/// Frees a compiled expression; NULL is allowed.
void tersify_regex_close(tersify_regex *regex);

/// Flags of `tersify_regex_open_flags`.
enum {
    /// Oniguruma's (Hugging Face tokenizers') reading of anchors and dots:
    /// `^` and `$` match at every line start and end, and `\n` is the only
    /// line terminator (`.` matches `\r`; ICU's UREGEX_MULTILINE and
    /// UREGEX_UNIX_LINES).
    TERSIFY_REGEX_LINE_ANCHORS = 1,
};

/// Compiles a regular expression in ICU's syntax with `TERSIFY_REGEX_*` flags
/// (0 is `tersify_regex_open`).
tersify_regex *tersify_regex_open_flags(const uint8_t *pattern, int64_t length, int32_t flags, int32_t *status);

/// A search over one text at a time: a clone of a compiled expression with
/// its own state; one thread at a time may use it.
typedef struct tersify_regex_matcher tersify_regex_matcher;

/// Clones `regex` for searching (`uregex_clone`, under the expression's lock).
///
/// - Returns: The matcher, or NULL with the ICU error in `*status`. Free it
///   with `tersify_regex_matcher_close`.
tersify_regex_matcher *tersify_regex_matcher_open(const tersify_regex *regex, int32_t *status);

/// Frees a matcher; NULL is allowed.
void tersify_regex_matcher_close(tersify_regex_matcher *matcher);

/// Starts a search over UTF-8 text, which must stay valid and unchanged
/// until the next reset or the close. No time or stack limit applies.
///
/// - Returns: 0, or -1 with the ICU error in `*status` (8,
///   U_INDEX_OUTOFBOUNDS_ERROR, past TERSIFY_ICU_MAX_LENGTH bytes).
int32_t tersify_regex_matcher_reset(tersify_regex_matcher *matcher, const uint8_t *utf8, int64_t length, int32_t *status);

/// The next match of the search, as `uregex_findNext` finds it (an empty
/// match moves the search on by one character), as byte offsets into the
/// text (an ill-formed UTF-8 subsequence reads as one U+FFFD).
///
/// - Returns: 1 with `*start`, `*end` set; 0 when there is no other match;
///   -1 with the ICU error in `*status`.
int32_t tersify_regex_matcher_next(tersify_regex_matcher *matcher, int64_t *start, int64_t *end, int32_t *status);

/// Called for each match with its byte range [start, end) in the text.
typedef void (*tersify_regex_match_found)(void *context, int64_t start, int64_t end);

/// Finds every match of `regex` in UTF-8 text, in order, as ICU's
/// `uregex_findNext` does (an empty match moves the search on by one
/// character), under two limits that keep a pattern that backtracks
/// without end (`(a+)+$` on "aaa…ab") from running for hours:
///
/// - `time_limit`: ICU's match time limit (`uregex_setTimeLimit`), in its
///   units of 10,000 backtracking steps, for the whole search over the
///   text (ICU counts from the start of the search, not per match);
/// - `stack_limit`: the memory the backtracking stack may use, in bytes
///   (`uregex_setStackLimit`).
///
/// Offsets are byte offsets: the text is an ICU UTF-8 UText, in which each
/// ill-formed subsequence reads as one U+FFFD (as in the boundary functions).
///
/// - Parameters:
///   - regex: A compiled expression.
///   - utf8: The text; may be NULL when `length` is 0.
///   - length: The number of bytes, 0...TERSIFY_ICU_MAX_LENGTH.
///   - time_limit: Time units allowed, > 0.
///   - stack_limit: Bytes of backtracking stack allowed, > 0.
///   - found: Called for each match, in order; it must not call back into ICU.
///   - context: Passed to `found`.
///   - status: Receives 0, TERSIFY_REGEX_TIME_OUT, TERSIFY_REGEX_STACK_OVERFLOW,
///     8 (U_INDEX_OUTOFBOUNDS_ERROR) for input that is too long, or another
///     ICU error code. Matches found before a failure have been reported.
/// - Returns: The number of matches, or -1 on failure.
/// - Complexity: Bounded by the limits: at most about `time_limit` × 10,000
///   backtracking steps plus a scan of the text.
int64_t tersify_regex_find_all(const tersify_regex *regex, const uint8_t *utf8, int64_t length,
                               int32_t time_limit, int32_t stack_limit,
                               tersify_regex_match_found found, void *context, int32_t *status);

// MARK: Normalization

/// Normalizes well-formed UTF-8 text to NFC with the data of Unicode 9.0:
/// characters assigned since then are left as they are, neither decomposed,
/// reordered nor composed (ICU's NFC filtered by `[:age=9.0:]`, as
/// Hugging Face tokenizers' `NFC` normalizer, whose tables are 9.0's).
///
/// - Parameters:
///   - utf8: The text, well-formed UTF-8; may be NULL when `length` is 0.
///   - length: The number of bytes, below 2^29.
///   - out: Receives the normalized text.
///   - capacity: The bytes `out` holds; `3 * length + 16` always suffices
///     (NFC makes UTF-8 at most three times as long).
///   - status: Receives 0, or an ICU error code (15 when `capacity` is too small).
/// - Returns: The length of the normalized text in bytes, or -1 on failure.
/// - Complexity: O(length).
int64_t tersify_nfc_unicode9(const uint8_t *utf8, int64_t length, uint8_t *out, int64_t capacity, int32_t *status);

/// The name of an ICU status code, such as "U_ILLEGAL_ARGUMENT_ERROR".
///
/// The corresponding ICU function is `u_errorName`. The string is static.
const char *tersify_icu_error_name(int32_t status);

/// Closes the cached prototype break iterators and the calling thread's
/// kept clones (for leak checkers and tests).
///
/// Safe to call at any time; later calls open them again.
void tersify_icu_clear_cache(void);

/// Returns the pages of freed heap memory to the system (glibc's
/// `malloc_trim(0)`); does nothing on other C libraries. Not ICU: the one
/// C call the compression needs that Swift's Glibc module does not export.
void tersify_release_free_memory(void);

#ifdef __cplusplus
}
#endif

#endif
