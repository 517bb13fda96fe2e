/* SPDX-License-Identifier: MIT */
/* Vietnamese syllable grammar. A word is reduced to a key: lowercase ASCII
 * letters, with the six modified vowels and đ as single upper-case codes
 * (ă A, â B, ê E, ô O, ơ P, ư U, đ D), plus its tone. A key is a syllable
 * when it splits into an onset and a rhyme of the tables below and the
 * spelling rules hold. */

#include "vn/vnsyl.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { TONE_NONE, TONE_GRAVE, TONE_ACUTE, TONE_TILDE, TONE_HOOK, TONE_DOT };

/* Onsets in key form, longest first so "ngh" is tried before "ng". */
static const char *const onsets[] = {
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d",
    "D",   "g",  "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v", "x", "",
};

/* Every rhyme (medial + nucleus + coda) of standard orthography, as written
 * after an onset; "qu" and "gi" are handled by rule in onset_rhyme_ok. */
static const char *const rhymes[] = {
    /* a ă â */
    "a",
    "ac",
    "ach",
    "ai",
    "am",
    "an",
    "ang",
    "anh",
    "ao",
    "ap",
    "at",
    "au",
    "ay",
    "ăc",
    "ăm",
    "ăn",
    "ăng",
    "ăp",
    "ăt",
    "âc",
    "âm",
    "ân",
    "âng",
    "âp",
    "ât",
    "âu",
    "ây",
    /* e ê */
    "e",
    "ec",
    "em",
    "en",
    "eng",
    "eo",
    "ep",
    "et",
    "ê",
    "êch",
    "êm",
    "ên",
    "ênh",
    "êp",
    "êt",
    "êu",
    /* i, iê/ia */
    "i",
    "ia",
    "ich",
    "im",
    "in",
    "inh",
    "ip",
    "it",
    "iu",
    "iêc",
    "iêm",
    "iên",
    "iêng",
    "iêp",
    "iêt",
    "iêu",
    /* o, oo, medial o */
    "o",
    "oc",
    "oi",
    "om",
    "on",
    "ong",
    "op",
    "ot",
    "ooc",
    "oong",
    "oa",
    "oac",
    "oach",
    "oai",
    "oam",
    "oan",
    "oang",
    "oanh",
    "oao",
    "oap",
    "oat",
    "oay",
    "oăc",
    "oăm",
    "oăn",
    "oăng",
    "oăt",
    "oe",
    "oen",
    "oeo",
    "oet",
    /* ô ơ */
    "ô",
    "ôc",
    "ôi",
    "ôm",
    "ôn",
    "ông",
    "ôp",
    "ôt",
    "ơ",
    "ơi",
    "ơm",
    "ơn",
    "ơp",
    "ơt",
    /* u, uô/ua, medial u */
    "u",
    "ua",
    "uc",
    "ui",
    "um",
    "un",
    "ung",
    "up",
    "ut",
    "uôc",
    "uôi",
    "uôm",
    "uôn",
    "uông",
    "uôt",
    "uân",
    "uâng",
    "uât",
    "uây",
    "uê",
    "uêch",
    "uênh",
    "uơ",
    "uy",
    "uya",
    "uych",
    "uyn",
    "uynh",
    "uyp",
    "uyt",
    "uyu",
    "uyên",
    "uyêt",
    /* ư, ươ/ưa */
    "ư",
    "ưa",
    "ưc",
    "ưi",
    "ưm",
    "ưn",
    "ưng",
    "ưt",
    "ưu",
    "ươ",
    "ươc",
    "ươi",
    "ươm",
    "ươn",
    "ương",
    "ươp",
    "ươt",
    "ươu",
    /* y, yê */
    "y",
    "yêm",
    "yên",
    "yêng",
    "yêt",
    "yêu",
};

#define N_RHYMES (sizeof(rhymes) / sizeof(rhymes[0]))
#define KEY_MAX  16

/* Keys of the rhymes as written, and with the marks taken off. */
static char rhyme_keys[N_RHYMES][KEY_MAX];
static char rhyme_bare[N_RHYMES][KEY_MAX];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

struct key {
    char s[KEY_MAX];
    int tone;
    int tone_pos; /* index in s of the vowel carrying the tone, -1 if none */
    bool ascii;
};

static bool add_mod(char *last, utf8proc_int32_t mark)
{
    static const struct {
        char base;
        utf8proc_int32_t mark;
        char code;
    } mods[] = {
        {'a', 0x306, 'A'}, {'a', 0x302, 'B'}, {'e', 0x302, 'E'},
        {'o', 0x302, 'O'}, {'o', 0x31B, 'P'}, {'u', 0x31B, 'U'},
    };
    for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
        if (mods[i].base == *last && mods[i].mark == mark) {
            *last = mods[i].code;
            return true;
        }
    return false;
}

static int tone_of(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x300:
        return TONE_GRAVE;
    case 0x301:
        return TONE_ACUTE;
    case 0x303:
        return TONE_TILDE;
    case 0x309:
        return TONE_HOOK;
    case 0x323:
        return TONE_DOT;
    default:
        return TONE_NONE;
    }
}

/* Reduces a word to its key; false when it holds anything that is not a
 * Vietnamese letter or mark, two tones, or a mark on the wrong letter. */
static bool make_key(const char *word, size_t len, struct key *k)
{
    size_t n = 0;
    k->tone = TONE_NONE;
    k->tone_pos = -1;
    k->ascii = true;
    if (len == 0 || len > VNSYL_MAX_WORD)
        return false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)word;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (r <= 0)
            return false;
        i += (size_t)r;
        if (cp >= 0x80)
            k->ascii = false;
        utf8proc_int32_t d[4];
        int last_class = 0;
        utf8proc_ssize_t nd =
            utf8proc_decompose_char(utf8proc_tolower(cp), d, 4, UTF8PROC_DECOMPOSE, &last_class);
        if (nd <= 0 || nd > 4)
            return false;
        for (utf8proc_ssize_t j = 0; j < nd; j++) {
            utf8proc_int32_t c = d[j];
            int t = tone_of(c);
            if (c >= 'a' && c <= 'z') {
                if (n + 1 >= KEY_MAX)
                    return false;
                k->s[n++] = (char)c;
            } else if (c == 0x111) {
                if (n + 1 >= KEY_MAX)
                    return false;
                k->s[n++] = 'D';
            } else if (t != TONE_NONE) {
                if (n == 0 || k->tone != TONE_NONE || !strchr("aeiouyABEOPU", k->s[n - 1]))
                    return false;
                k->tone = t;
                k->tone_pos = (int)n - 1;
            } else if (c == 0x306 || c == 0x302 || c == 0x31B) {
                if (n == 0 || !add_mod(&k->s[n - 1], c))
                    return false;
            } else {
                return false;
            }
        }
    }
    k->s[n] = '\0';
    return n > 0;
}

static void strip_key(char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case 'A':
        case 'B':
            *s = 'a';
            break;
        case 'E':
            *s = 'e';
            break;
        case 'O':
        case 'P':
            *s = 'o';
            break;
        case 'U':
            *s = 'u';
            break;
        case 'D':
            *s = 'd';
            break;
        default:
            break;
        }
    }
}

static void init_tables(void)
{
    for (size_t i = 0; i < N_RHYMES; i++) {
        struct key k;
        if (!make_key(rhymes[i], strlen(rhymes[i]), &k))
            k.s[0] = '\0'; /* cannot happen with the table above; tests check */
        memcpy(rhyme_keys[i], k.s, KEY_MAX);
        memcpy(rhyme_bare[i], k.s, KEY_MAX);
        strip_key(rhyme_bare[i]);
    }
}

static bool rhyme_known(const char *r, bool bare)
{
    for (size_t i = 0; i < N_RHYMES; i++)
        if (strcmp(bare ? rhyme_bare[i] : rhyme_keys[i], r) == 0)
            return true;
    return false;
}

static bool is_front(char c, bool with_y)
{
    return c == 'i' || c == 'e' || c == 'E' || (with_y && c == 'y');
}

static bool onset_rhyme_ok(const char *onset, const char *r, bool bare)
{
    char c = r[0];
    if (strcmp(onset, "k") == 0 && !is_front(c, true))
        return false;
    if ((strcmp(onset, "gh") == 0 || strcmp(onset, "ngh") == 0) && !is_front(c, false))
        return false;
    if ((strcmp(onset, "c") == 0 || strcmp(onset, "ng") == 0) && is_front(c, true))
        return false;
    /* g before i is the onset gi sharing its i: gì, gìn, giếng. */
    if (strcmp(onset, "g") == 0 && c != 'i' && is_front(c, true))
        return false;
    if (strcmp(onset, "gi") == 0 && (c == 'i' || c == 'y'))
        return false;
    if (strcmp(onset, "qu") == 0) {
        if (c == 'u' || c == 'o' || c == 'U')
            return false;
        char ur[KEY_MAX + 1];
        ur[0] = 'u';
        memcpy(ur + 1, r, strlen(r) + 1);
        return rhyme_known(r, bare) || rhyme_known(ur, bare);
    }
    return rhyme_known(r, bare);
}

static bool stop_coda(const char *r)
{
    size_t n = strlen(r);
    if (n >= 2 && strcmp(r + n - 2, "ch") == 0)
        return true;
    char c = r[n - 1];
    return c == 'c' || c == 'p' || c == 't';
}

static bool is_vowel_code(char c)
{
    return c && strchr("aeiouyABEOPU", c) != NULL;
}

/* Where the tone goes (either style: hoà and hòa, thuý and thúy): on the
 * last modified vowel if there is one (người, được, mứa); else on the last
 * vowel before a coda (hoàng); in an open rhyme on the first vowel (tài,
 * mùa), or on the second after a medial o/u (hoà, thuý), and on the middle
 * of three (ngoài, khuỷu). pos is the tone's index within r. */
static bool tone_placed(const char *r, int pos)
{
    int first = -1, last = -1, last_mod = -1;
    for (int i = 0; r[i]; i++)
        if (is_vowel_code(r[i])) {
            if (first < 0)
                first = i;
            if (last == i - 1 || last < 0)
                last = i;
            if (r[i] >= 'A' && r[i] <= 'Z')
                last_mod = i;
        }
    if (first < 0 || pos < first || pos > last)
        return false;
    if (last_mod >= 0)
        return pos == last_mod;
    int run = last - first + 1;
    if (r[last + 1] != '\0')
        return pos == last;
    if (run == 1)
        return true;
    bool medial = (r[first] == 'o' && (r[first + 1] == 'a' || r[first + 1] == 'e')) ||
                  (r[first] == 'u' && r[first + 1] == 'y');
    if (run == 2)
        return medial ? true : pos == first;
    return pos == first + 1;
}

/* bare: match the key against the rhymes with their marks taken off. */
static bool key_valid(const char *key, int tone, int tone_pos, bool bare)
{
    pthread_once(&tables_once, init_tables);
    if (strlen(key) >= KEY_MAX)
        return false;
    for (size_t i = 0; i < sizeof(onsets) / sizeof(onsets[0]); i++) {
        size_t n = strlen(onsets[i]);
        if (strncmp(key, onsets[i], n) != 0 || key[n] == '\0')
            continue;
        const char *r = key + n;
        if (!onset_rhyme_ok(onsets[i], r, bare))
            continue;
        /* Stop codas (c ch p t) take only sắc or nặng. */
        if (!bare && stop_coda(r) && tone != TONE_ACUTE && tone != TONE_DOT)
            continue;
        if (!bare && tone != TONE_NONE && !tone_placed(r, tone_pos - (int)n))
            continue;
        return true;
    }
    return false;
}

enum vnsyl_kind vnsyl_classify(const char *word, size_t len)
{
    struct key k;
    if (!make_key(word, len, &k))
        return VNSYL_OTHER;
    if (key_valid(k.s, k.tone, k.tone_pos, false))
        return k.ascii ? VNSYL_BARE : VNSYL_MARKED;
    if (k.ascii && key_valid(k.s, TONE_NONE, -1, true))
        return VNSYL_STRIPPED;
    return VNSYL_OTHER;
}

bool vnsyl_key(const char *word, size_t len, char *key, size_t n)
{
    struct key k;
    if (n < VNSYL_KEY_MAX || !make_key(word, len, &k))
        return false;
    snprintf(key, n, "%s%c", k.s, '0' + k.tone);
    return true;
}

bool vnsyl_skeleton(const char *word, size_t len, char *out, size_t n)
{
    struct key k;
    if (n < KEY_MAX || !make_key(word, len, &k))
        return false;
    strip_key(k.s);
    snprintf(out, n, "%s", k.s);
    return true;
}

bool vnsyl_is_syllable(const char *word, size_t len)
{
    enum vnsyl_kind kind = vnsyl_classify(word, len);
    return kind == VNSYL_MARKED || kind == VNSYL_BARE;
}

bool vnsyl_is_skeleton(const char *word, size_t len)
{
    enum vnsyl_kind kind = vnsyl_classify(word, len);
    return kind == VNSYL_BARE || kind == VNSYL_STRIPPED;
}

/* The commonest marked syllables of administrative Vietnamese, our own
 * list: they break ties between decodings of very short text ("không có
 * gì" against TCVN3's reading "khụng cú giè"). Sorted by UTF-8 bytes. */
static const char *const common[] = {
    "bảo",   "bộ",    "các",  "cấp",    "có",   "công",   "cũng", "của",  "cửa",   "dân", "dịch",
    "đã",    "đại",   "đảm",  "đảng",   "đăng", "đầu",    "để",   "đến",  "điện",  "đó",  "đồng",
    "đổi",   "đối",   "động", "được",   "gì",   "giá",    "giờ",  "hành", "hóa",   "học", "hồ",
    "hộ",    "hội",   "khác", "không",  "ký",   "kết",    "kế",   "lý",   "là",    "lên", "lực",
    "mới",   "mọi",   "một",  "năm",    "nâng", "này",    "ngày", "nghị", "người", "nhà", "nhân",
    "nhất",  "những", "nước", "phát",   "phố",  "phường", "quả",  "quản", "quốc",  "số",  "sở",
    "sự",    "tác",   "tại",  "tế",     "thể",  "thủ",    "thực", "tiến", "tin",   "tổ",  "trên",
    "triển", "trong", "trực", "trường", "từ",   "tục",    "và",   "vào",  "văn",   "về",  "việc",
    "việt",  "với",   "vụ",   "xã",     "xây",  "ý",      "ủy",   "ứng",
};

bool vnsyl_is_common(const char *word, size_t len)
{
    char low[VNSYL_MAX_WORD + 1];
    if (len > VNSYL_MAX_WORD)
        return false;
    utf8proc_uint8_t *nfc = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, &nfc,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
        return false;
    snprintf(low, sizeof(low), "%s", (char *)nfc);
    free(nfc);
    for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
        if (strcmp(common[i], low) == 0)
            return true;
    return false;
}
