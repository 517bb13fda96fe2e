/* SPDX-License-Identifier: MIT */
/* Legacy Vietnamese encodings to UTF-8 NFC. Decoders emit base letters and
 * combining marks as they come and leave composition to utf8proc's NFC, so
 * every table below says only what a byte means. */

#include "vn/legacy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "util/dynbuf.h"
#include "vn/vnspell.h"
#include "vn/vnsyl.h"

/* Combining marks: Vietnamese tones and vowel modifiers. */
enum {
    GRAVE = 0x300,
    ACUTE = 0x301,
    CIRC = 0x302,
    TILDE = 0x303,
    BREVE = 0x306,
    HOOK = 0x309,
    HORN = 0x31B,
    DOT = 0x323,
};

/* ---- Tables ------------------------------------------------------------ */

/* Windows-1252 0x80-0x9F; the five bytes it leaves undefined read as the C1
 * controls of the same value, as Latin-1 readers do. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* TCVN 5712:1993 0xA0-0xFF. The VN3 letters (lower case with tones, and
 * Ă Â Ê Ô Ơ Ư Đ at 0xA1-0xA7) plus, in the places VN3 leaves empty, the
 * standard's upper-case letters and its five combining tones (0xB0-0xB4).
 * Bytes below 0xA0 read as Windows-1252 (Word documents' punctuation). */
static const uint16_t tcvn3_hi[96] = {
    /* A0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    /* A8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    /* B0 */ 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    /* B8 */ 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    /* C0 */ 0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    /* C8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    /* D0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    /* D8 */ 0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    /* E0 */ 0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    /* E8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    /* F0 */ 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    /* F8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
};

/* Windows-1258 0x80-0xFF: Latin-1 with Ă Đ Ơ Ư ₫ and five combining tones
 * in place of letters Vietnamese does not use. 0 marks an undefined byte,
 * read as the C1 control of that value. */
static const uint16_t cp1258_hi[128] = {
    /* 80 */ 0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    /* 88 */ 0x02C6, 0x2030, 0,      0x2039, 0x0152, 0,      0,      0,
    /* 90 */ 0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    /* 98 */ 0x02DC, 0x2122, 0,      0x203A, 0x0153, 0,      0,      0x0178,
    /* A0 */ 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
    /* A8 */ 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    /* B0 */ 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    /* B8 */ 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    /* C0 */ 0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    /* C8 */ 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
    /* D0 */ 0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
    /* D8 */ 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
    /* E0 */ 0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    /* E8 */ 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
    /* F0 */ 0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
    /* F8 */ 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
};

/* VNI-Windows: letters that take one byte of their own. */
static const struct {
    uint8_t byte;
    uint16_t cp;
} vni_letters[] = {
    {0xF4, 0x01A1}, {0xF6, 0x01B0}, {0xF1, 0x0111}, {0xED, 0x00ED}, {0xEC, 0x00EC}, /* ơ ư đ í ì */
    {0xE6, 0x1EC9}, {0xF3, 0x0129}, {0xF2, 0x1ECB}, {0xEE, 0x1EF5}, /* ỉ ĩ ị ỵ */
    {0xD4, 0x01A0}, {0xD6, 0x01AF}, {0xD1, 0x0110}, {0xCD, 0x00CD}, {0xCC, 0x00CC}, /* Ơ Ư Đ Í Ì */
    {0xC6, 0x1EC8}, {0xD3, 0x0128}, {0xD2, 0x1ECA}, {0xCE, 0x1EF4}, /* Ỉ Ĩ Ị Ỵ */
};

/* VNI-Windows: the byte after a vowel that carries its marks (lower-case
 * form; the upper-case form, used after capitals, is 0x20 lower). */
static const struct {
    uint8_t byte;
    uint16_t mod, tone;
} vni_marks[] = {
    {0xF9, 0, ACUTE},     {0xF8, 0, GRAVE},     {0xFB, 0, HOOK},     {0xF5, 0, TILDE},
    {0xEF, 0, DOT},       {0xE2, CIRC, 0},      {0xE1, CIRC, ACUTE}, {0xE0, CIRC, GRAVE},
    {0xE5, CIRC, HOOK},   {0xE3, CIRC, TILDE},  {0xE4, CIRC, DOT},   {0xEA, BREVE, 0},
    {0xE9, BREVE, ACUTE}, {0xE8, BREVE, GRAVE}, {0xFA, BREVE, HOOK}, {0xFC, BREVE, TILDE},
    {0xEB, BREVE, DOT},
};

#define N_VNI_LETTERS (sizeof(vni_letters) / sizeof(vni_letters[0]))
#define N_VNI_MARKS   (sizeof(vni_marks) / sizeof(vni_marks[0]))

/* VIQR (RFC 1456) mnemonics. */
static const struct {
    char c;
    uint16_t mark;
} viqr_mods[] = {{'(', BREVE}, {'^', CIRC}, {'+', HORN}},
  viqr_tones[] = {{'\'', ACUTE}, {'`', GRAVE}, {'?', HOOK}, {'~', TILDE}, {'.', DOT}};

/* Tone bytes of TCVN3 and Windows-1258, by mark. */
static const struct {
    uint16_t mark;
    uint8_t tcvn3, cp1258;
} tone_bytes[] = {
    {GRAVE, 0xB0, 0xCC}, {HOOK, 0xB1, 0xD2}, {TILDE, 0xB2, 0xDE},
    {ACUTE, 0xB3, 0xEC}, {DOT, 0xB4, 0xF2},
};

static const char *const enc_names[LEGACY_N_ENC] = {"utf-8", "tcvn3", "vni", "viqr", "cp1258"};

/* ---- Output buffer ------------------------------------------------------- */

/* Every output is bounded: a legacy byte becomes at most three UTF-8
 * bytes and a Vietnamese letter at most three VIQR bytes. */
#define OUT_CAP (4u * LEGACY_MAX_BYTES)

struct buf {
    struct dynbuf d; /* owned */
    bool oom;        /* an append failed: the result is refused */
};

static struct buf buf_make(void)
{
    struct buf b = {.oom = false};
    dynbuf_init(&b.d, OUT_CAP);
    return b;
}

static void buf_bytes(struct buf *b, const void *data, size_t n)
{
    if (!b->oom && !dynbuf_add(&b->d, data, n))
        b->oom = true;
}

static void buf_byte(struct buf *b, uint8_t c)
{
    buf_bytes(b, &c, 1);
}

static void buf_cp(struct buf *b, int32_t cp)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
    buf_bytes(b, tmp, (size_t)n);
}

/* Hands the buffer over as NFC. */
static bool buf_finish_nfc(struct buf *b, char **out, size_t *out_len)
{
    if (b->oom) {
        dynbuf_free(&b->d);
        return false;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)dynbuf_ptr(&b->d),
                     (utf8proc_ssize_t)dynbuf_len(&b->d), &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    dynbuf_free(&b->d);
    if (n < 0)
        return false;
    *out = (char *)nfc;
    if (out_len)
        *out_len = (size_t)n;
    return true;
}

static bool buf_finish_raw(struct buf *b, char **out, size_t *out_len)
{
    if (b->oom) {
        dynbuf_free(&b->d);
        return false;
    }
    *out = dynbuf_take(&b->d, out_len);
    return *out != NULL;
}

/* ---- Names ---------------------------------------------------------------- */

const char *legacy_name(enum legacy_enc enc)
{
    return (unsigned)enc < LEGACY_N_ENC ? enc_names[enc] : "?";
}

bool legacy_from_name(const char *name, enum legacy_enc *enc)
{
    static const struct {
        const char *name;
        enum legacy_enc enc;
    } aliases[] = {
        {"utf-8", LEGACY_UTF8},          {"utf8", LEGACY_UTF8}, {"tcvn3", LEGACY_TCVN3},
        {"tcvn", LEGACY_TCVN3},          {"abc", LEGACY_TCVN3}, {"vni", LEGACY_VNI},
        {"vni-windows", LEGACY_VNI},     {"viqr", LEGACY_VIQR}, {"cp1258", LEGACY_CP1258},
        {"windows-1258", LEGACY_CP1258},
    };
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcasecmp(name, aliases[i].name) == 0) {
            *enc = aliases[i].enc;
            return true;
        }
    return false;
}

/* ---- Decoders ------------------------------------------------------------ */

static int32_t cp1252_cp(uint8_t b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_hi[b - 0x80] : b;
}

static bool is_ascii_vowel(uint8_t c)
{
    return c && strchr("aeiouyAEIOUY", c) != NULL;
}

static void decode_utf8(const uint8_t *in, size_t len, struct buf *b)
{
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(in + i, (utf8proc_ssize_t)(len - i), &cp);
        if (r <= 0) { /* a stray byte: read it as Windows-1252 */
            buf_cp(b, cp1252_cp(in[i]));
            i++;
            continue;
        }
        buf_bytes(b, in + i, (size_t)r);
        i += (size_t)r;
    }
}

static void decode_tcvn3(const uint8_t *in, size_t len, struct buf *b)
{
    for (size_t i = 0; i < len; i++)
        buf_cp(b, in[i] >= 0xA0 ? tcvn3_hi[in[i] - 0xA0] : cp1252_cp(in[i]));
}

static void decode_cp1258(const uint8_t *in, size_t len, struct buf *b)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = in[i];
        buf_cp(b, c < 0x80 ? c : (cp1258_hi[c - 0x80] ? cp1258_hi[c - 0x80] : c));
    }
}

static int vni_letter(uint8_t c)
{
    for (size_t i = 0; i < N_VNI_LETTERS; i++)
        if (vni_letters[i].byte == c)
            return (int)i;
    return -1;
}

static int vni_mark(uint8_t c)
{
    for (size_t i = 0; i < N_VNI_MARKS; i++)
        if (vni_marks[i].byte == c || vni_marks[i].byte - 0x20 == c)
            return (int)i;
    return -1;
}

static void decode_vni(const uint8_t *in, size_t len, struct buf *b)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = in[i];
        int32_t base;
        int li = c >= 0x80 ? vni_letter(c) : -1;
        if (li >= 0)
            base = vni_letters[li].cp;
        else if (c >= 0x80) {
            buf_cp(b, cp1252_cp(c));
            continue;
        } else
            base = c;
        buf_cp(b, base);
        /* A vowel (or ơ ư) may be followed by one byte of marks. */
        bool horned = base == 0x01A1 || base == 0x01B0 || base == 0x01A0 || base == 0x01AF;
        if (!(is_ascii_vowel(c) || horned) || i + 1 >= len)
            continue;
        int mi = vni_mark(in[i + 1]);
        if (mi < 0)
            continue;
        uint16_t mod = vni_marks[mi].mod, tone = vni_marks[mi].tone;
        char lc = (char)(c | 0x20);
        if ((mod == CIRC && (horned || !strchr("aeo", lc))) ||
            (mod == BREVE && (horned || lc != 'a')))
            continue;
        if (mod)
            buf_cp(b, mod);
        if (tone)
            buf_cp(b, tone);
        i++;
    }
}

static int viqr_find(const char *set_chars, char c)
{
    const char *p = c ? strchr(set_chars, c) : NULL;
    return p ? (int)(p - set_chars) : -1;
}

static bool is_ascii_letter(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void decode_viqr(const uint8_t *in, size_t len, struct buf *b)
{
    bool toned = false; /* the current word has its tone: a second is text */
    for (size_t i = 0; i < len; i++) {
        uint8_t c = in[i];
        uint8_t next = i + 1 < len ? in[i + 1] : 0;
        if (c == '\\' && next && strchr("(^+'`?~.\\dD", next)) {
            buf_byte(b, next);
            i++;
            if (!is_ascii_letter(next))
                toned = false;
            continue;
        }
        if ((c == 'd' || c == 'D') && (next == 'd' || next == 'D')) {
            buf_cp(b, c == 'd' ? 0x0111 : 0x0110);
            i++;
            continue;
        }
        if (c >= 0x80) { /* UTF-8 passes through; a stray byte reads as 1252 */
            utf8proc_int32_t cp;
            utf8proc_ssize_t r = utf8proc_iterate(in + i, (utf8proc_ssize_t)(len - i), &cp);
            if (r > 0) {
                buf_bytes(b, in + i, (size_t)r);
                i += (size_t)r - 1;
            } else {
                buf_cp(b, cp1252_cp(c));
            }
            continue;
        }
        if (!is_ascii_letter(c)) {
            toned = false;
            buf_byte(b, c);
            continue;
        }
        buf_byte(b, c);
        if (!is_ascii_vowel(c))
            continue;
        char lc = (char)(c | 0x20);
        size_t j = i + 1;
        int m = j < len ? viqr_find("(^+", (char)in[j]) : -1;
        if ((m == 0 && lc == 'a') || (m == 1 && strchr("aeo", lc)) ||
            (m == 2 && strchr("ou", lc))) {
            buf_cp(b, viqr_mods[m].mark);
            j++;
        }
        int t = j < len ? viqr_find("'`?~.", (char)in[j]) : -1;
        if (t >= 0 && !toned) {
            buf_cp(b, viqr_tones[t].mark);
            toned = true;
            j++;
        }
        i = j - 1;
    }
}

bool legacy_decode_raw(enum legacy_enc enc, const char *in, size_t len, char **out, size_t *out_len)
{
    if (len > LEGACY_MAX_BYTES)
        return false;
    struct buf b = buf_make();
    const uint8_t *u = (const uint8_t *)in;
    switch (enc) {
    case LEGACY_TCVN3:
        decode_tcvn3(u, len, &b);
        break;
    case LEGACY_VNI:
        decode_vni(u, len, &b);
        break;
    case LEGACY_VIQR:
        decode_viqr(u, len, &b);
        break;
    case LEGACY_CP1258:
        decode_cp1258(u, len, &b);
        break;
    default:
        decode_utf8(u, len, &b);
        break;
    }
    return buf_finish_nfc(&b, out, out_len);
}

static int cp1252_byte(int32_t cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF) || (cp >= 0x80 && cp < 0xA0))
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_hi[i] == cp)
            return 0x80 + i;
    return -1;
}

bool legacy_undo_cp1252(const char *utf8, size_t len, char **bytes, size_t *n)
{
    if (len > LEGACY_MAX_BYTES)
        return false;
    struct buf b = buf_make();
    const uint8_t *u = (const uint8_t *)utf8;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        int byte = r > 0 ? cp1252_byte(cp) : -1;
        if (byte < 0) {
            dynbuf_free(&b.d);
            return false;
        }
        buf_byte(&b, (uint8_t)byte);
        i += (size_t)r;
    }
    return buf_finish_raw(&b, bytes, n);
}

static bool has_high_byte(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

static bool valid_utf8(const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        if (r <= 0)
            return false;
        i += (size_t)r;
    }
    return true;
}

bool legacy_decode(enum legacy_enc enc, const char *in, size_t len, char **out, size_t *out_len)
{
    if (len > LEGACY_MAX_BYTES)
        return false;
    if (enc == LEGACY_TCVN3 || enc == LEGACY_VNI || enc == LEGACY_CP1258) {
        char *bytes;
        size_t n;
        if (has_high_byte(in, len) && valid_utf8(in, len) &&
            legacy_undo_cp1252(in, len, &bytes, &n)) {
            bool ok = legacy_decode_raw(enc, bytes, n, out, out_len);
            free(bytes);
            return ok;
        }
    }
    return legacy_decode_raw(enc, in, len, out, out_len);
}

/* ---- Encoders (tests, round trips) ---------------------------------------- */

/* Splits a precomposed character into the letter without its tone (still
 * precomposed: ấ -> â) and the tone mark (0 when none). */
static int32_t split_tone(int32_t cp, int32_t *tone)
{
    utf8proc_int32_t d[4];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE, &last);
    *tone = 0;
    if (n <= 1 || n > 4)
        return cp;
    utf8proc_int32_t keep[4];
    utf8proc_ssize_t k = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (d[i] == GRAVE || d[i] == ACUTE || d[i] == TILDE || d[i] == HOOK || d[i] == DOT)
            *tone = d[i];
        else
            keep[k++] = d[i];
    }
    if (k == 1)
        return keep[0];
    /* Recompose letter + modifier (k == 2). */
    utf8proc_uint8_t tmp[16], *nfc = NULL;
    utf8proc_ssize_t t = 0;
    for (utf8proc_ssize_t i = 0; i < k; i++)
        t += utf8proc_encode_char(keep[i], tmp + t);
    int32_t out = cp;
    if (utf8proc_map(tmp, t, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE) > 0) {
        utf8proc_int32_t c;
        if (utf8proc_iterate(nfc, -1, &c) > 0)
            out = c;
    }
    free(nfc);
    return out;
}

static int table_byte(const uint16_t *table, int n, int offset, int32_t cp)
{
    for (int i = 0; i < n; i++)
        if (table[i] == cp)
            return offset + i;
    return -1;
}

static bool is_tone_mark(int32_t cp)
{
    return cp == GRAVE || cp == ACUTE || cp == TILDE || cp == HOOK || cp == DOT;
}

static int tone_byte(int32_t tone, bool tcvn3)
{
    for (size_t i = 0; i < sizeof(tone_bytes) / sizeof(tone_bytes[0]); i++)
        if (tone_bytes[i].mark == tone)
            return tcvn3 ? tone_bytes[i].tcvn3 : tone_bytes[i].cp1258;
    return -1;
}

/* TCVN3 and Windows-1258: the character itself, or untoned letter + tone. */
static bool encode_table(int32_t cp, const uint16_t *table, int n, int offset, bool tcvn3,
                         struct buf *b)
{
    int byte = cp < 0x80 ? (int)cp : table_byte(table, n, offset, cp);
    if (byte >= 0 && !is_tone_mark(cp)) {
        buf_byte(b, (uint8_t)byte);
        return true;
    }
    if (tcvn3 && (byte = table_byte(cp1252_hi, 32, 0x80, cp)) >= 0) {
        buf_byte(b, (uint8_t)byte);
        return true;
    }
    int32_t tone;
    int32_t base = split_tone(cp, &tone);
    if (!tone)
        return false;
    byte = base < 0x80 ? (int)base : table_byte(table, n, offset, base);
    if (byte < 0)
        return false;
    buf_byte(b, (uint8_t)byte);
    buf_byte(b, (uint8_t)tone_byte(tone, tcvn3));
    return true;
}

/* The letter's base ASCII letter and modifier, from its untoned form. */
static bool split_mod(int32_t untoned, char *base, int32_t *mod)
{
    utf8proc_int32_t d[4];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(untoned, d, 4, UTF8PROC_DECOMPOSE, &last);
    if (n < 1 || d[0] >= 0x80)
        return false;
    *base = (char)d[0];
    *mod = n == 2 ? d[1] : 0;
    return n <= 2;
}

static bool encode_vni(int32_t cp, struct buf *b)
{
    if (cp < 0x80) {
        buf_byte(b, (uint8_t)cp);
        return true;
    }
    for (size_t i = 0; i < N_VNI_LETTERS; i++)
        if (vni_letters[i].cp == cp) {
            buf_byte(b, vni_letters[i].byte);
            return true;
        }
    int32_t tone, mod;
    int32_t untoned = split_tone(cp, &tone);
    char base;
    bool upper;
    int li = -1;
    for (size_t i = 0; i < N_VNI_LETTERS; i++)
        if (vni_letters[i].cp == untoned)
            li = (int)i;
    if (li >= 0) { /* ơ ư with a tone */
        buf_byte(b, vni_letters[li].byte);
        upper = vni_letters[li].byte < 0xE0;
        mod = 0;
    } else if (split_mod(untoned, &base, &mod) && is_ascii_vowel((uint8_t)base)) {
        buf_byte(b, (uint8_t)base);
        upper = base >= 'A' && base <= 'Z';
    } else {
        int byte = table_byte(cp1252_hi, 32, 0x80, cp);
        if (byte < 0 && cp >= 0xA0 && cp <= 0xFF && vni_mark((uint8_t)cp) < 0 &&
            vni_letter((uint8_t)cp) < 0)
            byte = (int)cp;
        if (byte < 0)
            return false;
        buf_byte(b, (uint8_t)byte);
        return true;
    }
    for (size_t i = 0; i < N_VNI_MARKS; i++)
        if (vni_marks[i].mod == mod && vni_marks[i].tone == tone && (mod || tone)) {
            buf_byte(b, (uint8_t)(vni_marks[i].byte - (upper ? 0x20 : 0)));
            return true;
        }
    return false;
}

struct viqr_state {
    bool after_vowel; /* a mnemonic here would be read as a mark */
    char last;        /* last ASCII letter written, for dd */
};

static void encode_viqr(int32_t cp, struct viqr_state *st, struct buf *b)
{
    if (cp < 0x80) {
        char c = (char)cp;
        bool special = strchr("(^+'`?~.", c) != NULL && c;
        if ((special && st->after_vowel) || c == '\\' ||
            ((c == 'd' || c == 'D') && (st->last == 'd' || st->last == 'D')))
            buf_byte(b, '\\');
        buf_byte(b, (uint8_t)c);
        st->after_vowel = is_ascii_vowel((uint8_t)c);
        st->last = (c == 'd' || c == 'D') ? c : 0;
        return;
    }
    if (cp == 0x0111 || cp == 0x0110) {
        buf_bytes(b, cp == 0x0111 ? "dd" : "DD", 2);
        st->after_vowel = false;
        st->last = 0;
        return;
    }
    int32_t tone, mod;
    char base;
    int32_t untoned = split_tone(cp, &tone);
    if (!split_mod(untoned, &base, &mod) || !is_ascii_vowel((uint8_t)base)) {
        buf_cp(b, cp); /* not Vietnamese: passes through */
        st->after_vowel = false;
        st->last = 0;
        return;
    }
    buf_byte(b, (uint8_t)base);
    for (size_t i = 0; i < 3; i++)
        if (viqr_mods[i].mark == mod)
            buf_byte(b, (uint8_t)viqr_mods[i].c);
    for (size_t i = 0; i < 5; i++)
        if (viqr_tones[i].mark == tone)
            buf_byte(b, (uint8_t)viqr_tones[i].c);
    st->after_vowel = true;
    st->last = 0;
}

bool legacy_encode(enum legacy_enc enc, const char *utf8, size_t len, char **out, size_t *out_len)
{
    if (len > LEGACY_MAX_BYTES)
        return false;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)utf8, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0)
        return false;
    struct buf b = buf_make();
    struct viqr_state vs = {0};
    bool ok = true;
    utf8proc_ssize_t i = 0;
    while (ok && i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(nfc + i, n - i, &cp);
        if (r <= 0) {
            ok = false;
            break;
        }
        i += r;
        switch (enc) {
        case LEGACY_TCVN3:
            ok = encode_table(cp, tcvn3_hi, 96, 0xA0, true, &b);
            break;
        case LEGACY_CP1258:
            ok = encode_table(cp, cp1258_hi, 128, 0x80, false, &b);
            break;
        case LEGACY_VNI:
            ok = encode_vni(cp, &b);
            break;
        case LEGACY_VIQR:
            encode_viqr(cp, &vs, &b);
            break;
        default:
            buf_cp(&b, cp);
            break;
        }
    }
    free(nfc);
    if (!ok) {
        dynbuf_free(&b.d);
        return false;
    }
    return buf_finish_raw(&b, out, out_len);
}

/* ---- Detection -------------------------------------------------------------- */

static bool is_separator(int32_t cp)
{
    if (cp < 0x80)
        return !is_ascii_letter((uint8_t)cp);
    if ((cp >= 0x2010 && cp <= 0x2027) || cp == 0x00AB || cp == 0x00BB || cp == 0x00A0)
        return true;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
           c == UTF8PROC_CATEGORY_CC;
}

/* A capital after a small letter ("tÕ", "hôÒ"): TCVN3 and VNI read as
 * Windows-1252 look like that; real words never do. */
static bool mixed_case(const char *w, size_t len)
{
    const uint8_t *u = (const uint8_t *)w;
    bool lower = false;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        if (r <= 0)
            return true;
        if (utf8proc_islower(cp))
            lower = true;
        else if (lower && utf8proc_isupper(cp))
            return true;
        i += (size_t)r;
    }
    return false;
}

/* +1 for each word that is Vietnamese with its marks, -1 for each word with
 * non-ASCII characters that is not (mojibake: "§Èy", "maïnh"); plain ASCII
 * words weigh nothing, as every decoding shares them. */
static double score_text(const char *s, size_t len, size_t *words, size_t *marked)
{
    const uint8_t *u = (const uint8_t *)s;
    double score = 0;
    size_t i = 0, start = 0;
    bool in_word = false, ascii = true;
    *words = 0;
    *marked = 0;
    while (i <= len) {
        utf8proc_int32_t cp = ' ';
        utf8proc_ssize_t r = 1;
        if (i < len) {
            r = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
            if (r <= 0)
                r = 1, cp = 0xFFFD;
        }
        bool sep = is_separator(cp);
        if (!sep && !in_word) {
            in_word = true;
            ascii = true;
            start = i;
        }
        if (!sep && cp >= 0x80)
            ascii = false;
        if (sep && in_word) {
            in_word = false;
            (*words)++;
            if (!ascii) {
                bool ok = vnsyl_classify(s + start, i - start) == VNSYL_MARKED &&
                          !mixed_case(s + start, i - start);
                score += ok ? (vnsyl_is_common(s + start, i - start) ? 1.5 : 1.0) : -1.0;
                *marked += ok;
            }
        }
        i += (size_t)r;
    }
    return score;
}

static void consider(struct legacy_guess *g, enum legacy_enc enc, bool layer, const char *in,
                     size_t len)
{
    char *out;
    size_t n, words, marked;
    if (!legacy_decode_raw(enc, in, len, &out, &n))
        return;
    double s = score_text(out, n, &words, &marked);
    free(out);
    /* VIQR reads any ASCII text, and a full stop after a vowel as a tone
     * ("day." -> "dạy"): it must mark a good share of the words. */
    if (enc == LEGACY_VIQR && (s < g->utf8_score + 1.0 || marked * 10 < words * 3))
        return;
    if (s > g->score) {
        g->score = s;
        g->enc = enc;
        g->cp1252_layer = layer;
    }
}

void legacy_detect_ex(const char *bytes, size_t len, struct legacy_guess *g)
{
    memset(g, 0, sizeof(*g));
    g->enc = LEGACY_UTF8;
    if (len > LEGACY_MAX_BYTES)
        return;
    char *out;
    size_t n;
    size_t marked;
    if (legacy_decode_raw(LEGACY_UTF8, bytes, len, &out, &n)) {
        g->utf8_score = score_text(out, n, &g->words, &marked);
        free(out);
    }
    g->score = g->utf8_score;
    static const enum legacy_enc eight_bit[] = {LEGACY_TCVN3, LEGACY_VNI, LEGACY_CP1258};
    if (!valid_utf8(bytes, len)) {
        /* Not UTF-8: one of the 8-bit encodings, even on a tie ("toán"
         * reads the same in Windows-1258 and 1252). */
        g->score = -1e9;
        for (size_t i = 0; i < 3; i++)
            consider(g, eight_bit[i], false, bytes, len);
        return;
    }
    consider(g, LEGACY_VIQR, false, bytes, len);
    char *raw;
    size_t rn;
    if (has_high_byte(bytes, len) && legacy_undo_cp1252(bytes, len, &raw, &rn)) {
        for (size_t i = 0; i < 3; i++)
            consider(g, eight_bit[i], true, raw, rn);
        free(raw);
    }
}

enum legacy_enc legacy_detect(const char *bytes, size_t len)
{
    struct legacy_guess g;
    legacy_detect_ex(bytes, len, &g);
    return g.enc;
}

bool legacy_looks_mojibake(const char *utf8, size_t len, enum legacy_enc *enc)
{
    struct legacy_guess g;
    legacy_detect_ex(utf8, len, &g);
    /* Far better: at least two words more read as Vietnamese (one word that
     * turns from junk into a syllable counts twice), and more right than
     * wrong in the end. */
    if (g.enc == LEGACY_UTF8 || g.score - g.utf8_score < 2.0 || g.score <= 0)
        return false;
    /* OCR output ("Céng hoa xa héi") also scores as TCVN3 ("Cộng hoa xa
     * hội"): real legacy text decodes to clean Vietnamese, so the decoding
     * must read as such, syllable by syllable: marks kept and no more than
     * one word in ten outside the grammar. */
    char *fixed = NULL;
    if (legacy_decode(g.enc, utf8, len, &fixed, NULL)) {
        struct vnspell_counts c;
        vnspell_count(fixed, NULL, &c);
        free(fixed);
        if (vnspell_lost_marks(&c) || (c.bad_marks + c.foreign) * 10 > c.syllables)
            return false;
    }
    if (enc)
        *enc = g.enc;
    return true;
}
