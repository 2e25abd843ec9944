// The only file of the project that includes ICU's headers (see cicu.h).
//
// Notes (measured on ICU 72.1, Debian 12):
// - ubrk_open(UBRK_SENTENCE, "en@ss=standard") costs about 240 us, because it
//   builds the suppression tries from resource data; ubrk_open(UBRK_WORD)
//   about 3 us; ubrk_clone of either under 1 us. So each (kind, locale) is
//   opened once into a small cache of prototypes and every call works on its
//   own clone: clones share ICU's immutable rule data, and no iterator is
//   ever used by two threads.
// - The UText is opened over the caller's UTF-8 bytes (utext_openUTF8), so the
//   break positions ICU returns are already byte offsets.
// - Each thread keeps the clones it made, by (kind, locale as the caller
//   wrote it), and sets each new text on them: a clone, the locale's keyword
//   lookups, the cache's lock and a close a call were 0.5 M instructions of a
//   10,000-token prompt's 47 M (callgrind). A kept clone holds a shallow
//   copy of the last UText, whose bytes it never reads again before the next
//   text is set.

#include "cicu.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <unicode/ubrk.h>
#include <unicode/ures.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/uloc.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/utypes.h>

_Static_assert(TERSIFY_REGEX_TIME_OUT == U_REGEX_TIME_OUT, "cicu.h's copy of U_REGEX_TIME_OUT");
_Static_assert(TERSIFY_REGEX_STACK_OVERFLOW == U_REGEX_STACK_OVERFLOW, "cicu.h's copy of U_REGEX_STACK_OVERFLOW");

// MARK: Prototype cache

enum { cache_capacity = 32, locale_capacity = ULOC_FULLNAME_CAPACITY + 32 };

typedef struct prototype_entry {
    UBreakIteratorType type;
    char locale[locale_capacity];
    UBreakIterator *iterator;
} prototype_entry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static prototype_entry cache[cache_capacity];
static int32_t cache_count = 0;
static int32_t cache_victim = 0;  // next entry to replace when the cache is full

/// A fresh iterator of `type` for `locale`, cloned from a cached prototype.
/// The caller closes it.
static UBreakIterator *clone_iterator(UBreakIteratorType type, const char *locale, UErrorCode *status) {
    pthread_mutex_lock(&cache_lock);
    prototype_entry *entry = NULL;
    for (int32_t i = 0; i < cache_count; i++) {
        if (cache[i].type == type && strcmp(cache[i].locale, locale) == 0) {
            entry = &cache[i];
            break;
        }
    }
    if (entry == NULL) {
        UBreakIterator *prototype = ubrk_open(type, locale, NULL, 0, status);
        if (U_FAILURE(*status)) {
            pthread_mutex_unlock(&cache_lock);
            return NULL;
        }
        if (cache_count < cache_capacity) {
            entry = &cache[cache_count++];
        } else {
            entry = &cache[cache_victim];
            cache_victim = (cache_victim + 1) % cache_capacity;
            ubrk_close(entry->iterator);
        }
        entry->type = type;
        strcpy(entry->locale, locale);  // fits: checked by the callers
        entry->iterator = prototype;
    }
    *status = U_ZERO_ERROR;  // drop warnings such as U_USING_DEFAULT_WARNING
    UBreakIterator *iterator = ubrk_clone(entry->iterator, status);
    pthread_mutex_unlock(&cache_lock);
    return U_FAILURE(*status) ? NULL : iterator;
}

// MARK: Per-thread iterators

enum { thread_capacity = 8 };

typedef struct thread_entry {
    UBreakIteratorType type;
    char locale[locale_capacity];  // as the caller gave it, before make_locale
    UBreakIterator *iterator;
} thread_entry;

typedef struct thread_iterators {
    thread_entry entries[thread_capacity];
    int32_t count;
    int32_t victim;
} thread_iterators;

static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;

static void close_thread_iterators(void *pointer) {
    thread_iterators *iterators = pointer;
    for (int32_t i = 0; i < iterators->count; i++) ubrk_close(iterators->entries[i].iterator);
    free(iterators);
}

static void make_thread_key(void) { pthread_key_create(&thread_key, close_thread_iterators); }

/// The calling thread's iterators, made on first use; NULL if that fails.
static thread_iterators *current_thread_iterators(void) {
    pthread_once(&thread_key_once, make_thread_key);
    thread_iterators *iterators = pthread_getspecific(thread_key);
    if (iterators == NULL) {
        iterators = calloc(1, sizeof *iterators);
        if (iterators != NULL && pthread_setspecific(thread_key, iterators) != 0) {
            free(iterators);
            iterators = NULL;
        }
    }
    return iterators;
}

/// This thread's iterator of `type` for `locale` (the caller's spelling), or NULL.
static UBreakIterator *kept_iterator(thread_iterators *iterators, UBreakIteratorType type, const char *locale) {
    if (iterators == NULL) return NULL;
    for (int32_t i = 0; i < iterators->count; i++) {
        if (iterators->entries[i].type == type && strcmp(iterators->entries[i].locale, locale) == 0) {
            return iterators->entries[i].iterator;
        }
    }
    return NULL;
}

/// Keeps `iterator` for this thread; false when it cannot (the caller closes it).
static bool keep_iterator(thread_iterators *iterators, UBreakIteratorType type, const char *locale, UBreakIterator *iterator) {
    if (iterators == NULL || strlen(locale) >= locale_capacity) return false;
    thread_entry *entry;
    if (iterators->count < thread_capacity) {
        entry = &iterators->entries[iterators->count++];
    } else {
        entry = &iterators->entries[iterators->victim];
        iterators->victim = (iterators->victim + 1) % thread_capacity;
        ubrk_close(entry->iterator);
    }
    entry->type = type;
    strcpy(entry->locale, locale);
    entry->iterator = iterator;
    return true;
}

void tersify_icu_clear_cache(void) {
    thread_iterators *iterators = pthread_once(&thread_key_once, make_thread_key) == 0 ? pthread_getspecific(thread_key) : NULL;
    if (iterators != NULL) {
        for (int32_t i = 0; i < iterators->count; i++) ubrk_close(iterators->entries[i].iterator);
        iterators->count = 0;
        iterators->victim = 0;
    }
    pthread_mutex_lock(&cache_lock);
    for (int32_t i = 0; i < cache_count; i++) ubrk_close(cache[i].iterator);
    cache_count = 0;
    cache_victim = 0;
    pthread_mutex_unlock(&cache_lock);
}

void tersify_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

// MARK: Locales

/// Copies `locale` (NULL: root) into `buffer`, adding `ss=standard` for
/// sentence iterators unless the locale sets `ss` itself.
static void make_locale(const char *locale, bool suppressions, char *buffer, UErrorCode *status) {
    if (locale == NULL) locale = "";
    size_t length = strlen(locale);
    if (length > ULOC_FULLNAME_CAPACITY) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return;
    }
    memcpy(buffer, locale, length + 1);
    if (!suppressions) return;
    char value[ULOC_KEYWORD_AND_VALUES_CAPACITY];
    UErrorCode lookup = U_ZERO_ERROR;
    int32_t found = uloc_getKeywordValue(buffer, "ss", value, (int32_t)sizeof value, &lookup);
    if (U_SUCCESS(lookup) && found > 0) return;
    uloc_setKeywordValue("ss", "standard", buffer, locale_capacity, status);
}

// MARK: Boundaries

static uint8_t word_kind(int32_t rule_status) {
    if (rule_status >= UBRK_WORD_NUMBER && rule_status < UBRK_WORD_NUMBER_LIMIT) return TERSIFY_WORD_NUMBER;
    if (rule_status >= UBRK_WORD_LETTER && rule_status < UBRK_WORD_LETTER_LIMIT) return TERSIFY_WORD_LETTERS;
    if (rule_status >= UBRK_WORD_KANA && rule_status < UBRK_WORD_KANA_LIMIT) return TERSIFY_WORD_KANA;
    if (rule_status >= UBRK_WORD_IDEO && rule_status < UBRK_WORD_IDEO_LIMIT) return TERSIFY_WORD_IDEOGRAPHIC;
    return TERSIFY_WORD_OTHER;
}

/// Whether bytes `start..<end` are all ASCII spaces, tabs and line breaks.
static bool is_blank(const uint8_t *utf8, int64_t start, int64_t end) {
    for (int64_t i = start; i < end; i++) {
        uint8_t b = utf8[i];
        if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return false;
    }
    return true;
}

/// Runs a break iterator of `type` over the text and writes segment ends
/// (and word kinds when `kinds` is not NULL).
static int32_t find_breaks(UBreakIteratorType type, const uint8_t *utf8, int64_t length, const char *locale,
                           int64_t *offsets, uint8_t *kinds, int32_t capacity, bool join_blank, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    if (length < 0 || length > TERSIFY_ICU_MAX_LENGTH || capacity < 0 || (utf8 == NULL && length > 0)) {
        *status = length > TERSIFY_ICU_MAX_LENGTH ? U_INDEX_OUTOFBOUNDS_ERROR : U_ILLEGAL_ARGUMENT_ERROR;
        return -1;
    }
    if (locale == NULL) locale = "";
    thread_iterators *iterators = current_thread_iterators();
    UBreakIterator *iterator = kept_iterator(iterators, type, locale);
    bool kept = iterator != NULL;
    if (!kept) {
        // A locale this thread has not used: checked and completed first.
        char name[locale_capacity];
        make_locale(locale, type == UBRK_SENTENCE, name, &error);
        if (U_FAILURE(error)) {
            *status = error;
            return -1;
        }
        if (length == 0) {
            *status = U_ZERO_ERROR;
            return 0;
        }
        iterator = clone_iterator(type, name, &error);
        if (iterator == NULL) {
            *status = U_FAILURE(error) ? error : U_MEMORY_ALLOCATION_ERROR;
            return -1;
        }
        kept = keep_iterator(iterators, type, locale, iterator);
    } else if (length == 0) {
        *status = U_ZERO_ERROR;
        return 0;
    }
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, (const char *)utf8, length, &error);
    ubrk_setUText(iterator, &text, &error);
    if (U_FAILURE(error)) {
        *status = error;
        if (!kept) ubrk_close(iterator);
        utext_close(&text);
        return -1;
    }
    int32_t count = 0;
    int64_t previous = 0;
    for (int32_t boundary = ubrk_next(iterator); boundary != UBRK_DONE; boundary = ubrk_next(iterator)) {
        // ICU guarantees increasing positions in [0, length]; the check keeps
        // the promise of cicu.h even if a future ICU did not.
        if (boundary <= previous || boundary > length) continue;
        // With `join_blank`, a sentence of white space only (a run of blank
        // lines) joins the sentence before it, or the one after it at the
        // start: ICU ends a sentence at every line break, so 10 MB of line
        // breaks were 10 million sentences.
        if (join_blank && is_blank(utf8, previous, boundary)) {
            if (count > 0 && count <= capacity) offsets[count - 1] = boundary;
            previous = boundary;
            continue;
        }
        if (count < capacity) {
            offsets[count] = boundary;
            if (kinds != NULL) kinds[count] = word_kind(ubrk_getRuleStatus(iterator));
        }
        count++;
        previous = boundary;
    }
    if (previous < length || count == 0) {
        if (count < capacity) {
            offsets[count] = length;
            if (kinds != NULL) kinds[count] = TERSIFY_WORD_OTHER;
        }
        count++;
    }
    if (!kept) ubrk_close(iterator);
    utext_close(&text);
    *status = count > capacity ? U_BUFFER_OVERFLOW_ERROR : U_ZERO_ERROR;
    return count;
}

int32_t tersify_sentence_breaks(const uint8_t *utf8, int64_t length, const char *locale,
                                int64_t *offsets, int32_t capacity, int32_t join_blank, int32_t *status) {
    return find_breaks(UBRK_SENTENCE, utf8, length, locale, offsets, NULL, capacity, join_blank != 0, status);
}

int32_t tersify_word_breaks(const uint8_t *utf8, int64_t length, const char *locale,
                            int64_t *offsets, uint8_t *kinds, int32_t capacity, int32_t *status) {
    return find_breaks(UBRK_WORD, utf8, length, locale, offsets, kinds, capacity, false, status);
}

// MARK: Sentence-break suppressions

int64_t tersify_sentence_suppressions(const char *locale, uint8_t *utf8, int64_t capacity, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    // The bundle and keys ICU's suppression builder reads (ubrk_open with
    // `ss=standard`), so the list is the one the iterator applies.
    UResourceBundle *bundle = ures_open(U_ICUDATA_NAME "-brkitr", locale != NULL ? locale : "", &error);
    UResourceBundle *exceptions = ures_getByKey(bundle, "exceptions", NULL, &error);
    UResourceBundle *strings = ures_getByKey(exceptions, "SentenceBreak", NULL, &error);
    int64_t written = 0;
    int32_t size = U_SUCCESS(error) ? ures_getSize(strings) : 0;
    for (int32_t i = 0; i < size && U_SUCCESS(error); i++) {
        char entry[256];
        int32_t length = (int32_t)sizeof entry;
        ures_getUTF8StringByIndex(strings, i, entry, &length, true, &error);
        if (U_FAILURE(error)) break;
        for (int32_t j = 0; j <= length; j++, written++) {
            if (written < capacity) utf8[written] = (uint8_t)entry[j];  // entry[length] is its NUL
        }
    }
    ures_close(strings);
    ures_close(exceptions);
    ures_close(bundle);
    if (U_FAILURE(error)) {
        *status = error;
        return -1;
    }
    *status = written > capacity ? U_BUFFER_OVERFLOW_ERROR : U_ZERO_ERROR;
    return written;
}

// MARK: Regular expressions

struct tersify_regex {
    URegularExpression *prototype;
    pthread_mutex_t lock;  // uregex_clone of one prototype from several threads at once
};

tersify_regex *tersify_regex_open(const uint8_t *pattern, int64_t length, int32_t *status) {
    return tersify_regex_open_flags(pattern, length, 0, status);
}

tersify_regex *tersify_regex_open_flags(const uint8_t *pattern, int64_t length, int32_t flags, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    if (length < 0 || length > TERSIFY_ICU_MAX_LENGTH || (pattern == NULL && length > 0)) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return NULL;
    }
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, (const char *)(pattern != NULL ? pattern : (const uint8_t *)""), length, &error);
    UParseError parse;
    uint32_t icu_flags = (flags & TERSIFY_REGEX_LINE_ANCHORS) ? (UREGEX_MULTILINE | UREGEX_UNIX_LINES) : 0;
    URegularExpression *compiled = uregex_openUText(&text, icu_flags, &parse, &error);
    utext_close(&text);
    if (U_FAILURE(error)) {
        if (compiled != NULL) uregex_close(compiled);
        *status = error;
        return NULL;
    }
    tersify_regex *regex = malloc(sizeof *regex);
    if (regex == NULL) {
        uregex_close(compiled);
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    regex->prototype = compiled;
    pthread_mutex_init(&regex->lock, NULL);
    *status = U_ZERO_ERROR;
    return regex;
}

void tersify_regex_close(tersify_regex *regex) {
    if (regex == NULL) return;
    uregex_close(regex->prototype);
    pthread_mutex_destroy(&regex->lock);
    free(regex);
}

int64_t tersify_regex_find_all(const tersify_regex *regex, const uint8_t *utf8, int64_t length,
                               int32_t time_limit, int32_t stack_limit,
                               tersify_regex_match_found found, void *context, int32_t *status) {
    if (length < 0 || length > TERSIFY_ICU_MAX_LENGTH || (utf8 == NULL && length > 0) || regex == NULL
        || found == NULL || time_limit <= 0 || stack_limit <= 0) {
        *status = length > TERSIFY_ICU_MAX_LENGTH ? U_INDEX_OUTOFBOUNDS_ERROR : U_ILLEGAL_ARGUMENT_ERROR;
        return -1;
    }
    UErrorCode error = U_ZERO_ERROR;
    pthread_mutex_lock((pthread_mutex_t *)&regex->lock);
    URegularExpression *matcher = uregex_clone(regex->prototype, &error);
    pthread_mutex_unlock((pthread_mutex_t *)&regex->lock);
    if (U_FAILURE(error)) {
        *status = error;
        return -1;
    }
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, (const char *)(utf8 != NULL ? utf8 : (const uint8_t *)""), length, &error);
    uregex_setUText(matcher, &text, &error);
    uregex_setTimeLimit(matcher, time_limit, &error);
    uregex_setStackLimit(matcher, stack_limit, &error);
    int64_t count = 0;
    while (U_SUCCESS(error) && uregex_findNext(matcher, &error)) {
        int64_t start = uregex_start64(matcher, 0, &error);
        int64_t end = uregex_end64(matcher, 0, &error);
        if (U_FAILURE(error)) break;
        found(context, start, end);
        count++;
    }
    uregex_close(matcher);
    utext_close(&text);
    *status = U_FAILURE(error) ? error : U_ZERO_ERROR;
    return U_FAILURE(error) ? -1 : count;
}

struct tersify_regex_matcher {
    URegularExpression *matcher;
    UText text;
};

tersify_regex_matcher *tersify_regex_matcher_open(const tersify_regex *regex, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    if (regex == NULL) {
        *status = U_ILLEGAL_ARGUMENT_ERROR;
        return NULL;
    }
    tersify_regex_matcher *matcher = malloc(sizeof *matcher);
    if (matcher == NULL) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    pthread_mutex_lock((pthread_mutex_t *)&regex->lock);
    matcher->matcher = uregex_clone(regex->prototype, &error);
    pthread_mutex_unlock((pthread_mutex_t *)&regex->lock);
    if (U_FAILURE(error)) {
        free(matcher);
        *status = error;
        return NULL;
    }
    UText initial = UTEXT_INITIALIZER;
    matcher->text = initial;
    utext_openUTF8(&matcher->text, "", 0, &error);
    *status = U_FAILURE(error) ? error : U_ZERO_ERROR;
    return matcher;
}

void tersify_regex_matcher_close(tersify_regex_matcher *matcher) {
    if (matcher == NULL) return;
    uregex_close(matcher->matcher);
    utext_close(&matcher->text);
    free(matcher);
}

int32_t tersify_regex_matcher_reset(tersify_regex_matcher *matcher, const uint8_t *utf8, int64_t length, int32_t *status) {
    if (matcher == NULL || length < 0 || length > TERSIFY_ICU_MAX_LENGTH || (utf8 == NULL && length > 0)) {
        *status = length > TERSIFY_ICU_MAX_LENGTH ? U_INDEX_OUTOFBOUNDS_ERROR : U_ILLEGAL_ARGUMENT_ERROR;
        return -1;
    }
    UErrorCode error = U_ZERO_ERROR;
    utext_openUTF8(&matcher->text, (const char *)(utf8 != NULL ? utf8 : (const uint8_t *)""), length, &error);
    uregex_setUText(matcher->matcher, &matcher->text, &error);
    *status = U_FAILURE(error) ? error : U_ZERO_ERROR;
    return U_FAILURE(error) ? -1 : 0;
}

int32_t tersify_regex_matcher_next(tersify_regex_matcher *matcher, int64_t *start, int64_t *end, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    if (!uregex_findNext(matcher->matcher, &error)) {
        *status = U_FAILURE(error) ? error : U_ZERO_ERROR;
        return U_FAILURE(error) ? -1 : 0;
    }
    *start = uregex_start64(matcher->matcher, 0, &error);
    *end = uregex_end64(matcher->matcher, 0, &error);
    *status = U_FAILURE(error) ? error : U_ZERO_ERROR;
    return U_FAILURE(error) ? -1 : 1;
}

// MARK: Errors

const char *tersify_icu_error_name(int32_t status) {
    return u_errorName((UErrorCode)status);
}

// MARK: Normalization

static pthread_once_t nfc_once = PTHREAD_ONCE_INIT;
static UNormalizer2 *nfc_unicode9 = NULL;
static UErrorCode nfc_open_status = U_ZERO_ERROR;

static void nfc_open(void) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    static const UChar pattern[] = u"[:age=9.0:]";
    USet *assigned = uset_openPattern(pattern, -1, &status);
    if (U_FAILURE(status)) {
        nfc_open_status = status;
        return;
    }
    uset_freeze(assigned);
    // The filtered normalizer keeps the set; it lives as long as the process.
    nfc_unicode9 = unorm2_openFiltered(nfc, assigned, &status);
    nfc_open_status = status;
}

int64_t tersify_nfc_unicode9(const uint8_t *utf8, int64_t length, uint8_t *out, int64_t capacity, int32_t *status) {
    *status = 0;
    pthread_once(&nfc_once, nfc_open);
    if (U_FAILURE(nfc_open_status)) {
        *status = nfc_open_status;
        return -1;
    }
    if (length < 0 || length >= (1 << 29)) {
        *status = U_INDEX_OUTOFBOUNDS_ERROR;
        return -1;
    }
    UErrorCode error = U_ZERO_ERROR;
    int32_t units = 0;
    // UTF-16 needs at most one unit a byte; NFC at most three times as many.
    UChar *source = malloc(sizeof(UChar) * (size_t)(length + 1));
    UChar *normal = malloc(sizeof(UChar) * (size_t)(3 * length + 16));
    if (source == NULL || normal == NULL) {
        free(source);
        free(normal);
        *status = U_MEMORY_ALLOCATION_ERROR;
        return -1;
    }
    u_strFromUTF8(source, (int32_t)length + 1, &units, (const char *)utf8, (int32_t)length, &error);
    int32_t normalUnits = U_SUCCESS(error)
        ? unorm2_normalize(nfc_unicode9, source, units, normal, (int32_t)(3 * length + 16), &error) : 0;
    int32_t written = 0;
    if (U_SUCCESS(error)) {
        int32_t limit = capacity > INT32_MAX ? INT32_MAX : (int32_t)capacity;
        u_strToUTF8((char *)out, limit, &written, normal, normalUnits, &error);
    }
    free(source);
    free(normal);
    if (U_FAILURE(error)) {
        *status = error;
        return -1;
    }
    return written;
}
