/* SPDX-License-Identifier: MIT */
/* Per-syllable judgement of Vietnamese text: lost marks and misspellings.
 * See vnspell.h; the thresholds are measured in tests/test_legacy.c and
 * written down in docs/TEXT.md. */

#include "vn/vnspell.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct vnfreq_entry {
    const char *syl; /* NFC, lower case */
    unsigned count;  /* in corpus/train.txt */
    unsigned ocr;    /* 1 when in tesseract's Vietnamese word list */
};

static const struct vnfreq_entry vnfreq[] = {
#include "vn/vnfreq.inc"
};

#define N_FREQ (sizeof(vnfreq) / sizeof(vnfreq[0]))

/* Per entry: its key and skeleton; and the entries sorted by skeleton. */
static char freq_key[N_FREQ][VNSYL_KEY_MAX];
static char freq_skel[N_FREQ][VNSYL_KEY_MAX];
static uint16_t by_skel[N_FREQ];
static pthread_once_t freq_once = PTHREAD_ONCE_INIT;

static unsigned weight(size_t i)
{
    return vnfreq[i].count + vnfreq[i].ocr;
}

static int cmp_skel(const void *a, const void *b)
{
    return strcmp(freq_skel[*(const uint16_t *)a], freq_skel[*(const uint16_t *)b]);
}

static void init_freq(void)
{
    for (size_t i = 0; i < N_FREQ; i++) {
        const char *s = vnfreq[i].syl;
        if (!vnsyl_key(s, strlen(s), freq_key[i], sizeof(freq_key[i])))
            freq_key[i][0] = '\0'; /* tests check every entry has one */
        if (!vnsyl_skeleton(s, strlen(s), freq_skel[i], sizeof(freq_skel[i])))
            freq_skel[i][0] = '\0';
        by_skel[i] = (uint16_t)i;
    }
    qsort(by_skel, N_FREQ, sizeof(by_skel[0]), cmp_skel);
}

static int cmp_syl(const void *key, const void *e)
{
    return strcmp(key, ((const struct vnfreq_entry *)e)->syl);
}

static const struct vnfreq_entry *find(const char *nfc_lower)
{
    return bsearch(nfc_lower, vnfreq, N_FREQ, sizeof(vnfreq[0]), cmp_syl);
}

/* The word NFC and lower case into buf; false when it does not fit. */
static bool fold(const char *word, size_t len, char *buf, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    bool ok = r >= 0 && (size_t)r < n;
    if (ok)
        memcpy(buf, out, (size_t)r + 1);
    free(out);
    return ok;
}

bool vnspell_frequency(const char *syllable, unsigned *count, bool *ocr_list)
{
    const struct vnfreq_entry *e = find(syllable);
    *count = e ? e->count : 0;
    *ocr_list = e && e->ocr;
    return e != NULL;
}

/* The share of a skeleton's occurrences written without any mark: "anh"
 * is mostly anh, "cong" mostly công. -1 when the skeleton is unknown. */
static double bare_share(const char *skel)
{
    pthread_once(&freq_once, init_freq);
    size_t lo = 0, hi = N_FREQ;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(freq_skel[by_skel[mid]], skel) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    double all = 0, bare = 0;
    for (size_t i = lo; i < N_FREQ && strcmp(freq_skel[by_skel[i]], skel) == 0; i++) {
        size_t e = by_skel[i];
        all += weight(e);
        if (strcmp(vnfreq[e].syl, skel) == 0)
            bare += weight(e);
    }
    return all > 0 ? bare / all : -1;
}

/* ---- words -------------------------------------------------------------- */

enum word_case { CASE_LOWER, CASE_CAPITAL, CASE_UPPER, CASE_MIXED };

struct word {
    const char *s;
    size_t off, len;
    enum word_case wcase;
    bool ascii;
    bool first; /* first of the text or of a sentence */
};

static bool is_letter(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

static bool is_space(utf8proc_int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static enum word_case case_of(const char *w, size_t len, bool *ascii)
{
    size_t upper = 0, lower = 0, n = 0;
    bool upper_later = false;
    *ascii = true;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)w;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (r <= 0)
            break;
        if (cp >= 0x80)
            *ascii = false;
        utf8proc_category_t c = utf8proc_category(cp);
        if (c == UTF8PROC_CATEGORY_LU) {
            upper++;
            if (n > 0)
                upper_later = true;
        } else if (c == UTF8PROC_CATEGORY_LL) {
            lower++;
        }
        if (c != UTF8PROC_CATEGORY_MN)
            n++;
        i += (size_t)r;
    }
    if (upper == 0)
        return CASE_LOWER;
    if (lower == 0)
        return n == 1 ? CASE_CAPITAL : CASE_UPPER;
    return upper_later ? CASE_MIXED : CASE_CAPITAL;
}

static bool allowed(const struct vnspell_opts *o, const char *w, size_t len)
{
    if (!o || !o->allow)
        return false;
    char a[VNSYL_MAX_WORD * 2], b[VNSYL_MAX_WORD * 2];
    if (!fold(w, len, a, sizeof(a)))
        return false;
    for (size_t i = 0; o->n_allow ? i < o->n_allow : o->allow[i] != NULL; i++)
        if (o->allow[i] && fold(o->allow[i], strlen(o->allow[i]), b, sizeof(b)) &&
            strcmp(a, b) == 0)
            return true;
    return false;
}

/* Whether the letters of the word include a vowel (acronyms have none). */
static bool has_vowel(const char *w, size_t len)
{
    char skel[VNSYL_KEY_MAX];
    if (vnsyl_skeleton(w, len, skel, sizeof(skel)))
        return strpbrk(skel, "aeiouy") != NULL;
    return true; /* letters of another alphabet: judged as foreign */
}

/* More than half the letters upper case: a slogan in capitals, where a word
 * in capitals is no acronym. */
static bool mostly_upper(const char *text)
{
    size_t upper = 0, letters = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (r <= 0) {
            i++;
            continue;
        }
        utf8proc_category_t c = utf8proc_category(cp);
        upper += c == UTF8PROC_CATEGORY_LU;
        letters += c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL;
        i += (size_t)r;
    }
    return letters > 0 && upper * 2 > letters;
}

/* A token (between spaces) the checks leave whole: a number or code with a
 * digit, a URL, an e-mail address, a code in capitals joined by - or /. */
static bool skip_token(const char *t, size_t len)
{
    bool slash = false, lower = false;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (c >= '0' && c <= '9')
            return true;
        if (c == '@')
            return true;
        if (c == '/' || c == '\\')
            slash = true;
        if (c >= 'a' && c <= 'z')
            lower = true;
        if (c == ':' && i + 2 < len && t[i + 1] == '/' && t[i + 2] == '/')
            return true;
    }
    if (len > 4 && strncmp(t, "www.", 4) == 0)
        return true;
    /* A dot between letters: a domain or file name (bangtin.vn, logo.png). */
    for (size_t i = 1; i + 1 < len; i++)
        if (t[i] == '.' && ((t[i + 1] >= 'a' && t[i + 1] <= 'z') || t[i + 1] == '/'))
            return true;
    return slash && !lower;
}

typedef void (*word_fn)(void *ctx, const struct word *w);

/* Calls fn for every word the checks judge. */
static void each_word(const char *text, const struct vnspell_opts *o, bool for_spelling, word_fn fn,
                      void *ctx)
{
    bool caps_text = mostly_upper(text);
    bool sentence_start = true;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t len = strlen(text), i = 0;
    while (i < len) {
        /* One token: up to the next space. */
        size_t start = i;
        while (i < len) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t r = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
            if (r <= 0) {
                i++;
                continue;
            }
            if (is_space(cp))
                break;
            i += (size_t)r;
        }
        size_t end = i;
        while (i < len) { /* the spaces */
            utf8proc_int32_t cp;
            utf8proc_ssize_t r = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
            if (r <= 0 || !is_space(cp))
                break;
            i += (size_t)r;
        }
        bool first = sentence_start;
        if (end > start)
            sentence_start = strchr(".!?:;\n", text[end - 1]) != NULL || end == len;
        if (i > end && memchr(text + end, '\n', i - end))
            sentence_start = true;
        if (end == start || skip_token(text + start, end - start))
            continue;
        /* Its words: runs of letters and marks. */
        size_t j = start;
        while (j < end) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t r = utf8proc_iterate(p + j, (utf8proc_ssize_t)(end - j), &cp);
            if (r <= 0) {
                j++;
                continue;
            }
            if (!is_letter(cp)) {
                j += (size_t)r;
                continue;
            }
            size_t ws = j;
            while (j < end) {
                r = utf8proc_iterate(p + j, (utf8proc_ssize_t)(end - j), &cp);
                if (r <= 0 || !is_letter(cp))
                    break;
                j += (size_t)r;
            }
            struct word w = {.s = text + ws, .off = ws, .len = j - ws, .first = first};
            first = false;
            w.wcase = case_of(w.s, w.len, &w.ascii);
            if (w.len > VNSYL_MAX_WORD || allowed(o, w.s, w.len) || !has_vowel(w.s, w.len) ||
                w.wcase == CASE_MIXED || (w.wcase == CASE_UPPER && !caps_text))
                continue;
            (void)for_spelling;
            fn(ctx, &w);
        }
    }
}

/* ---- [no-diacritics] ---------------------------------------------------- */

static void add_example(char *buf, const char *w, size_t len)
{
    size_t used = strlen(buf);
    if (used + len + 3 >= VNSPELL_EXAMPLES)
        return;
    snprintf(buf + used, VNSPELL_EXAMPLES - used, "%s%.*s", used ? ", " : "", (int)len, w);
}

/* A plain word whose skeleton real Vietnamese writes bare less often than
 * this is counted as unmarked ("cong": công, cộng, cổng far more often). */
#define BARE_SHARE_MIN 0.3

static bool skel_known(const char *skel)
{
    size_t lo = 0, hi = N_FREQ;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(freq_skel[by_skel[mid]], skel);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* One letter (at most) from an attested syllable, marks aside: what OCR
 * makes of Vietnamese (tricn for triển, dudc for được). Every skeleton one
 * edit away is looked up: a few hundred binary searches. */
static bool near_syllable(const char *w, size_t len)
{
    pthread_once(&freq_once, init_freq);
    char skel[VNSYL_KEY_MAX], v[VNSYL_KEY_MAX + 1];
    if (!vnsyl_skeleton(w, len, skel, sizeof(skel)))
        return false;
    size_t n = strlen(skel);
    if (skel_known(skel))
        return true;
    for (size_t i = 0; i <= n; i++) {
        if (i < n) { /* drop letter i */
            memcpy(v, skel, i);
            memcpy(v + i, skel + i + 1, n - i);
            if (skel_known(v))
                return true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            if (i < n) { /* replace letter i */
                memcpy(v, skel, n + 1);
                v[i] = c;
                if (c != skel[i] && skel_known(v))
                    return true;
            }
            if (n + 1 < sizeof(v)) { /* insert before letter i */
                memcpy(v, skel, i);
                v[i] = c;
                memcpy(v + i + 1, skel + i, n - i + 1);
                if (skel_known(v))
                    return true;
            }
        }
    }
    return false;
}

static void count_word(void *ctx, const struct word *w)
{
    struct vnspell_counts *c = ctx;
    c->syllables++;
    if (w->wcase == CASE_CAPITAL)
        c->title++;
    if (w->ascii)
        c->plain++;
    switch (vnsyl_classify(w->s, w->len)) {
    case VNSYL_MARKED:
        c->vietnamese++;
        break;
    case VNSYL_BARE: {
        char skel[VNSYL_KEY_MAX];
        c->vietnamese++;
        if (vnsyl_skeleton(w->s, w->len, skel, sizeof(skel))) {
            double share = bare_share(skel);
            if (share >= 0 && share < BARE_SHARE_MIN)
                c->unmarked++;
        }
        break;
    }
    case VNSYL_STRIPPED:
        c->vietnamese++;
        c->unmarked++;
        break;
    case VNSYL_OTHER:
        if (w->ascii) {
            c->foreign++;
            if (near_syllable(w->s, w->len))
                c->garbled++;
            add_example(c->foreign_words, w->s, w->len);
        } else {
            c->bad_marks++;
            add_example(c->bad_words, w->s, w->len);
        }
        break;
    }
}

void vnspell_count(const char *text, const struct vnspell_opts *opts, struct vnspell_counts *c)
{
    memset(c, 0, sizeof(*c));
    if (text)
        each_word(text, opts, false, count_word, c);
}

bool vnspell_lost_marks(const struct vnspell_counts *c)
{
    /* Figures in docs/TEXT.md: on real Vietnamese lines unmarked + bad
     * marks stay under 10 % of the syllables; OCR'd lines are above 30 %. */
    size_t odd = c->unmarked + c->bad_marks;
    /* Some plain words too: marks only misplaced (đuợc, huớng) are typing
     * slips, which [spelling] names one by one. */
    if (c->syllables < 4 || odd < 2 || c->unmarked == 0)
        return false;
    if (c->title == c->syllables && c->syllables <= 5) /* a name: Nguyen Thi Minh Khai */
        return false;
    /* Mostly Vietnamese: English or a list of names is not "lost marks". */
    if ((c->vietnamese + c->bad_marks + c->garbled) * 100 < c->syllables * 60)
        return false;
    return (odd * 2 + c->foreign) * 100 >= c->syllables * 2 * 25;
}

/* ---- [spelling] --------------------------------------------------------- */

static bool same_base(char a, char b)
{
    static const char *const groups[] = {"aAB", "eE", "oOP", "uU", "dD"};
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        if (strchr(groups[i], a) && strchr(groups[i], b))
            return true;
    return false;
}

/* Distance between two keys in half edits: a letter inserted, dropped or
 * replaced is 2, a modifier (e/ê) or the tone is 1, or 0 when the word
 * was written without any mark (its marks were lost, not mistyped). */
static int key_distance(const char *a, const char *b, bool plain)
{
    size_t na = strlen(a) - 1, nb = strlen(b) - 1; /* the tone is last */
    int d[VNSYL_KEY_MAX + 1][VNSYL_KEY_MAX + 1];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i * 2;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j * 2;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            int sub = a[i - 1] == b[j - 1]            ? 0
                      : same_base(a[i - 1], b[j - 1]) ? (plain ? 0 : 1)
                                                      : 2;
            int best = d[i - 1][j - 1] + sub;
            if (d[i - 1][j] + 2 < best)
                best = d[i - 1][j] + 2;
            if (d[i][j - 1] + 2 < best)
                best = d[i][j - 1] + 2;
            d[i][j] = best;
        }
    return d[na][nb] + (a[na] != b[nb] && !plain ? 1 : 0);
}

#define MAX_DISTANCE 4 /* two letters */

size_t vnspell_suggest(const char *word, size_t len, char out[][VNSYL_MAX_WORD + 1], size_t max)
{
    pthread_once(&freq_once, init_freq);
    char key[VNSYL_KEY_MAX];
    if (max > VNSPELL_MAX_SUGGEST)
        max = VNSPELL_MAX_SUGGEST;
    if (!vnsyl_key(word, len, key, sizeof(key)))
        return 0;
    bool plain = true;
    for (size_t i = 0; i < len; i++)
        plain = plain && (unsigned char)word[i] < 0x80;
    size_t best[VNSPELL_MAX_SUGGEST];
    int best_d[VNSPELL_MAX_SUGGEST];
    size_t n = 0;
    size_t klen = strlen(key);
    for (size_t e = 0; e < N_FREQ; e++) {
        size_t m = strlen(freq_key[e]);
        if (!m || m + 2 < klen || m > klen + 2 || strcmp(freq_key[e], key) == 0)
            continue;
        int d = key_distance(key, freq_key[e], plain);
        if (d > MAX_DISTANCE)
            continue;
        /* Insert in order: nearer first, then the more frequent. */
        size_t at = n;
        while (at > 0 &&
               (d < best_d[at - 1] || (d == best_d[at - 1] && weight(e) > weight(best[at - 1]))))
            at--;
        if (at >= max)
            continue;
        size_t last = n < max ? n : max - 1;
        for (size_t k = last; k > at; k--) {
            best[k] = best[k - 1];
            best_d[k] = best_d[k - 1];
        }
        best[at] = e;
        best_d[at] = d;
        if (n < max)
            n++;
    }
    for (size_t i = 0; i < n; i++)
        snprintf(out[i], VNSYL_MAX_WORD + 1, "%s", vnfreq[best[i]].syl);
    return n;
}

struct spell_ctx {
    struct vnspell_word *out;
    size_t max, n;
};

static void spell_word(void *ctx, const struct word *w)
{
    struct spell_ctx *s = ctx;
    enum vnsyl_kind kind = vnsyl_classify(w->s, w->len);
    if (kind == VNSYL_MARKED || kind == VNSYL_BARE)
        return;
    /* A Capitalised word that is no Vietnamese at all is a name: Google;
     * within a sentence also with marks (Krông Pắc, Ê Đê spelled Êđê). */
    if (kind == VNSYL_OTHER && w->wcase != CASE_LOWER && (w->ascii || !w->first))
        return;
    if (s->n < s->max) {
        struct vnspell_word *o = &s->out[s->n];
        memset(o, 0, sizeof(*o));
        o->off = w->off;
        o->len = w->len;
        vnspell_suggest(w->s, w->len, o->suggest, VNSPELL_MAX_SUGGEST);
    }
    s->n++;
}

size_t vnspell_misspelled(const char *text, const struct vnspell_opts *opts,
                          struct vnspell_word *out, size_t max)
{
    struct spell_ctx s = {.out = out, .max = max};
    /* Only Vietnamese text: an English title is no misspelled Vietnamese. */
    struct vnspell_counts c;
    vnspell_count(text, opts, &c);
    if ((c.vietnamese + c.bad_marks) * 2 <= c.syllables)
        return 0;
    if (text)
        each_word(text, opts, true, spell_word, &s);
    return s.n;
}
