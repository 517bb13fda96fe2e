/* SPDX-License-Identifier: MIT */
/* Legacy Vietnamese encodings and the syllable grammar, checked against
 * independent references: glibc's iconv (TCVN5712-1, CP1258), GNU recode
 * (VIQR, VNI) and Debian's hunspell-vi syllable list; and the per-syllable
 * judge of vnspell.h: lost marks, misspellings and their suggestions. */

#include <check.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "fixture.h"
#include "vn/legacy.h"
#include "vn/vnspell.h"
#include "vn/vnsyl.h"

#define MAX_LINES 200

static char *lines[MAX_LINES];
static size_t n_lines;

static char *nfc(const char *s)
{
    return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

static void load_corpus(void)
{
    if (n_lines)
        return;
    char path[512];
    snprintf(path, sizeof(path), "%s/data/vi-corpus.txt", getenv("BANGTIN_TEST_DIR"));
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char buf[1024];
    while (n_lines < MAX_LINES && fgets(buf, sizeof(buf), f)) {
        buf[strcspn(buf, "\n")] = '\0';
        if (buf[0])
            lines[n_lines++] = strdup(buf);
    }
    fclose(f);
    ck_assert_uint_ge(n_lines, 60);
}

/* The 134 Vietnamese letters that are not plain ASCII: 12 vowels x 6 tones
 * less the 6 bare ASCII vowels, plus đ; lower and upper case. */
static char *all_letters(size_t *count)
{
    static const char *vowels[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
    static const char *tones[] = {"", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"};
    static char out[4096];
    char lower[2048] = "", upper[2048] = "";
    *count = 0;
    for (size_t v = 0; v < 12; v++)
        for (size_t t = 0; t < 6; t++) {
            if (t == 0 && strlen(vowels[v]) == 1)
                continue;
            char tmp[16];
            snprintf(tmp, sizeof(tmp), "%s%s", vowels[v], tones[t]);
            char *c = nfc(tmp);
            strcat(lower, c);
            strcat(lower, " ");
            utf8proc_int32_t cp;
            utf8proc_iterate((const utf8proc_uint8_t *)c, -1, &cp);
            utf8proc_uint8_t u[5] = {0};
            utf8proc_encode_char(utf8proc_toupper(cp), u);
            strcat(upper, (char *)u);
            strcat(upper, " ");
            free(c);
            *count += 2;
        }
    strcat(lower, "đ ");
    strcat(upper, "Đ");
    *count += 2;
    snprintf(out, sizeof(out), "%s%s", lower, upper);
    return out;
}

/* glibc iconv, one conversion; NULL when it refuses the input. */
static char *iconv_str(const char *to, const char *from, const char *in, size_t len)
{
    iconv_t cd = iconv_open(to, from);
    ck_assert(cd != (iconv_t)-1);
    size_t cap = len * 4 + 16, left = cap - 1;
    char *out = calloc(1, cap), *op = out, *ip = (char *)in;
    size_t ileft = len;
    size_t r = iconv(cd, &ip, &ileft, &op, &left);
    if (r != (size_t)-1)
        r = iconv(cd, NULL, NULL, &op, &left);
    iconv_close(cd);
    if (r == (size_t)-1) {
        free(out);
        return NULL;
    }
    *op = '\0';
    return out;
}

/* Runs a shell command with in on its stdin; returns its stdout. */
static char *run_filter(const char *cmd, const char *in, size_t len)
{
    char path[] = "/tmp/bangtin-legacy-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, in, len), (ssize_t)len);
    close(fd);
    char full[1024];
    snprintf(full, sizeof(full), "%s < %s", cmd, path);
    FILE *p = popen(full, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = len * 4 + 64, n = 0;
    char *out = malloc(cap);
    size_t r;
    while ((r = fread(out + n, 1, cap - n - 1, p)) > 0)
        n += r;
    out[n] = '\0';
    ck_assert_int_eq(pclose(p), 0);
    unlink(path);
    return out;
}

static char *decode(enum legacy_enc enc, const char *in, size_t len, bool layered)
{
    char *out;
    size_t n;
    ck_assert(layered ? legacy_decode(enc, in, len, &out, &n)
                      : legacy_decode_raw(enc, in, len, &out, &n));
    ck_assert_uint_eq(strlen(out), n);
    return out;
}

static char *encode(enum legacy_enc enc, const char *s)
{
    char *out;
    size_t n;
    ck_assert_msg(legacy_encode(enc, s, strlen(s), &out, &n), "cannot encode %s as %s", s,
                  legacy_name(enc));
    return out;
}

/* What a paste into a JSON editor makes of legacy bytes. */
static char *as_cp1252(const char *bytes)
{
    char *s = iconv_str("UTF-8", "WINDOWS-1252", bytes, strlen(bytes));
    ck_assert_ptr_nonnull(s);
    return s;
}

/* Removes every mark, as OCR or typing without Telex does. */
static char *strip_marks(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                 UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    char *o = (char *)out, *w = o;
    for (char *r = o; *r;) {
        if ((unsigned char)r[0] == 0xC4 &&
            ((unsigned char)r[1] == 0x91 || (unsigned char)r[1] == 0x90)) {
            *w++ = (unsigned char)r[1] == 0x91 ? 'd' : 'D';
            r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return o;
}

static const enum legacy_enc legacy_encs[] = {LEGACY_TCVN3, LEGACY_VNI, LEGACY_VIQR, LEGACY_CP1258};

START_TEST(all_letters_round_trip)
{
    size_t count;
    const char *letters = all_letters(&count);
    ck_assert_uint_eq(count, 134);
    enum legacy_enc enc = legacy_encs[_i];
    char *bytes = encode(enc, letters);
    char *back = decode(enc, bytes, strlen(bytes), false);
    ck_assert_str_eq(back, letters);
    free(back);
    if (enc != LEGACY_VIQR) { /* the same bytes pasted through Windows-1252 */
        char *pasted = as_cp1252(bytes);
        back = decode(enc, pasted, strlen(pasted), true);
        ck_assert_str_eq(back, letters);
        free(back);
        free(pasted);
    }
    free(bytes);
}
END_TEST

START_TEST(corpus_round_trip)
{
    load_corpus();
    enum legacy_enc enc = legacy_encs[_i];
    char all[65536] = "";
    for (size_t i = 0; i < n_lines; i++) {
        strcat(all, lines[i]);
        strcat(all, "\n");
    }
    char *bytes = encode(enc, all);
    char *back = decode(enc, bytes, strlen(bytes), false);
    ck_assert_str_eq(back, all);
    free(back);
    if (enc != LEGACY_VIQR) {
        char *pasted = as_cp1252(bytes);
        back = decode(enc, pasted, strlen(pasted), true);
        ck_assert_str_eq(back, all);
        free(back);
        free(pasted);
    }
    free(bytes);
}
END_TEST

START_TEST(known_pastes)
{
    static const struct {
        enum legacy_enc enc;
        const char *in, *want;
    } cases[] = {
        {LEGACY_TCVN3, "§Èy m¹nh chuyÓn ®æi sè", "Đẩy mạnh chuyển đổi số"},
        {LEGACY_TCVN3, "\xa7\xc8y m\xb9nh", "Đẩy mạnh"},
        {LEGACY_VNI, "Ñaåy maïnh chuyeån ñoåi soá", "Đẩy mạnh chuyển đổi số"},
        {LEGACY_VNI, "\xd1\x61\xe5y ma\xefnh", "Đẩy mạnh"},
        {LEGACY_VIQR, "DDa^?y ma.nh chuye^?n ddo^?i so^'", "Đẩy mạnh chuyển đổi số"},
        {LEGACY_VIQR, "Ha` No^.i\\. Tie^'ng Vie^.t\\?", "Hà Nội. Tiếng Việt?"},
        {LEGACY_VIQR, "ad\\dress \\\\ ddu+o+`ng", "address \\ đường"},
        {LEGACY_CP1258, "\xd0\xe2\xd2y ma\xf2nh", "Đẩy mạnh"},
        {LEGACY_CP1258, "ÐâÒy", "Đẩy"}, /* pasted: Ò is 0xD2 */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *out = decode(cases[i].enc, cases[i].in, strlen(cases[i].in), true);
        ck_assert_msg(strcmp(out, cases[i].want) == 0, "%s: %s -> %s, want %s",
                      legacy_name(cases[i].enc), cases[i].in, out, cases[i].want);
        free(out);
    }
}
END_TEST

START_TEST(tcvn3_matches_glibc)
{
    /* glibc's TCVN5712-1 reads some bytes below 0x20 as capitals (VN1);
     * TCVN3 files keep them as controls, so only 0xA0-0xFF is compared. */
    for (int b = 0xA0; b <= 0xFF; b++) {
        char in[2] = {(char)b, 0};
        char *ref = iconv_str("UTF-8", "TCVN5712-1", in, 1);
        ck_assert_ptr_nonnull(ref);
        char *ref_nfc = nfc(ref);
        char *ours = decode(LEGACY_TCVN3, in, 1, false);
        ck_assert_msg(strcmp(ours, ref_nfc) == 0, "byte %02X: %s, glibc %s", b, ours, ref_nfc);
        free(ref);
        free(ref_nfc);
        free(ours);
    }
    /* 0x80-0x9F: Word's punctuation, as Windows-1252. */
    for (int b = 0x80; b < 0xA0; b++) {
        char in[2] = {(char)b, 0};
        char *ref = iconv_str("UTF-8", "WINDOWS-1252", in, 1);
        if (!ref)
            continue; /* undefined in 1252 */
        char *ours = decode(LEGACY_TCVN3, in, 1, false);
        ck_assert_str_eq(ours, ref);
        free(ref);
        free(ours);
    }
}
END_TEST

START_TEST(cp1258_matches_glibc)
{
    int compared = 0;
    for (int b = 0x80; b <= 0xFF; b++) {
        char in[2] = {(char)b, 0};
        char *ref = iconv_str("UTF-8", "CP1258", in, 1);
        if (!ref)
            continue;
        char *ref_nfc = nfc(ref), *ours = decode(LEGACY_CP1258, in, 1, false);
        ck_assert_msg(strcmp(ours, ref_nfc) == 0, "byte %02X: %s, glibc %s", b, ours, ref_nfc);
        free(ref);
        free(ref_nfc);
        free(ours);
        compared++;
    }
    ck_assert_int_eq(compared, 119); /* 9 bytes are undefined */
    /* Every letter + every tone byte. */
    static const char tones[] = "\xcc\xec\xd2\xde\xf2";
    static const char letters[] = "aeiouyAEIOUY\xe2\xea\xf4\xe3\xf5\xfd\xc2\xca\xd4\xc3\xd5\xdd";
    for (const char *l = letters; *l; l++)
        for (const char *t = tones; *t; t++) {
            char in[3] = {*l, *t, 0};
            char *ref = iconv_str("UTF-8", "CP1258", in, 2);
            ck_assert_ptr_nonnull(ref);
            char *ref_nfc = nfc(ref), *ours = decode(LEGACY_CP1258, in, 2, false);
            ck_assert_str_eq(ours, ref_nfc);
            ck_assert_uint_eq(utf8proc_iterate((utf8proc_uint8_t *)ours, -1, &(int32_t){0}),
                              strlen(ours)); /* one precomposed letter */
            free(ref);
            free(ref_nfc);
            free(ours);
        }
}
END_TEST

START_TEST(viqr_matches_recode)
{
    load_corpus();
    size_t count;
    char text[65536];
    snprintf(text, sizeof(text), "%s\n", all_letters(&count));
    for (size_t i = 0; i < n_lines; i++) {
        strcat(text, lines[i]);
        strcat(text, "\n");
    }
    /* recode writes VIQR, we read it. */
    char *theirs = run_filter("recode -f utf8..viqr", text, strlen(text));
    char *back = decode(LEGACY_VIQR, theirs, strlen(theirs), false);
    ck_assert_str_eq(back, text);
    free(back);
    free(theirs);
    /* We write VIQR, recode reads it. */
    char *ours = encode(LEGACY_VIQR, text);
    char *read = run_filter("recode -f viqr..utf8", ours, strlen(ours));
    char *read_nfc = nfc(read);
    ck_assert_str_eq(read_nfc, text);
    free(read_nfc);
    free(read);
    free(ours);
}
END_TEST

START_TEST(vni_matches_recode)
{
    size_t count;
    const char *letters = all_letters(&count);
    int compared = 0;
    for (const char *p = letters; *p;) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        char letter[8] = {0};
        memcpy(letter, p, n);
        p += n + (sp ? 1 : 0);
        char *ours = encode(LEGACY_VNI, letter);
        char *theirs = run_filter("recode -f utf8..VNI", letter, n);
        /* recode's VNI swaps the capitals Ắ and Ằ (A + 0xC9 is Ắ, as the
         * VNI font and its lower case a + 0xE9 = ắ show). */
        if (strcmp(letter, "Ắ") == 0) {
            ck_assert_str_eq(ours, "A\xc9");
            ck_assert_str_eq(theirs, "A\xc8");
        } else if (strcmp(letter, "Ằ") == 0) {
            ck_assert_str_eq(ours, "A\xc8");
            ck_assert_str_eq(theirs, "A\xc9");
        } else
            ck_assert_msg(strcmp(ours, theirs) == 0, "%s: ours %s, recode %s", letter, ours,
                          theirs);
        char *back = decode(LEGACY_VNI, ours, strlen(ours), false);
        ck_assert_str_eq(back, letter);
        free(back);
        free(ours);
        free(theirs);
        compared++;
    }
    ck_assert_int_eq(compared, 134);
}
END_TEST

START_TEST(grammar_matches_hunspell)
{
    FILE *f = fopen("/usr/share/hunspell/vi_VN.dic", "r");
    ck_assert_msg(f != NULL, "hunspell-vi is not installed (bootstrap.sh test installs it)");
    char line[256];
    int total = 0, ok = 0;
    ck_assert_ptr_nonnull(fgets(line, sizeof(line), f)); /* count */
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "/\r\n")] = '\0';
        if (!line[0] || (line[0] >= 'A' && line[0] <= 'Z'))
            continue; /* names and acronyms */
        total++;
        ok += vnsyl_is_syllable(line, strlen(line));
    }
    fclose(f);
    printf("grammar: accepts %d of %d hunspell-vi syllables (%.2f%%)\n", ok, total,
           100.0 * ok / total);
    ck_assert_int_ge(total, 6000);
    ck_assert_int_ge(ok * 1000, total * 995);

    /* What it must refuse. */
    static const char *bad[] = {"digital", "transformation",
                                "hello",   "world",
                                "và̀",      "cà",
                                "ká",      "ghá",
                                "ngé",     "quo",
                                "tôt",     "ăn̉",
                                "§Èy",     "m¹nh"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!vnsyl_is_syllable(bad[i], strlen(bad[i])) || strcmp(bad[i], "cà") == 0,
                      "%s accepted", bad[i]);
    ck_assert(!vnsyl_is_syllable("tôt", 4));
    ck_assert(vnsyl_classify("duoc", 4) == VNSYL_STRIPPED);
    ck_assert(vnsyl_classify("anh", 3) == VNSYL_BARE);
    ck_assert(vnsyl_classify("được", strlen("được")) == VNSYL_MARKED);
    ck_assert(vnsyl_classify("Ð°ÓC", 4) == VNSYL_OTHER);
}
END_TEST

struct rate {
    int named, ok, total;
};

/* named: detection names the encoding; ok: converting with what detection
 * found gives the right text (on very short text two encodings can agree). */
static void detect_case(struct rate *r, const char *input, enum legacy_enc want, const char *text,
                        bool verbose)
{
    struct legacy_guess g;
    legacy_detect_ex(input, strlen(input), &g);
    char *out = decode(g.enc, input, strlen(input), g.cp1252_layer);
    r->total++;
    r->named += g.enc == want;
    r->ok += strcmp(out, text) == 0;
    if (verbose && strcmp(out, text) != 0)
        printf("  missed %s (got %s): %s -> %s\n", legacy_name(want), legacy_name(g.enc), input,
               out);
    free(out);
}

/* The first n words of a line. */
static void first_words(char *dst, const char *src, int n)
{
    strcpy(dst, src);
    char *p = dst;
    for (int i = 0; i < n && p; i++) {
        p = strchr(p, ' ');
        if (p && i < n - 1)
            p++;
    }
    if (p)
        *p = '\0';
}

START_TEST(detection_accuracy)
{
    load_corpus();
    static const struct {
        const char *label;
        int words;
        int min_percent;
    } lengths[] = {{"full lines", 99, 100}, {"3 words", 3, 93}, {"1 word", 1, 75}};
    for (size_t li = 0; li < 3; li++) {
        struct rate per[LEGACY_N_ENC + 4] = {{0}};
        for (size_t i = 0; i < n_lines; i++) {
            char text[1024];
            first_words(text, lines[i], lengths[li].words);
            bool has_mark = false;
            for (const char *p = text; *p; p++)
                has_mark |= (unsigned char)*p >= 0x80;
            detect_case(&per[LEGACY_UTF8], text, LEGACY_UTF8, text, li < 2);
            if (!has_mark)
                continue; /* ASCII-only Vietnamese is the same in every encoding */
            for (size_t e = 0; e < 4; e++) {
                char *bytes = encode(legacy_encs[e], text);
                detect_case(&per[legacy_encs[e]], bytes, legacy_encs[e], text, li < 2);
                if (legacy_encs[e] != LEGACY_VIQR) {
                    char *pasted = as_cp1252(bytes);
                    detect_case(&per[LEGACY_N_ENC + e], pasted, legacy_encs[e], text, li < 2);
                    free(pasted);
                }
                free(bytes);
            }
        }
        printf("detection, %s:", lengths[li].label);
        for (int e = 0; e < LEGACY_N_ENC + 4; e++) {
            if (!per[e].total)
                continue;
            printf(" %s%s %d/%d (named %d)", e >= LEGACY_N_ENC ? "pasted-" : "",
                   e >= LEGACY_N_ENC ? legacy_name(legacy_encs[e - LEGACY_N_ENC])
                                     : legacy_name((enum legacy_enc)e),
                   per[e].ok, per[e].total, per[e].named);
        }
        printf("\n");
        for (int e = 0; e < LEGACY_N_ENC + 4; e++)
            if (per[e].total)
                ck_assert_msg(per[e].ok * 100 >= per[e].total * lengths[li].min_percent,
                              "%s: %d/%d", lengths[li].label, per[e].ok, per[e].total);
    }
}
END_TEST

START_TEST(english_and_ascii_stay_utf8)
{
    static const char *texts[] = {
        "Digital transformation",
        "Hello world. It is a good day.",
        "Open 7:30 - 17:00, Monday to Friday.",
        "UBND",
        "VNeID",
        "Call 113 for police, 114 for fire, 115 for an ambulance.",
        "Café au lait, résumé, naïve",
        "a.m. and p.m.",
        "",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        ck_assert_msg(legacy_detect(texts[i], strlen(texts[i])) == LEGACY_UTF8, "%s", texts[i]);
        ck_assert_msg(!legacy_looks_mojibake(texts[i], strlen(texts[i]), NULL), "%s", texts[i]);
    }
}
END_TEST

START_TEST(mojibake_flagged_for_check)
{
    load_corpus();
    int flagged_good = 0, hits = 0, total = 0;
    for (size_t i = 0; i < n_lines; i++) {
        flagged_good += legacy_looks_mojibake(lines[i], strlen(lines[i]), NULL);
        for (size_t e = 0; e < 4; e++) {
            char *bytes = encode(legacy_encs[e], lines[i]);
            char *field = legacy_encs[e] == LEGACY_VIQR ? strdup(bytes) : as_cp1252(bytes);
            enum legacy_enc got = LEGACY_UTF8;
            total++;
            hits += legacy_looks_mojibake(field, strlen(field), &got) && got == legacy_encs[e];
            free(field);
            free(bytes);
        }
    }
    printf("[legacy-encoding]: %d/%d pasted lines flagged with the right encoding, %d/%zu "
           "correct lines flagged\n",
           hits, total, flagged_good, n_lines);
    ck_assert_int_eq(flagged_good, 0);
    ck_assert_int_ge(hits * 100, total * 98);
    /* Short labels of a stats item. */
    enum legacy_enc got;
    ck_assert(legacy_looks_mojibake("Hå s¬", strlen("Hå s¬"), &got));
    ck_assert_int_eq(got, LEGACY_TCVN3);
    ck_assert(legacy_looks_mojibake("Toång soá", strlen("Toång soá"), &got));
    ck_assert_int_eq(got, LEGACY_VNI);
}
END_TEST

static bool lost(const char *text)
{
    struct vnspell_counts c;
    vnspell_count(text, NULL, &c);
    return vnspell_lost_marks(&c);
}

START_TEST(no_diacritics_rates)
{
    load_corpus();
    int fp = 0, recall = 0;
    for (size_t i = 0; i < n_lines; i++) {
        if (lost(lines[i])) {
            fp++;
            printf("  false positive: %s\n", lines[i]);
        }
        char *bare = strip_marks(lines[i]);
        if (lost(bare))
            recall++;
        else
            printf("  not flagged: %s\n", bare);
        free(bare);
    }
    printf("[no-diacritics]: %d/%zu correct lines flagged, %d/%zu stripped lines flagged\n", fp,
           n_lines, recall, n_lines);
    ck_assert_int_le(fp * 30, (int)n_lines);
    ck_assert_int_ge(recall * 100, (int)n_lines * 80);

    static const struct {
        const char *text;
        bool want;
    } cases[] = {
        {"Day manh truyen thong chuyen doi so", true},
        {"DAY MANH CHUYEN DOI SO VI NHAN DAN PHUC VU", true},
        {"Uy ban nhan dan phuong Minh Xuan kinh chao quy khach", true},
        /* OCR keeps some marks, in the wrong places (issue 19). */
        {"Day manh truyen théng", true},
        {"dot pha phat trién khoa heoc, cong nghé, déi méi sang tao", true},
        {"Diéu 14. O nudéc Céng hoa xa héi chi", true},
        {"Digital transformation", false},
        {"Digital transformation for a better life in every commune", false},
        {"Welcome to the People's Committee of Minh Xuan ward", false},
        {"UBND", false},
        {"VNeID", false},
        {"Ha Noi", false},
        {"Nguyen Thi Minh Khai", false},
        {"Đẩy mạnh chuyển đổi số", false},
        /* Marks misplaced, none lost: typing slips for [spelling]. */
        {"Ngưòi dân đuợc huớng dẫn nộp hồ sơ", false},
        {"Tải ứng dụng VNeID để làm thủ tục", false},
        {"Pha nghề thi họa, đủ mùi ca ngâm, cung thương làu bậc ngũ âm", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(lost(cases[i].text) == cases[i].want, "%s", cases[i].text);
}
END_TEST

/* The evidence the warning gives, counted syllable by syllable. */
START_TEST(no_diacritics_evidence)
{
    struct vnspell_counts c;
    vnspell_count("dot pha phat trién khoa heoc, cong nghé, déi méi sang tao", NULL, &c);
    ck_assert_uint_eq(c.syllables, 12);
    ck_assert_uint_eq(c.plain, 8); /* dot pha phat khoa heoc cong sang tao */
    ck_assert_str_eq(c.foreign_words, "heoc");
    ck_assert_uint_eq(c.foreign, 1);
    ck_assert_str_eq(c.bad_words, "trién, déi, méi");
    ck_assert_uint_eq(c.bad_marks, 3);
    ck_assert(vnspell_lost_marks(&c));
    /* Codes, numbers, URLs and acronyms are not syllables to judge. */
    vnspell_count("Nghị quyết 57-NQ/TW, UBND, https://dichvucong.gov.vn, 0912 345 678", NULL, &c);
    ck_assert_uint_eq(c.syllables, 2);
}
END_TEST

static const struct {
    const char *text;
    const char *word;    /* the one word flagged, NULL: none */
    const char *suggest; /* among the suggestions */
} spelling_cases[] = {
    {"Triển khai kế hoạch, tricn khai đồng bộ", "tricn", "triển"},
    {"Học sinh chăm chỉ heoc tập", "heoc", "học"},
    {"Người dân duoc hướng dẫn nộp hồ sơ", "duoc", "được"},
    {"Đẩy mạnh phát trién khoa học", "trién", "triển"},
    {"Người dân đuợc hướng dẫn nộp hồ sơ", "đuợc", "được"},
    {"Đăng ký tài khoản online để nộp hồ sơ", "online", NULL},
    /* Never: numbers, codes, URLs, e-mail, names, acronyms, brands. */
    {"Nghị quyết 57-NQ/TW về chuyển đổi số", NULL, NULL},
    {"Kế hoạch số 12/KH-UBND ngày 15/01/2026", NULL, NULL},
    {"Truy cập https://dichvucong.gov.vn để nộp hồ sơ", NULL, NULL},
    {"Gửi thư đến ubnd@minhxuan.gov.vn hoặc gọi 0912 345 678", NULL, NULL},
    {"Liên hệ qua Zalo hoặc Google để được hỗ trợ", NULL, NULL},
    {"Cài đặt VNeID mức độ 2 tại UBND phường", NULL, NULL},
    {"Hội nghị tổ chức tại huyện Krông Pắc", NULL, NULL},
    {"ĐẨY MẠNH CHUYỂN ĐỔI SỐ VÌ NHÂN DÂN PHỤC VỤ", NULL, NULL},
    /* English is not misspelled Vietnamese. */
    {"Digital transformation for every commune", NULL, NULL},
};

START_TEST(spelling_flags_and_suggests)
{
    struct vnspell_word w[8];
    const char *text = spelling_cases[_i].text;
    size_t n = vnspell_misspelled(text, NULL, w, 8);
    if (!spelling_cases[_i].word) {
        ck_assert_msg(n == 0, "%s: flagged %.*s", text, n ? (int)w[0].len : 0,
                      n ? text + w[0].off : "");
        return;
    }
    ck_assert_msg(n == 1, "%s: %zu flagged", text, n);
    ck_assert_int_eq((int)w[0].len, (int)strlen(spelling_cases[_i].word));
    ck_assert(strncmp(text + w[0].off, spelling_cases[_i].word, w[0].len) == 0);
    if (spelling_cases[_i].suggest) {
        bool found = false;
        for (int k = 0; k < VNSPELL_MAX_SUGGEST; k++)
            found = found || strcmp(w[0].suggest[k], spelling_cases[_i].suggest) == 0;
        ck_assert_msg(found, "%s: %s not in %s, %s, %s", spelling_cases[_i].word,
                      spelling_cases[_i].suggest, w[0].suggest[0], w[0].suggest[1],
                      w[0].suggest[2]);
    }
}
END_TEST

START_TEST(spelling_allow_list)
{
    struct vnspell_word w[4];
    const char *text = "Đăng ký online, nhắn qua zalo để được hỗ trợ";
    ck_assert_uint_eq(vnspell_misspelled(text, NULL, w, 4), 2);
    const char *allow[] = {"Online", "Zalo", NULL};
    struct vnspell_opts o = {.allow = allow};
    ck_assert_uint_eq(vnspell_misspelled(text, &o, w, 4), 0);
    /* The marked reading is the first suggestion for a word that lost it. */
    char s[VNSPELL_MAX_SUGGEST][VNSYL_MAX_WORD + 1];
    ck_assert_uint_ge(vnspell_suggest("duoc", 4, s, 3), 1);
    ck_assert_str_eq(s[0], "được");
}
END_TEST

/* Every syllable of the frequency list is one by the grammar, the list is
 * large enough, and hunspell-vi (GPL-2, read here as a reference, never
 * shipped) knows nearly all of it. */
START_TEST(frequency_list_is_vietnamese)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/../src/vn/vnfreq.inc", getenv("BANGTIN_TEST_DIR"));
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    int n = 0, counted = 0;
    static char syl[4000][VNSYL_MAX_WORD + 1];
    while (fgets(line, sizeof(line), f)) {
        char w[VNSYL_MAX_WORD + 1];
        unsigned cnt, ocr;
        if (sscanf(line, "{\"%48[^\"]\", %u, %u}", w, &cnt, &ocr) != 3)
            continue;
        ck_assert_msg(vnsyl_is_syllable(w, strlen(w)), "%s in vnfreq.inc is no syllable", w);
        unsigned c2;
        bool o2;
        ck_assert(vnspell_frequency(w, &c2, &o2) && c2 == cnt && o2 == (ocr != 0));
        counted += cnt > 0;
        ck_assert_int_lt(n, 4000);
        strcpy(syl[n++], w);
    }
    fclose(f);
    ck_assert_int_ge(n, 3000);
    ck_assert_int_ge(counted, 900);
    unsigned cnt;
    bool ocr;
    ck_assert(vnspell_frequency("được", &cnt, &ocr) && cnt >= 10);
    ck_assert(!vnspell_frequency("tricn", &cnt, &ocr));

    f = fopen("/usr/share/hunspell/vi_VN.dic", "r");
    ck_assert_msg(f != NULL, "hunspell-vi is not installed (bootstrap.sh test installs it)");
    static char dic[8000][VNSYL_MAX_WORD + 1];
    int nd = 0;
    while (nd < 8000 && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "/\r\n")] = '\0';
        char *low = (char *)utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)line);
        if (low && strlen(low) <= VNSYL_MAX_WORD)
            strcpy(dic[nd++], low);
        free(low);
    }
    fclose(f);
    int known = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < nd; j++)
            if (strcmp(syl[i], dic[j]) == 0) {
                known++;
                break;
            }
    printf("vnfreq: %d syllables, %d counted in the corpus, %d (%.1f%%) in hunspell-vi\n", n,
           counted, known, 100.0 * known / n);
    ck_assert_int_ge(known * 100, n * 97);
}
END_TEST

/* OCR output is not an old encoding: its stray marks once decoded as
 * TCVN3 do not make Vietnamese. */
START_TEST(ocr_is_not_legacy)
{
    static const char *ocr[] = {
        "Diéu 14. O nudéc Céng hoa xa héi chi",
        "trong quyén cia ngudi khac. Céng dan co trach",
        "Day manh truyen théng, dot pha phat trién khoa heoc",
    };
    for (size_t i = 0; i < sizeof(ocr) / sizeof(ocr[0]); i++)
        ck_assert_msg(!legacy_looks_mojibake(ocr[i], strlen(ocr[i]), NULL), "%s", ocr[i]);
}
END_TEST

START_TEST(names_and_limits)
{
    enum legacy_enc e;
    ck_assert(legacy_from_name("TCVN3", &e) && e == LEGACY_TCVN3);
    ck_assert(legacy_from_name("vni", &e) && e == LEGACY_VNI);
    ck_assert(legacy_from_name("windows-1258", &e) && e == LEGACY_CP1258);
    ck_assert(!legacy_from_name("latin1", &e));
    for (int i = 0; i < LEGACY_N_ENC; i++) {
        ck_assert(legacy_from_name(legacy_name((enum legacy_enc)i), &e));
        ck_assert_int_eq(e, i);
    }
    /* Unencodable text is refused, not mangled. */
    char *out;
    size_t n;
    ck_assert(!legacy_encode(LEGACY_TCVN3, "漢字", strlen("漢字"), &out, &n));
    ck_assert(!legacy_encode(LEGACY_CP1258, "ẞ", strlen("ẞ"), &out, &n));
    /* Lone mark bytes and stray bytes decode to something, never fail. */
    const char junk[] = "\xf9\xe2 \x81\x00z";
    for (int i = 0; i < LEGACY_N_ENC; i++) {
        ck_assert(legacy_decode_raw((enum legacy_enc)i, junk, sizeof(junk) - 1, &out, &n));
        free(out);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("legacy");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, all_letters_round_trip, 0, 4);
    tcase_add_loop_test(tc, corpus_round_trip, 0, 4);
    tcase_add_test(tc, known_pastes);
    tcase_add_test(tc, tcvn3_matches_glibc);
    tcase_add_test(tc, cp1258_matches_glibc);
    tcase_add_test(tc, viqr_matches_recode);
    tcase_add_test(tc, vni_matches_recode);
    tcase_add_test(tc, grammar_matches_hunspell);
    tcase_add_test(tc, detection_accuracy);
    tcase_add_test(tc, english_and_ascii_stay_utf8);
    tcase_add_test(tc, mojibake_flagged_for_check);
    tcase_add_test(tc, no_diacritics_rates);
    tcase_add_test(tc, no_diacritics_evidence);
    tcase_add_loop_test(tc, spelling_flags_and_suggests, 0,
                        (int)(sizeof(spelling_cases) / sizeof(spelling_cases[0])));
    tcase_add_test(tc, spelling_allow_list);
    tcase_add_test(tc, frequency_list_is_vietnamese);
    tcase_add_test(tc, ocr_is_not_legacy);
    tcase_add_test(tc, names_and_limits);
    suite_add_tcase(s, tc);
    return fixture_run(s);
}
