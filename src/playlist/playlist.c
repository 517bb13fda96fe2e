/* SPDX-License-Identifier: MIT */
#include "playlist/playlist.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "playlist/imghdr.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/strparse.h"
#include "vn/legacy.h"
#include "vn/vnspell.h"
#include "vn/vnsyl.h"
#include "json/json.h"

/* Defaults (documented in docs/playlist.md): the red and yellow of the
 * campaign banners, ten seconds a slide, a fade between slides. */
#define DEFAULT_DURATION     10.0
#define DEFAULT_BACKGROUND   ((struct pl_color){0xa5, 0x00, 0x00})
#define DEFAULT_COLOR        ((struct pl_color){0xff, 0xde, 0x00})
#define DEFAULT_TICKER_SPEED 80.0
#define MIN_TICKER_SPEED     10.0
#define MAX_TICKER_SPEED     1000.0
#define MAX_ID_BYTES         64
#define MAX_NAME_BYTES       256
#define MAX_TITLE_BYTES      512
#define MAX_LABEL_BYTES      256
#define MAX_UNIT_BYTES       32
#define MAX_SRC_BYTES        1024
#define MAX_PRIORITY         1000

#define MAX_ALLOW_WORDS 256
#define MAX_SPELLING    5 /* [spelling] warnings for one text */

struct ctx {
    struct json_doc *doc; /* the parsed file; diagnostics go through it */
    const struct playlist_opts *opts;
    /* playlist_load_ex() with check_assets: src problems that need the
     * folder to explain (a '\\' path) are left to the asset checks. */
    bool defer_files;
    /* The Vietnamese checks: words never flagged ("allow_words", strings
     * of doc), and whether the item being read is marked another language. */
    const char *allow[MAX_ALLOW_WORDS];
    size_t n_allow;
    bool foreign;
};

/* ---- reporting ---------------------------------------------------------- */
/* Every diagnostic is at a node: its own path, line and column. */

#define err(c, at, code, ...)         json_report((c)->doc, at, DIAG_ERROR, code, __VA_ARGS__)
#define warn(c, at, code, ...)        json_report((c)->doc, at, DIAG_WARNING, code, __VA_ARGS__)
#define err_at_key(c, at, code, ...)  json_report_key((c)->doc, at, DIAG_ERROR, code, __VA_ARGS__)
#define warn_at_key(c, at, code, ...) json_report_key((c)->doc, at, DIAG_WARNING, code, __VA_ARGS__)

static void err_type(struct ctx *c, const struct json_node *v, const char *expected)
{
    char got[128];
    json_describe(v, got, sizeof(got));
    err(c, v, "schema", _("expected %s, got %s"), expected, got);
}

/* ---- strings ------------------------------------------------------------ */

/* NFC copy of s, with "\r" dropped; reports control characters. NULL on error. */
static char *clean_text(struct ctx *c, const struct json_node *at, const char *s, size_t max_bytes,
                        bool multiline)
{
    size_t raw = strlen(s);
    if (raw > max_bytes * 4) { /* NFC never shrinks text fourfold: skip the work */
        err(c, at, "limit",
            _("this text is %zu bytes long; the limit is %zu (about %zu Vietnamese letters): "
              "shorten it or split it into several items"),
            raw, max_bytes, max_bytes / 3);
        return NULL;
    }
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (!nfc) {
        err(c, at, "encoding", "%s", _("this text is not valid Unicode"));
        return NULL;
    }
    size_t w = 0;
    for (size_t r = 0; nfc[r]; r++) {
        unsigned char ch = (unsigned char)nfc[r];
        if (ch == '\r')
            continue;
        if (ch < 0x20 && !(ch == '\n' && multiline) && ch != '\t') {
            if (ch == '\n')
                err(c, at, "schema", "%s",
                    _("a line break (\\n) is not allowed here: keep it on one line"));
            else
                err(c, at, "schema", _("control character U+%04X in the text: remove it"), ch);
            free(nfc);
            return NULL;
        }
        nfc[w++] = ch == '\t' ? ' ' : (char)ch;
    }
    nfc[w] = 0;
    if (w > max_bytes) {
        err(c, at, "limit",
            _("this text is %zu bytes long; the limit is %zu (about %zu Vietnamese letters): "
              "shorten it or split it into several items"),
            w, max_bytes, max_bytes / 3);
        free(nfc);
        return NULL;
    }
    return nfc;
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t')
            return false;
    return true;
}

/* [no-diacritics] with its evidence: the counts behind the judgement. */
static void warn_lost_marks(struct ctx *c, const struct json_node *at,
                            const struct vnspell_counts *n)
{
    char why[512], part[256];
    snprintf(why, sizeof(why), _("%zu of %zu syllables have no tone mark"), n->plain, n->syllables);
    if (n->foreign) {
        snprintf(part, sizeof(part), _("; not Vietnamese (%zu): %s"), n->foreign, n->foreign_words);
        strncat(why, part, sizeof(why) - strlen(why) - 1);
    }
    if (n->bad_marks) {
        snprintf(part, sizeof(part), _("; marks no Vietnamese syllable has (%zu): %s"),
                 n->bad_marks, n->bad_words);
        strncat(why, part, sizeof(why) - strlen(why) - 1);
    }
    warn(c, at, "no-diacritics",
         _("this Vietnamese text seems to have lost its marks (dấu), as OCR or typing without "
           "Telex leaves it (%s): type it again with a Vietnamese keyboard (Telex or VNI) or "
           "copy it from the original document"),
         why);
}

/* [spelling]: syllables the grammar rejects, with the nearest ones. */
static void warn_spelling(struct ctx *c, const struct json_node *at, const char *text,
                          const struct vnspell_opts *o)
{
    struct vnspell_word w[MAX_SPELLING];
    size_t n = vnspell_misspelled(text, o, w, MAX_SPELLING);
    for (size_t i = 0; i < n && i < MAX_SPELLING; i++) {
        char near[3 * (VNSYL_MAX_WORD + 8)] = "";
        for (size_t k = 0; k < VNSPELL_MAX_SUGGEST && w[i].suggest[k][0]; k++) {
            size_t used = strlen(near);
            snprintf(near + used, sizeof(near) - used, "%s\"%s\"", k ? ", " : "", w[i].suggest[k]);
        }
        if (*near)
            warn(c, at, "spelling",
                 _("\"%.*s\" is not a Vietnamese syllable: did you mean %s? (a name or a "
                   "foreign word: add it to \"allow_words\", or give the item \"lang\": \"en\")"),
                 (int)w[i].len, text + w[i].off, near);
        else
            warn(c, at, "spelling",
                 _("\"%.*s\" is not a Vietnamese syllable (a name or a foreign word: add it to "
                   "\"allow_words\", or give the item \"lang\": \"en\")"),
                 (int)w[i].len, text + w[i].off);
    }
    if (n > MAX_SPELLING)
        warn(c, at, "spelling", _("and %zu more words that are not Vietnamese syllables"),
             n - MAX_SPELLING);
}

/* [legacy-encoding], [no-diacritics] and [spelling]: text pasted from an
 * old Vietnamese font, typed or scanned without its marks, or mistyped
 * (vn/legacy.h, vn/vnspell.h). Warnings: the board still shows what was
 * written. One of the three per text: the first explains the others. An
 * item marked "lang" other than "vi" is not judged. */
static void check_vietnamese(struct ctx *c, const struct json_node *at, const char *text)
{
    enum legacy_enc enc;
    if (c->foreign)
        return;
    struct vnspell_opts o = {.allow = c->allow, .n_allow = c->n_allow};
    struct vnspell_counts counts;
    if (legacy_looks_mojibake(text, strlen(text), &enc)) {
        char *fixed = NULL;
        char preview[64] = "";
        if (legacy_decode(enc, text, strlen(text), &fixed, NULL)) {
            size_t n = strlen(fixed) < sizeof(preview) - 4 ? strlen(fixed) : sizeof(preview) - 4;
            while (n > 0 && ((unsigned char)fixed[n] & 0xC0) == 0x80)
                n--; /* cut between characters */
            snprintf(preview, sizeof(preview), "%.*s%s", (int)n, fixed, fixed[n] ? "..." : "");
            for (char *p = preview; *p; p++)
                if (*p == '\n')
                    *p = ' ';
        }
        free(fixed);
        warn(c, at, "legacy-encoding",
             _("this text looks like Vietnamese in the old %s encoding, pasted as if it were "
               "Unicode; converted it reads \"%s\": fix it with "
               "'bangtin text convert --from %s' (see docs/TEXT.md)"),
             legacy_name(enc), preview, legacy_name(enc));
        return;
    }
    vnspell_count(text, &o, &counts);
    if (vnspell_lost_marks(&counts))
        warn_lost_marks(c, at, &counts);
    else
        warn_spelling(c, at, text, &o);
}

/* Optional string member; *out stays NULL when absent. */

/* Optional string member; *out stays NULL when absent. */
static bool get_text(struct ctx *c, const struct json_node *obj, const char *name, size_t max_bytes,
                     bool multiline, bool required, const char *hint, char **out)
{
    const struct json_node *v = json_get(obj, name);
    *out = NULL;
    if (!v) {
        if (required)
            err(c, obj, "schema", _("missing \"%s\": %s"), name, hint);
        return !required;
    }
    if (!json_is(v, JSON_STRING)) {
        err_type(c, v, _("text in double quotes"));
        return false;
    }
    *out = clean_text(c, v, json_string(v), max_bytes, multiline);
    if (!*out)
        return false;
    if (required && is_blank(*out)) {
        err(c, v, "schema", _("\"%s\" is empty: %s"), name, hint);
        free(*out);
        *out = NULL;
        return false;
    }
    if (strcmp(name, "unit") != 0)
        check_vietnamese(c, v, *out);
    return true;
}

/* ---- numbers, dates, colours -------------------------------------------- */

static bool get_number(struct ctx *c, const struct json_node *v, const char *expected, double *out)
{
    return json_as_number(c->doc, v, expected, out);
}

static bool get_int(struct ctx *c, const struct json_node *v, const char *expected, int64_t lo,
                    int64_t hi, int64_t *out)
{
    return json_as_int(c->doc, v, expected, lo, hi, out);
}

/* YYYY-MM-DD, or MM-DD when every_year is not NULL. */
static bool get_date(struct ctx *c, const struct json_node *v, struct cal_date *out,
                     bool *every_year)
{
    if (!json_is(v, JSON_STRING)) {
        err_type(c, v,
                 every_year ? _("a date in double quotes, like \"2026-10-10\" or \"10-10\"")
                            : _("a date in double quotes, like \"2026-10-10\""));
        return false;
    }
    const char *s = json_string(v);
    int y = 0, m = 0, d = 0;
    bool ok = false;
    struct strp sp;
    strp_init(&sp, s);
    if (strp_ymd(&sp, &y, &m, &d) && strp_done(&sp)) {
        ok = true;
        if (every_year)
            *every_year = false;
    } else if (every_year && (strp_init(&sp, s), strp_md(&sp, &m, &d)) && strp_done(&sp)) {
        ok = true;
        y = 2025; /* any year without 29 February */
        *every_year = true;
    }
    if (!ok) {
        /* Staff write dates day first: 10/10/2026. Say what to write. */
        int64_t dd, mm, yy;
        strp_init(&sp, s);
        if (strp_digits(&sp, 1, 2, &dd) && strp_char(&sp, '/') && strp_digits(&sp, 1, 2, &mm) &&
            strp_char(&sp, '/') && strp_digits(&sp, 4, 4, &yy) && strp_done(&sp) && yy > 1900 &&
            mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31)
            err(c, v, "schema", _("write dates as YEAR-MONTH-DAY: \"%s\" is \"%04d-%02d-%02d\""), s,
                (int)yy, (int)mm, (int)dd);
        else
            err(c, v, "schema",
                every_year ? _("expected a date like \"2026-10-10\" (or \"10-10\" for every "
                               "year), got \"%s\"")
                           : _("expected a date like \"2026-10-10\" (year-month-day), got \"%s\""),
                s);
        return false;
    }
    if (y < 2000 || y > 2100) {
        err(c, v, "schema", _("the year %d is outside 2000-2100: check the date \"%s\""), y, s);
        return false;
    }
    if (m < 1 || m > 12) {
        err(c, v, "schema", _("\"%s\" is not a real date: there is no month %d"), s, m);
        return false;
    }
    if (d < 1 || d > cal_days_in_month(y, m)) {
        if (every_year && *every_year && m == 2 && d == 29)
            err(c, v, "schema", "%s",
                _("29 February exists only in leap years: write the full date, like "
                  "\"2028-02-29\""));
        else if (every_year && *every_year)
            err(c, v, "schema", _("\"%s\" is not a real date: month %d has %d days"), s, m,
                cal_days_in_month(y, m));
        else
            err(c, v, "schema", _("\"%s\" is not a real date: month %d of %d has %d days"), s, m, y,
                cal_days_in_month(y, m));
        return false;
    }
    *out = (struct cal_date){y, m, d};
    return true;
}

static int hexd(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static bool get_color(struct ctx *c, const struct json_node *v, struct pl_color *out)
{
    const char *expected = _("a colour written \"#rrggbb\", like \"#ffde00\" for yellow");
    if (!json_is(v, JSON_STRING)) {
        err_type(c, v, expected);
        return false;
    }
    const char *s = json_string(v);
    int h[6];
    bool ok = strlen(s) == 7 && s[0] == '#';
    for (int i = 0; ok && i < 6; i++)
        ok = (h[i] = hexd(s[i + 1])) >= 0;
    if (!ok) {
        err(c, v, "schema", _("expected %s, got \"%s\""), expected, s);
        return false;
    }
    *out = (struct pl_color){(uint8_t)(h[0] * 16 + h[1]), (uint8_t)(h[2] * 16 + h[3]),
                             (uint8_t)(h[4] * 16 + h[5])};
    return true;
}

static bool get_duration(struct ctx *c, const struct json_node *v, double *out)
{
    const char *expected = _("a number of seconds like 10");
    if (json_is(v, JSON_STRING)) {
        err(c, v, "schema",
            _("expected %s, got the text \"%.40s\": write the number without "
              "quotes or units"),
            expected, json_string(v));
        return false;
    }
    double d;
    if (!get_number(c, v, expected, &d))
        return false;
    if (d <= 0) {
        err(c, v, "schema", _("a duration must be more than 0 seconds, got %g"), d);
        return false;
    }
    if (d > PLAYLIST_MAX_DURATION) {
        warn(c, v, "schema",
             _("%g seconds is longer than the %g-second limit: it is shortened to %g seconds"), d,
             PLAYLIST_MAX_DURATION, PLAYLIST_MAX_DURATION);
        d = PLAYLIST_MAX_DURATION;
    }
    *out = d;
    return true;
}

static bool get_transition(struct ctx *c, const struct json_node *v, enum pl_transition *out)
{
    /* In the order of enum pl_transition. */
    static const char *const names[] = {"none", "fade", NULL};
    int i;
    if (!json_as_enum(c->doc, v, _("\"fade\" or \"none\""), names, &i))
        return false;
    *out = i == 1 ? PL_TRANSITION_FADE : PL_TRANSITION_NONE;
    return true;
}

/* "HH:MM-HH:MM" (util/strparse.h's time of day; spaces around '-'
 * tolerated); 24:00 allowed as the end. */
static bool get_hours(struct ctx *c, const struct json_node *v, int *start, int *end)
{
    const char *expected = _("hours written \"HH:MM-HH:MM\", like \"07:00-11:30\"");
    if (!json_is(v, JSON_STRING)) {
        err_type(c, v, expected);
        return false;
    }
    const char *s = json_string(v);
    struct strp sp;
    strp_init(&sp, s);
    if (!(strp_blanks(&sp) && strp_hhmm(&sp, false, start) && strp_blanks(&sp) &&
          strp_char(&sp, '-') && strp_blanks(&sp) && strp_hhmm(&sp, true, end) &&
          strp_blanks(&sp) && strp_done(&sp))) {
        err(c, v, "schema", _("expected %s (24-hour clock), got \"%s\""), expected, s);
        return false;
    }
    return true;
}

/* ---- fields ------------------------------------------------------------- */

static bool in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

/* Comments: fields whose name starts with '_' are ignored without a word. */
static void check_unknown(struct ctx *c, const struct json_node *obj, const char *const *known,
                          const char *what)
{
    json_unknown_members(c->doc, obj, known, DIAG_WARNING, what);
}

static const char *const common_item_fields[] = {
    "id",         "type",  "duration", "from",       "until",  "hours", "weekdays", "priority",
    "background", "color", "accent",   "transition", "ticker", "lang",  NULL,
};

struct type_info {
    const char *name;
    enum pl_item_type type;
    const char *const *fields;
};

static const char *const text_fields[] = {"text", "title", NULL};
static const char *const image_fields[] = {"src", "sha256", "fit", NULL};
static const char *const countdown_fields[] = {"event", "date", "label", NULL};
static const char *const stats_fields[] = {"title", "rows", NULL};
static const char *const clock_fields[] = {NULL};
static const char *const video_fields[] = {"src", "sha256", "fit", "loop", "audio", NULL};

static const struct type_info types[] = {
    {"text", PL_TEXT, text_fields},
    {"image", PL_IMAGE, image_fields},
    {"countdown", PL_COUNTDOWN, countdown_fields},
    {"stats", PL_STATS, stats_fields},
    {"clock", PL_CLOCK, clock_fields},
    {"video", PL_VIDEO, video_fields},
};
#define N_TYPES (sizeof(types) / sizeof(types[0]))

static const char *const event_ids[] = {"science-day", "innovation-day",
                                        "digital-transformation-day", "tet", NULL};

const char *pl_item_type_name(enum pl_item_type type)
{
    for (size_t i = 0; i < N_TYPES; i++)
        if (types[i].type == type)
            return types[i].name;
    return "?";
}

static void check_item_fields(struct ctx *c, const struct json_node *obj, const struct type_info *t)
{
    /* The fields this type knows, for "did you mean". */
    const char *known[32];
    size_t nk = 0;
    for (size_t i = 0; common_item_fields[i] && nk < 31; i++)
        known[nk++] = common_item_fields[i];
    for (size_t i = 0; t->fields[i] && nk < 31; i++)
        known[nk++] = t->fields[i];
    known[nk] = NULL;
    const struct json_node *m;
    json_foreach(m, obj)
    {
        const char *key = json_key(m);
        if (key[0] == '_' || in_list(key, known))
            continue;
        const char *owner = NULL;
        for (size_t i = 0; i < N_TYPES && !owner; i++)
            if (in_list(key, types[i].fields))
                owner = types[i].name;
        const char *near = owner ? NULL : json_suggest(key, known);
        if (owner)
            warn_at_key(c, m, "schema",
                        _("\"%s\" is only used by \"%s\" items; this item is of type \"%s\", "
                          "so it is ignored"),
                        key, owner, t->name);
        else if (near)
            warn_at_key(c, m, "schema",
                        _("unknown field \"%.60s\" in an item of type \"%s\": it is ignored; "
                          "did you mean \"%s\"?"),
                        key, t->name, near);
        else
            warn_at_key(c, m, "schema",
                        _("unknown field \"%.60s\" in an item of type \"%s\": it is ignored "
                          "(check its spelling)"),
                        key, t->name);
    }
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

static bool is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

/* "https://Example.vn:443/a/b" -> "https://example.vn:443": scheme, host
 * and port (the scheme's default when absent), in lower case. */
static bool site_of(const char *url, char *out, size_t n)
{
    size_t scheme;
    const char *port;
    if (strncasecmp(url, "http://", 7) == 0) {
        scheme = 7;
        port = "80";
    } else if (strncasecmp(url, "https://", 8) == 0) {
        scheme = 8;
        port = "443";
    } else {
        return false;
    }
    const char *host = url + scheme;
    size_t len = strcspn(host, "/?#");
    const char *at = memchr(host, '@', len);
    if (at) { /* user@host: the host is what follows */
        len -= (size_t)(at + 1 - host);
        host = at + 1;
    }
    const char *colon = memchr(host, ':', len);
    size_t hlen = colon ? (size_t)(colon - host) : len;
    int plen = colon ? (int)(len - hlen - 1) : (int)strlen(port);
    int w = snprintf(out, n, "%.*s%.*s:%.*s", (int)scheme, url, (int)hlen, host, plen,
                     colon ? colon + 1 : port);
    if (w < 0 || (size_t)w >= n || hlen == 0)
        return false;
    for (char *q = out; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    return true;
}

/* A feed's src is resolved against the feed's address by the board, which
 * takes only a plain path: s, or the part of an address after its host. */
static bool feed_src_ok(struct ctx *c, const struct json_node *v, const char *s)
{
    const char *path = s;
    if (is_url(s)) {
        path = strchr(strstr(s, "://") + 3, '/');
        path = path ? path + 1 : "";
    }
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        if (*q < 0x20 || *q == 0x7f || *q == '?' || *q == '#' || *q == '%') {
            err(c, v, "schema",
                _("\"%.80s\" holds '%c', which a board does not take in a feed's file name: "
                  "rename the file with letters, digits, - and _ only"),
                s, *q < 0x20 || *q == 0x7f ? '?' : *q);
            return false;
        }
    }
    for (const char *q = path;;) {
        const char *slash = strchr(q, '/');
        size_t n = slash ? (size_t)(slash - q) : strlen(q);
        if (n == 0 || (n == 1 && q[0] == '.') || (n == 2 && q[0] == '.' && q[1] == '.')) {
            err(c, v, "schema",
                _("\"%.80s\" has an empty, \".\" or \"..\" folder in it: write it plainly, "
                  "like \"assets/photo.png\""),
                s);
            return false;
        }
        if (!slash)
            return true;
        q = slash + 1;
    }
}

static void parse_image(struct ctx *c, const struct json_node *obj, struct pl_item *it,
                        const char *dir)
{
    const struct json_node *v = json_get(obj, "src");
    it->src_line = json_line(v ? v : obj);
    it->src_col = json_col(v ? v : obj);
    if (!v) {
        err(c, obj, "schema", "%s",
            _("missing \"src\": the image file, relative to the playlist, like "
              "\"assets/infographic.png\""));
        return;
    }
    if (!json_is(v, JSON_STRING)) {
        err_type(c, v, _("a file name in double quotes, like \"assets/infographic.png\""));
        return;
    }
    const char *s = json_string(v);
    if (strlen(s) > MAX_SRC_BYTES) {
        err(c, v, "limit", _("this file name is longer than %d bytes"), MAX_SRC_BYTES);
        return;
    }
    if (!*s) {
        err(c, v, "schema", "%s", _("\"src\" is empty: write the image's file name"));
        return;
    }

    const struct json_node *sha = json_get(obj, "sha256");
    if (sha) {
        const char *hex = json_string(sha);
        bool ok = hex && strlen(hex) == 64;
        for (size_t i = 0; ok && i < 64; i++)
            ok = hexd(hex[i]) >= 0;
        if (!ok) {
            err_type(c, sha,
                     _("the file's SHA-256 checksum: 64 hexadecimal digits (sha256sum FILE "
                       "prints it)"));
        } else {
            it->has_sha256 = true;
            for (size_t i = 0; i < 64; i++)
                it->sha256[i] = "0123456789abcdef"[hexd(hex[i])];
            it->sha256[64] = 0;
        }
    }

    it->src = strdup(s);
    if (is_url(s)) {
        it->is_url = true;
        char site[300], feed_site[300];
        if (!sha)
            err(c, v, "schema", "%s",
                _("an image from a web address must carry its \"sha256\" checksum, so nothing "
                  "but the published file is ever shown"));
        if (c->opts->feed) {
            if (!c->opts->feed_url || !site_of(c->opts->feed_url, feed_site, sizeof(feed_site)))
                warn(c, v, "schema", "%s",
                     _("whether this address is on the feed's own site cannot be told without "
                       "the feed's address (give the board's config with --config): better "
                       "write the path relative to the feed, like \"assets/photo.png\""));
            else if (!site_of(s, site, sizeof(site)) || strcmp(site, feed_site) != 0)
                err(c, v, "schema",
                    _("a feed may take images only from its own site (%s): copy the image there "
                      "and write its path relative to the feed, like \"assets/photo.png\""),
                    feed_site);
            else
                feed_src_ok(c, v, s);
        } else if (sha) {
            warn(c, v, "missing-asset", "%s",
                 _("a local playlist shows only image files stored beside it: download this "
                   "image into the playlist's folder and write its file name, like "
                   "\"assets/infographic.png\"; until then the item is skipped"));
            it->asset_unusable = true;
        }
        return;
    }
    if (c->opts->feed && !sha)
        err(c, v, "schema", "%s",
            _("an image in a feed must carry its \"sha256\" checksum, so nothing but the "
              "published file is ever shown"));
    char slashed[MAX_SRC_BYTES + 1];
    if (strchr(s, '\\')) {
        snprintf(slashed, sizeof(slashed), "%s", s);
        for (char *q = slashed; *q; q++)
            if (*q == '\\')
                *q = '/';
        if (!c->defer_files) {
            err(c, v, "schema", _("use / between folders, not \\: write \"%.80s\""), slashed);
            return;
        }
        /* Reported by the asset checks, which can name the file that exists. */
        it->src_backslash = true;
        s = slashed;
    }
    const char *colon = strchr(s, ':');
    if (s[0] == '/' || s[0] == '~' || (colon && (!strchr(s, '/') || colon < strchr(s, '/')))) {
        err(c, v, "schema",
            _("\"%.80s\" is outside the playlist's folder: copy the image into "
              "the folder (e.g. assets/) and write a relative name like "
              "\"assets/photo.png\""),
            s);
        return;
    }
    /* No component may be "..": nothing outside the folder is ever shown. */
    for (const char *p = s; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            err(c, v, "schema",
                _("\"%.80s\" leads out of the playlist's folder (\"..\"): copy the image into "
                  "the folder and write a relative name like \"assets/photo.png\""),
                s);
            return;
        }
        p += n + (slash ? 1 : 0);
    }
    if (c->opts->feed && !feed_src_ok(c, v, s))
        return;
    size_t need = strlen(dir) + strlen(s) + 2;
    it->path = malloc(need);
    if (it->path)
        snprintf(it->path, need, "%s/%s", dir, s);

    const struct json_node *fit = json_get(obj, "fit");
    if (fit) {
        /* In the order of enum pl_fit. */
        static const char *const names[] = {"contain", "cover", NULL};
        int i;
        if (json_as_enum(c->doc, fit,
                         _("\"contain\" (whole image, bands at the sides) or \"cover\" (fills the "
                           "board, edges cut)"),
                         names, &i))
            it->fit = i == 1 ? PL_FIT_COVER : PL_FIT_CONTAIN;
    }
}

static void get_flag(struct ctx *c, const struct json_node *obj, const char *key, bool *out)
{
    const struct json_node *v = json_get(obj, key);
    if (!v)
        return;
    if (json_is(v, JSON_BOOL))
        *out = json_true(v);
    else
        err_type(c, v, _("true or false"));
}

static void parse_countdown(struct ctx *c, const struct json_node *obj, struct pl_item *it)
{
    const struct json_node *ev = json_get(obj, "event");
    const struct json_node *date = json_get(obj, "date");
    get_text(c, obj, "label", MAX_LABEL_BYTES, false, false, "", &it->label);
    if (ev && date) {
        err_at_key(c, date, "schema", "%s",
                   _("a countdown has either \"event\" or \"date\", not both: remove one"));
        return;
    }
    if (ev) {
        if (!json_is(ev, JSON_STRING) || !in_list(json_string(ev), event_ids)) {
            char got[128];
            json_describe(ev, got, sizeof(got));
            if (json_is(ev, JSON_STRING))
                err(c, ev, "schema",
                    _("there is no event \"%.60s\": use \"science-day\" (18/5), "
                      "\"innovation-day\" (1/10), \"digital-transformation-day\" (10/10) or "
                      "\"tet\", or give a \"date\" and a \"label\""),
                    json_string(ev));
            else
                err(c, ev, "schema",
                    _("\"event\" is the name of an event in double quotes, like "
                      "\"digital-transformation-day\", not %s"),
                    got);
            return;
        }
        it->event = strdup(json_string(ev));
        return;
    }
    if (!date) {
        err(c, obj, "schema", "%s",
            _("a countdown needs an \"event\" (like \"digital-transformation-day\") or a "
              "\"date\" with a \"label\""));
        return;
    }
    if (!get_date(c, date, &it->date, &it->date_every_year))
        return;
    it->has_date = true;
    if (!it->label)
        err(c, obj, "schema", "%s",
            _("a countdown to a \"date\" needs a \"label\" naming the day, like \"Đại hội "
              "Đảng bộ phường\""));
    if (!it->date_every_year && c->opts->has_today &&
        cal_days_from_civil(it->date) < cal_days_from_civil(c->opts->today))
        warn(c, date, "schedule",
             _("%04d-%02d-%02d has already passed: this countdown has nothing left to count"),
             it->date.year, it->date.month, it->date.day);
}

static void parse_stats(struct ctx *c, const struct json_node *obj, struct pl_item *it)
{
    const struct json_node *rows = json_get(obj, "rows");
    if (!rows) {
        err(c, obj, "schema", "%s",
            _("missing \"rows\": a list of figures like { \"label\": \"Hồ sơ trực tuyến\", "
              "\"value\": 86, \"max\": 100, \"unit\": \"%\" }"));
        return;
    }
    if (!json_is(rows, JSON_ARRAY)) {
        err_type(c, rows, _("a list of rows [ {...}, {...} ]"));
        return;
    }
    size_t n = json_count(rows);
    if (n == 0) {
        err(c, rows, "schema", "%s", _("\"rows\" is empty: add at least one figure"));
        return;
    }
    if (n > PLAYLIST_MAX_STAT_ROWS) {
        err(c, rows, "limit",
            _("%d rows cannot be read from the street; the limit is %d: split them into "
              "several stats items"),
            (int)n, PLAYLIST_MAX_STAT_ROWS);
        return;
    }
    it->rows = calloc(n, sizeof(*it->rows));
    if (!it->rows)
        return;
    const struct json_node *row;
    json_foreach(row, rows)
    {
        struct pl_stat_row *r = &it->rows[it->n_rows];
        if (!json_is(row, JSON_OBJECT)) {
            err_type(c, row, _("a row like { \"label\": \"...\", \"value\": 86 }"));
            continue;
        }
        static const char *const row_fields[] = {"label", "value", "max", "unit", NULL};
        check_unknown(c, row, row_fields, _("a stats row"));
        bool ok = get_text(c, row, "label", MAX_LABEL_BYTES, false, true,
                           _("the name of the figure, like \"Hồ sơ trực tuyến\""), &r->label);
        ok &= get_text(c, row, "unit", MAX_UNIT_BYTES, false, false, "", &r->unit);
        const struct json_node *v = json_get(row, "value");
        if (!v) {
            err(c, row, "schema", "%s", _("missing \"value\": the figure, like 86"));
            ok = false;
        } else if (json_is(v, JSON_STRING)) {
            err(c, v, "schema",
                _("expected a number like 86 (decimals with a point: 86.5), got the text "
                  "\"%.40s\""),
                json_string(v));
            ok = false;
        } else {
            ok &= get_number(c, v, _("a number like 86"), &r->value);
        }
        const struct json_node *mx = json_get(row, "max");
        if (mx) {
            if (get_number(c, mx, _("a number like 100"), &r->max)) {
                if (r->max <= 0) {
                    err(c, mx, "schema", _("\"max\" must be more than 0, got %g"), r->max);
                    ok = false;
                } else {
                    r->has_max = true;
                    if (ok && r->value > r->max)
                        warn(c, mx, "schema",
                             _("the value %g is above \"max\" %g: the bar is drawn full"), r->value,
                             r->max);
                }
            } else {
                ok = false;
            }
        }
        if (ok) {
            it->n_rows++;
        } else {
            free(r->label);
            free(r->unit);
            memset(r, 0, sizeof(*r));
        }
    }
}

/* The schedule fields and the [schedule] checks of an item that can never play. */
static void parse_schedule(struct ctx *c, const struct json_node *obj, struct pl_item *it)
{
    const struct json_node *v;
    if ((v = json_get(obj, "from")))
        it->has_from = get_date(c, v, &it->from, NULL);
    const struct json_node *until = json_get(obj, "until");
    if (until)
        it->has_until = get_date(c, until, &it->until, NULL);
    if ((v = json_get(obj, "hours"))) {
        it->has_hours = get_hours(c, v, &it->hours_start, &it->hours_end);
        if (it->has_hours && it->hours_start == it->hours_end)
            warn(c, v, "schedule", "%s",
                 _("the start and end hours are the same, so this item never plays: for all "
                   "day, remove \"hours\""));
    }
    it->weekdays = 0x7f;
    const struct json_node *wd = json_get(obj, "weekdays");
    if (wd) {
        const char *expected = _("a list of days, 1 = Monday ... 7 = Sunday, like [1, 2, 3, 4, 5]");
        if (!json_is(wd, JSON_ARRAY)) {
            err_type(c, wd, expected);
        } else {
            uint8_t mask = 0;
            bool ok = true;
            const struct json_node *d;
            json_foreach(d, wd)
            {
                int64_t day;
                if (get_int(c, d, _("a day number (1 = Monday ... 7 = Sunday)"), 1, 7, &day))
                    mask |= (uint8_t)(1u << (day - 1));
                else
                    ok = false;
            }
            if (ok) {
                it->weekdays = mask;
                if (!mask)
                    warn(c, wd, "schedule", "%s",
                         _("no days are listed, so this item never plays: list days 1-7 or "
                           "remove \"weekdays\""));
            }
        }
    }
    if ((v = json_get(obj, "priority"))) {
        int64_t p;
        if (get_int(c, v, _("a whole number (higher preempts lower; default 0)"), -MAX_PRIORITY,
                    MAX_PRIORITY, &p))
            it->priority = (int)p;
    }
    /* An emergency notice has the board to itself unless it asks for the
     * routine ticker. */
    it->ticker = it->priority <= 0;
    if ((v = json_get(obj, "ticker"))) {
        if (json_is(v, JSON_BOOL))
            it->ticker = json_true(v);
        else
            err_type(c, v, _("true or false (whether the playlist's ticker runs under it)"));
    }

    /* Warnings about "until" point at it (or at the item when it is absent). */
    const struct json_node *at = until ? until : obj;
    if (it->has_from && it->has_until &&
        cal_days_from_civil(it->until) < cal_days_from_civil(it->from)) {
        warn(c, at, "schedule",
             _("\"until\" %04d-%02d-%02d is before \"from\" %04d-%02d-%02d, so this item never "
               "plays: swap them"),
             it->until.year, it->until.month, it->until.day, it->from.year, it->from.month,
             it->from.day);
        return;
    }
    if (it->has_until && c->opts->has_today &&
        cal_days_from_civil(it->until) < cal_days_from_civil(c->opts->today)) {
        warn(c, at, "schedule",
             _("\"until\" %04d-%02d-%02d has passed (today is %04d-%02d-%02d): this item no "
               "longer plays"),
             it->until.year, it->until.month, it->until.day, c->opts->today.year,
             c->opts->today.month, c->opts->today.day);
        return;
    }
    if (it->has_from && it->has_until && it->weekdays && it->weekdays != 0x7f) {
        int64_t a = cal_days_from_civil(it->from), b = cal_days_from_civil(it->until);
        bool meets = false;
        for (int64_t d = a; d <= b && d < a + 7 && !meets; d++)
            meets = it->weekdays & (1u << (cal_weekday(cal_civil_from_days(d)) - 1));
        if (!meets)
            warn(c, wd, "schedule", "%s",
                 _("none of these weekdays falls between \"from\" and \"until\", so this item "
                   "never plays"));
    }
}

static void parse_item(struct ctx *c, const struct json_node *obj, struct pl_item *it,
                       const struct playlist *pl)
{
    it->line = json_line(obj);
    it->col = json_col(obj);
    it->duration = pl->duration;
    it->background = pl->background;
    it->color = pl->color;
    it->has_accent = pl->has_accent;
    it->accent = pl->accent;
    it->transition = pl->transition;
    it->weekdays = 0x7f;
    if (!json_is(obj, JSON_OBJECT)) {
        err_type(c, obj, _("an item like { \"id\": \"...\", \"type\": \"text\", ... }"));
        return;
    }

    const struct json_node *v = json_get(obj, "id");
    if (!v) {
        err(c, obj, "schema", "%s",
            _("missing \"id\": give every item a short unique name like \"khau-hieu-1\" "
              "(lower-case letters without accents, digits, - and _)"));
    } else if (!json_is(v, JSON_STRING)) {
        err_type(c, v, _("a short name in double quotes, like \"khau-hieu-1\""));
    } else if (strlen(json_string(v)) > MAX_ID_BYTES || !valid_id(json_string(v))) {
        err(c, v, "schema",
            _("the id \"%.80s\" may use only lower-case letters without accents, digits, - and "
              "_ (at most %d), like \"khau-hieu-1\""),
            json_string(v), MAX_ID_BYTES);
    } else {
        it->id = strdup(json_string(v));
    }

    v = json_get(obj, "type");
    const struct type_info *t = NULL;
    if (!v) {
        err(c, obj, "schema", "%s",
            _("missing \"type\": one of \"text\", \"image\", \"video\", \"countdown\", "
              "\"stats\", \"clock\""));
        return;
    }
    for (size_t i = 0; i < N_TYPES && json_is(v, JSON_STRING); i++)
        if (strcmp(json_string(v), types[i].name) == 0)
            t = &types[i];
    if (!t) {
        char got[128];
        json_describe(v, got, sizeof(got));
        if (json_is(v, JSON_STRING))
            err(c, v, "schema",
                _("there is no item type \"%.60s\": use \"text\", \"image\", \"video\", "
                  "\"countdown\", \"stats\" or \"clock\""),
                json_string(v));
        else
            err(c, v, "schema",
                _("\"type\" is the name of a type in double quotes (\"text\", \"image\", "
                  "\"video\", \"countdown\", \"stats\" or \"clock\"), not %s"),
                got);
        return;
    }
    it->type = t->type;
    check_item_fields(c, obj, t);
    c->foreign = false;
    if ((v = json_get(obj, "lang"))) {
        /* A language tag: "vi" (the default) or another, whose text the
         * Vietnamese checks leave alone. */
        const char *l = json_is(v, JSON_STRING) ? json_string(v) : "";
        size_t n = strspn(l, "abcdefghijklmnopqrstuvwxyz");
        if (n < 2 || n > 3 || (l[n] && l[n] != '-'))
            err_type(c, v, _("a language tag like \"vi\" or \"en\""));
        else
            c->foreign = strncmp(l, "vi", 2) != 0 || n != 2;
    }

    if ((v = json_get(obj, "duration")))
        it->has_duration = get_duration(c, v, &it->duration);
    if ((v = json_get(obj, "background")))
        get_color(c, v, &it->background);
    if ((v = json_get(obj, "color")))
        get_color(c, v, &it->color);
    if ((v = json_get(obj, "accent")))
        it->has_accent = get_color(c, v, &it->accent);
    if ((v = json_get(obj, "transition")))
        get_transition(c, v, &it->transition);
    parse_schedule(c, obj, it);

    switch (it->type) {
    case PL_TEXT:
        get_text(c, obj, "text", PLAYLIST_MAX_TEXT_BYTES, true, true,
                 _("the words to show, like \"ĐẨY MẠNH CHUYỂN ĐỔI SỐ\""), &it->text);
        get_text(c, obj, "title", MAX_TITLE_BYTES, false, false, "", &it->title);
        break;
    case PL_IMAGE:
        parse_image(c, obj, it, pl->dir);
        break;
    case PL_COUNTDOWN:
        parse_countdown(c, obj, it);
        break;
    case PL_STATS:
        get_text(c, obj, "title", MAX_TITLE_BYTES, false, false, "", &it->title);
        parse_stats(c, obj, it);
        break;
    case PL_CLOCK:
        break;
    case PL_VIDEO:
        parse_image(c, obj, it, pl->dir);
        get_flag(c, obj, "loop", &it->loop);
        get_flag(c, obj, "audio", &it->audio);
        break;
    }
    c->foreign = false;
}

static void parse_defaults(struct ctx *c, const struct json_node *d, struct playlist *pl)
{
    if (!json_is(d, JSON_OBJECT)) {
        err_type(c, d, _("an object like { \"duration\": 10 }"));
        return;
    }
    static const char *const known[] = {"duration", "background", "color",
                                        "accent",   "transition", NULL};
    check_unknown(c, d, known, "\"defaults\"");
    const struct json_node *v;
    if ((v = json_get(d, "duration")))
        get_duration(c, v, &pl->duration);
    if ((v = json_get(d, "background")))
        get_color(c, v, &pl->background);
    if ((v = json_get(d, "color")))
        get_color(c, v, &pl->color);
    if ((v = json_get(d, "accent")))
        pl->has_accent = get_color(c, v, &pl->accent);
    if ((v = json_get(d, "transition")))
        get_transition(c, v, &pl->transition);
}

static void parse_ticker(struct ctx *c, const struct json_node *t, struct playlist *pl)
{
    if (!json_is(t, JSON_OBJECT)) {
        err_type(c, t, _("an object like { \"text\": \"...\", \"speed\": 80 }"));
        return;
    }
    static const char *const known[] = {"text", "speed", NULL};
    check_unknown(c, t, known, "\"ticker\"");
    char *text = NULL;
    if (get_text(c, t, "text", PLAYLIST_MAX_TEXT_BYTES, false, false, "", &text) && text &&
        !is_blank(text)) {
        pl->ticker_text = text;
        pl->has_ticker = true;
    } else {
        free(text);
    }
    const struct json_node *v = json_get(t, "speed");
    if (v) {
        double s;
        if (get_number(c, v, _("a speed in pixels per second, like 80"), &s)) {
            if (s < MIN_TICKER_SPEED || s > MAX_TICKER_SPEED)
                err(c, v, "schema",
                    _("a speed of %g pixels per second cannot be read: use %g to %g (80 is "
                      "comfortable)"),
                    s, MIN_TICKER_SPEED, MAX_TICKER_SPEED);
            else
                pl->ticker_speed = s;
        }
    }
}

/* "allow_words": names and foreign words [spelling] leaves alone. */
static void parse_allow_words(struct ctx *c, const struct json_node *v)
{
    const char *expected = _("a list of words, like [\"Zalo\", \"VNeID\", \"online\"]");
    if (!json_is(v, JSON_ARRAY)) {
        err_type(c, v, expected);
        return;
    }
    const struct json_node *w;
    json_foreach(w, v)
    {
        if (!json_is(w, JSON_STRING) || !*json_string(w))
            err_type(c, w, _("a word in double quotes"));
        else if (c->n_allow < MAX_ALLOW_WORDS)
            c->allow[c->n_allow++] = json_string(w);
    }
    if (json_count(v) > MAX_ALLOW_WORDS)
        warn(c, v, "limit", _("only the first %d words of \"allow_words\" are used"),
             MAX_ALLOW_WORDS);
}

static void parse_root(struct ctx *c, const struct json_node *root, struct playlist *pl)
{
    if (!json_is(root, JSON_OBJECT)) {
        err_type(c, root, _("a playlist object { \"version\": 1, \"items\": [ ... ] }"));
        return;
    }
    static const char *const known[] = {"$schema", "version",     "name",  "sequence", "defaults",
                                        "ticker",  "allow_words", "items", NULL};
    check_unknown(c, root, known, _("the playlist"));

    const struct json_node *v = json_get(root, "version");
    pl->version = 1;
    if (!v) {
        warn(c, root, "schema", "%s", _("missing \"version\": add \"version\": 1 (read as 1)"));
    } else if (!json_is(v, JSON_NUMBER) || json_number(v) != 1.0) {
        char got[128];
        json_describe(v, got, sizeof(got));
        if (json_is(v, JSON_NUMBER) && json_number(v) > 1)
            err(c, v, "schema",
                _("this playlist is version %g; this bangtin reads version 1: update bangtin"),
                json_number(v));
        else
            err(c, v, "schema", _("expected \"version\": 1, got %s"), got);
    }
    if ((v = json_get(root, "allow_words")))
        parse_allow_words(c, v);
    char *name = NULL;
    get_text(c, root, "name", MAX_NAME_BYTES, false, false, "", &name);
    pl->name = name ? name : strdup("");
    if ((v = json_get(root, "sequence"))) {
        /* Exact up to 2^63 - 1: read from the text, never through a double. */
        int64_t seq;
        if (get_int(c, v, _("a whole number that grows with each publication"), 0, INT64_MAX, &seq))
            pl->sequence = seq;
    }
    if ((v = json_get(root, "defaults")))
        parse_defaults(c, v, pl);
    if ((v = json_get(root, "ticker")))
        parse_ticker(c, v, pl);

    const struct json_node *items = json_get(root, "items");
    if (!items) {
        err(c, root, "schema", "%s",
            _("missing \"items\": the list of slides, \"items\": [ { \"id\": \"...\", "
              "\"type\": \"text\", \"text\": \"...\" } ]"));
        return;
    }
    if (!json_is(items, JSON_ARRAY)) {
        err_type(c, items, _("a list of items [ {...}, {...} ]"));
        return;
    }
    size_t n = json_count(items);
    if (n > PLAYLIST_MAX_ITEMS) {
        err(c, items, "limit", _("%d items are more than the limit of %d: split the playlist"),
            (int)n, PLAYLIST_MAX_ITEMS);
        return;
    }
    if (n == 0)
        warn(c, items, "schedule", "%s",
             _("the list of items is empty: the board shows only the neutral slide (office "
               "name, date, time)"));
    pl->items = calloc(n ? n : 1, sizeof(*pl->items));
    if (!pl->items) {
        err(c, items, "limit", "%s", _("out of memory"));
        return;
    }
    const struct json_node *it;
    json_foreach(it, items)
    {
        parse_item(c, it, &pl->items[pl->n_items], pl);
        pl->n_items++;
    }
    /* Unique ids. n <= PLAYLIST_MAX_ITEMS keeps the quadratic scan cheap. */
    for (size_t i = 0; i < pl->n_items; i++) {
        if (!pl->items[i].id)
            continue;
        for (size_t j = 0; j < i; j++) {
            if (pl->items[j].id && strcmp(pl->items[i].id, pl->items[j].id) == 0) {
                err(c, json_get(json_at(items, i), "id"), "schema",
                    _("the id \"%s\" is already used by item %zu (items[%zu], line %d): every "
                      "item needs its own id"),
                    pl->items[i].id, j + 1, j, pl->items[j].line);
                break;
            }
        }
    }
}

/* ---- entry points ------------------------------------------------------- */

static void free_item(struct pl_item *it)
{
    free(it->id);
    free(it->text);
    free(it->title);
    free(it->src);
    free(it->path);
    free(it->event);
    free(it->label);
    for (size_t i = 0; i < it->n_rows; i++) {
        free(it->rows[i].label);
        free(it->rows[i].unit);
    }
    free(it->rows);
}

void playlist_free(struct playlist *pl)
{
    if (!pl)
        return;
    for (size_t i = 0; i < pl->n_items; i++)
        free_item(&pl->items[i]);
    free(pl->items);
    free(pl->name);
    free(pl->file);
    free(pl->dir);
    free(pl->ticker_text);
    free(pl);
}

/* Parses; with keep, a playlist that has errors is returned too (for the
 * asset checks of the same run) and *errors says so. */
static struct playlist *parse(const char *data, size_t len, const char *file, const char *dir,
                              const struct playlist_opts *opts, struct diag_list *diags, bool keep,
                              size_t *errors)
{
    static const struct playlist_opts no_opts;
    struct ctx c = {.opts = opts ? opts : &no_opts, .defer_files = keep};
    *errors = 1;
    struct playlist *pl = NULL;
    file = file ? file : "-";

    if (len > PLAYLIST_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, file, 1, 1, NULL, "limit",
                 _("the playlist is %zu bytes, more than the %u-byte limit: is this the right "
                   "file?"),
                 len, PLAYLIST_MAX_FILE_BYTES);
        return NULL;
    }
    struct json_opts jo = {
        .file = file, .diags = diags, .code = "schema", .max_depth = PLAYLIST_MAX_DEPTH};
    c.doc = json_parse(data, len, &jo, NULL);
    if (!c.doc)
        return NULL;

    pl = calloc(1, sizeof(*pl));
    if (!pl)
        goto fail;
    pl->file = strdup(file);
    pl->dir = strdup(dir && *dir ? dir : ".");
    pl->duration = DEFAULT_DURATION;
    pl->background = DEFAULT_BACKGROUND;
    pl->color = DEFAULT_COLOR;
    pl->transition = PL_TRANSITION_FADE;
    pl->ticker_speed = DEFAULT_TICKER_SPEED;
    pl->feed = c.opts->feed;
    if (!pl->file || !pl->dir)
        goto fail;
    parse_root(&c, json_root(c.doc), pl);
    *errors = json_errors(c.doc);
    if (*errors && !keep)
        goto fail;
    json_free(c.doc);
    return pl;
fail:
    playlist_free(pl);
    json_free(c.doc);
    return NULL;
}

struct playlist *playlist_parse_ex(const char *data, size_t len, const char *file, const char *dir,
                                   const struct playlist_opts *opts, struct diag_list *diags)
{
    size_t errors;
    return parse(data, len, file, dir, opts, diags, false, &errors);
}

struct playlist *playlist_parse(const char *data, size_t len, const char *file, const char *dir,
                                struct diag_list *diags)
{
    return playlist_parse_ex(data, len, file, dir, NULL, diags);
}

static char *dir_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        return strdup(".");
    if (slash == file)
        return strdup("/");
    return strndup(file, (size_t)(slash - file));
}

/* The one entry of dir named like name but for capitals, or false. */
static bool match_case(const char *dir, const char *name, size_t n, char *out, size_t out_n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d))) {
        if (strlen(e->d_name) == n && strncasecmp(e->d_name, name, n) == 0) {
            snprintf(out, out_n, "%s", e->d_name);
            found++;
        }
    }
    if (d)
        closedir(d);
    return found == 1;
}

/* rel (relative to root) with each folder and the file name as they are on
 * disk, when that differs from rel only in capitals; false otherwise. */
static bool actual_name(const char *root, const char *rel, char *out, size_t n)
{
    char dir[PATH_MAX], part[256];
    size_t used = 0;
    snprintf(dir, sizeof(dir), "%s", root);
    out[0] = '\0';
    for (const char *p = rel; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || len >= sizeof(part) || !match_case(dir, p, len, part, sizeof(part)))
            return false;
        size_t dl = strlen(dir);
        int w = snprintf(out + used, n - used, "%s%s", used ? "/" : "", part);
        if (w < 0 || (size_t)w >= n - used ||
            snprintf(dir + dl, sizeof(dir) - dl, "/%s", part) >= (int)(sizeof(dir) - dl))
            return false;
        used += (size_t)w;
        p += len + (slash ? 1 : 0);
    }
    return used > 0;
}

/* The folder a playlist's src paths resolve in: its own, except for the
 * playlists shipped with bangtin (DATA/playlists/), whose pictures are the
 * installation's shared assets/ (DATA/assets/): they resolve in DATA. */
static char *src_dir_of(const char *file)
{
    char *dir = dir_of(file);
    char shipped[PATH_MAX];
    if (!dir || !paths_data_file(shipped, sizeof(shipped), "playlists"))
        return dir;
    char *real_dir = realpath(dir, NULL), *real_shipped = realpath(shipped, NULL);
    bool is_shipped = real_dir && real_shipped && strcmp(real_dir, real_shipped) == 0;
    free(real_dir);
    free(real_shipped);
    if (!is_shipped)
        return dir;
    free(dir);
    return strdup(paths_data_dir());
}

bool playlist_check_assets(struct playlist *pl, struct diag_list *diags)
{
    bool all_ok = true;
    char *root = realpath(pl->dir, NULL);
    size_t rlen = root ? strlen(root) : 0;
    size_t dlen = strlen(pl->dir);
    for (size_t i = 0; i < pl->n_items; i++) {
        struct pl_item *it = &pl->items[i];
        if (it->type != PL_IMAGE || !it->path || it->asset_unusable)
            continue;
        char path[64], actual[PATH_MAX];
        snprintf(path, sizeof(path), "items[%zu].src", i);
        /* it->path is pl->dir "/" the src as written ('\\' made '/'). */
        const char *rel = strncmp(it->path, pl->dir, dlen) == 0 && it->path[dlen] == '/'
                              ? it->path + dlen + 1
                              : it->src;
        char *real = realpath(it->path, NULL);
        bool other_case = !real && actual_name(pl->dir, rel, actual, sizeof(actual));
        if (it->src_backslash) {
            if (real)
                diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "schema",
                         _("use / between folders, not \\: write \"%s\""), rel);
            else if (other_case)
                diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "schema",
                         _("use / between folders, not \\, and write the name with its capitals "
                           "as they are: \"%s\""),
                         actual);
            else
                diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "schema",
                         _("use / between folders, not \\ (\"%s\"); and there is no such image "
                           "in the playlist's folder (looked for %s)"),
                         rel, it->path);
        } else if (other_case) {
            diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "missing-asset",
                     _("there is no \"%s\", but there is \"%s\": the board tells capitals from "
                       "small letters, so write \"%s\""),
                     it->src, actual, actual);
        } else if (!real) {
            diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "missing-asset",
                     _("the image \"%s\" is not in the playlist's folder (looked for %s): copy it "
                       "there; until then the board skips this item"),
                     it->src, it->path);
        } else if (!root || strncmp(real, root, rlen) != 0 ||
                   (real[rlen] != '/' && !(rlen == 1 && root[0] == '/'))) {
            diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "missing-asset",
                     _("\"%s\" is a link to a file outside the playlist's folder: copy the image "
                       "itself into the folder; until then the board skips this item"),
                     it->src);
        } else {
            struct imghdr h;
            char why[300];
            /* Feeds take GIF and WebP too (feed/stage.c names them). */
            bool ok = imghdr_probe_file(real, &h, why, sizeof(why));
            if (ok) {
                free(real);
                continue;
            }
            diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "asset",
                     _("\"%s\": %s; until then the board skips this item"), it->src, why);
        }
        free(real);
        it->asset_unusable = true;
        all_ok = false;
    }
    free(root);
    return all_ok;
}

struct playlist *playlist_load_ex(const char *file, const struct playlist_opts *opts,
                                  struct diag_list *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (!fs_read_file(file, PLAYLIST_MAX_FILE_BYTES, &data, &len)) {
        if (errno == EFBIG)
            diag_add(diags, DIAG_ERROR, file, 1, 1, NULL, "limit",
                     _("the playlist is larger than %u bytes: is this the right file?"),
                     PLAYLIST_MAX_FILE_BYTES);
        else
            diag_add(diags, DIAG_ERROR, file, 0, 0, NULL, "file", _("cannot read the file: %s"),
                     fs_strerror(errno));
        return NULL;
    }
    char *dir = src_dir_of(file);
    bool assets = opts && opts->check_assets;
    size_t errors = 0;
    /* With the asset checks, a playlist with errors is kept for them, so
     * one run reports a missing image beside a wrong duration. */
    struct playlist *pl = dir ? parse(data, len, file, dir, opts, diags, assets, &errors) : NULL;
    if (pl && assets)
        playlist_check_assets(pl, diags);
    if (pl && errors) {
        playlist_free(pl);
        pl = NULL;
    }
    free(dir);
    free(data);
    return pl;
}

struct playlist *playlist_load(const char *file, struct diag_list *diags)
{
    struct playlist_opts opts = {.check_assets = true};
    return playlist_load_ex(file, &opts, diags);
}
