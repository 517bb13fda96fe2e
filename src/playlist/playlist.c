#include "playlist/playlist.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "playlist/imghdr.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "vn/legacy.h"
#include "vn/vnsyl.h"
#include "json/jsonpos.h"

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
#define MAX_SEQUENCE         9007199254740991.0 /* 2^53 - 1: exact in a JSON number */

struct ctx {
    const char *file;
    struct diag_list *diags;
    struct jsonpos *jp;
    const struct playlist_opts *opts;
    int errors;
};

/* ---- reporting ---------------------------------------------------------- */

static void vreport(struct ctx *c, enum diag_severity sev, const char *path, bool at_key,
                    const char *code, const char *fmt, va_list ap)
{
    int line = 0, col = 0;
    if (at_key)
        jsonpos_key(c->jp, path, &line, &col);
    else
        jsonpos_value(c->jp, path, &line, &col);
    if (sev == DIAG_ERROR)
        c->errors++;
    char msg[900];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    diag_add(c->diags, sev, c->file, line, col, path && *path ? path : NULL, code, "%s", msg);
}

static void err(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, DIAG_ERROR, path, false, code, fmt, ap);
    va_end(ap);
}

static void warn(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, DIAG_WARNING, path, false, code, fmt, ap);
    va_end(ap);
}

static void warn_at_key(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at_key(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, DIAG_WARNING, path, true, code, fmt, ap);
    va_end(ap);
}

static void err_at_key(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err_at_key(struct ctx *c, const char *path, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, DIAG_ERROR, path, true, code, fmt, ap);
    va_end(ap);
}

/* Formats a JSON path; a path cut at JSONPOS_MAX_PATH still finds its parent. */
static void pathf(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pathf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
}

/* path of member name under parent ("" is the root). */
static void join(char *out, size_t n, const char *parent, const char *name)
{
    pathf(out, n, "%s%s%s", parent, *parent ? "." : "", name);
}

/* "the number 12", "the text \"10s\"", ... for "expected X, got Y". */
static void describe(const cJSON *v, char *buf, size_t n)
{
    if (cJSON_IsString(v)) {
        char shown[64];
        size_t len = strlen(v->valuestring);
        if (len < sizeof(shown)) {
            memcpy(shown, v->valuestring, len + 1);
        } else {
            size_t cut = sizeof(shown) - 4;
            while (cut > 0 && ((unsigned char)v->valuestring[cut] & 0xC0) == 0x80)
                cut--; /* do not cut a character in half */
            memcpy(shown, v->valuestring, cut);
            memcpy(shown + cut, "...", 4);
        }
        snprintf(buf, n, _("the text \"%s\""), shown);
    } else if (cJSON_IsNumber(v)) {
        snprintf(buf, n, _("the number %g"), v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNull(v)) {
        snprintf(buf, n, "null");
    } else if (cJSON_IsArray(v)) {
        snprintf(buf, n, "%s", _("a list [ ... ]"));
    } else {
        snprintf(buf, n, "%s", _("an object { ... }"));
    }
}

static void err_type(struct ctx *c, const char *path, const cJSON *v, const char *expected)
{
    char got[128];
    describe(v, got, sizeof(got));
    err(c, path, "schema", _("expected %s, got %s"), expected, got);
}

/* ---- strings ------------------------------------------------------------ */

/* NFC copy of s, with "\r" dropped; reports control characters. NULL on error. */
static char *clean_text(struct ctx *c, const char *path, const char *s, size_t max_bytes,
                        bool multiline)
{
    size_t raw = strlen(s);
    if (raw > max_bytes * 4) { /* NFC never shrinks text fourfold: skip the work */
        err(c, path, "limit",
            _("this text is %zu bytes long; the limit is %zu (about %zu Vietnamese letters): "
              "shorten it or split it into several items"),
            raw, max_bytes, max_bytes / 3);
        return NULL;
    }
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (!nfc) {
        err(c, path, "encoding", "%s", _("this text is not valid Unicode"));
        return NULL;
    }
    size_t w = 0;
    for (size_t r = 0; nfc[r]; r++) {
        unsigned char ch = (unsigned char)nfc[r];
        if (ch == '\r')
            continue;
        if (ch < 0x20 && !(ch == '\n' && multiline) && ch != '\t') {
            if (ch == '\n')
                err(c, path, "schema", "%s",
                    _("a line break (\\n) is not allowed here: keep it on one line"));
            else
                err(c, path, "schema", _("control character U+%04X in the text: remove it"), ch);
            free(nfc);
            return NULL;
        }
        nfc[w++] = ch == '\t' ? ' ' : (char)ch;
    }
    nfc[w] = 0;
    if (w > max_bytes) {
        err(c, path, "limit",
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

/* [legacy-encoding] and [no-diacritics]: text pasted from an old
 * Vietnamese font, or typed or scanned without its marks (src/text/legacy.h,
 * vnsyl.h). Warnings: the board still shows what was written. */
static void check_vietnamese(struct ctx *c, const char *path, const char *text)
{
    enum legacy_enc enc;
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
        warn(c, path, "legacy-encoding",
             _("this text looks like Vietnamese in the old %s encoding, pasted as if it were "
               "Unicode; converted it reads \"%s\": fix it with "
               "'bangtin text convert --from %s' (see docs/TEXT.md)"),
             legacy_name(enc), preview, legacy_name(enc));
    } else if (vnsyl_lost_diacritics(text)) {
        warn(c, path, "no-diacritics", "%s",
             _("this Vietnamese text seems to have lost its marks (dấu): type it again with a "
               "Vietnamese keyboard (Telex or VNI) or copy it from the original document"));
    }
}

/* Optional string member; *out stays NULL when absent. */
static bool get_text(struct ctx *c, const cJSON *obj, const char *parent, const char *name,
                     size_t max_bytes, bool multiline, bool required, const char *hint, char **out)
{
    char path[JSONPOS_MAX_PATH];
    join(path, sizeof(path), parent, name);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = NULL;
    if (!v) {
        if (required)
            err(c, parent, "schema", _("missing \"%s\": %s"), name, hint);
        return !required;
    }
    if (!cJSON_IsString(v)) {
        err_type(c, path, v, _("text in double quotes"));
        return false;
    }
    *out = clean_text(c, path, v->valuestring, max_bytes, multiline);
    if (!*out)
        return false;
    if (required && is_blank(*out)) {
        err(c, path, "schema", _("\"%s\" is empty: %s"), name, hint);
        free(*out);
        *out = NULL;
        return false;
    }
    if (strcmp(name, "unit") != 0)
        check_vietnamese(c, path, *out);
    return true;
}

/* ---- numbers, dates, colours -------------------------------------------- */

static bool get_number(struct ctx *c, const cJSON *v, const char *path, const char *expected,
                       double *out)
{
    if (!cJSON_IsNumber(v)) {
        err_type(c, path, v, expected);
        return false;
    }
    if (!isfinite(v->valuedouble)) {
        err(c, path, "schema", _("this number is too large: expected %s"), expected);
        return false;
    }
    *out = v->valuedouble;
    return true;
}

static bool get_int(struct ctx *c, const cJSON *v, const char *path, const char *expected,
                    double lo, double hi, int64_t *out)
{
    double d;
    if (!get_number(c, v, path, expected, &d))
        return false;
    if (d != floor(d)) {
        err(c, path, "schema", _("expected %s, got %g: use a whole number"), expected, d);
        return false;
    }
    if (d < lo || d > hi) {
        err(c, path, "schema", _("expected %s between %.0f and %.0f, got %.0f"), expected, lo, hi,
            d);
        return false;
    }
    *out = (int64_t)d;
    return true;
}

/* YYYY-MM-DD, or MM-DD when every_year is not NULL. */
static bool get_date(struct ctx *c, const cJSON *v, const char *path, struct cal_date *out,
                     bool *every_year)
{
    if (!cJSON_IsString(v)) {
        err_type(c, path, v,
                 every_year ? _("a date in double quotes, like \"2026-10-10\" or \"10-10\"")
                            : _("a date in double quotes, like \"2026-10-10\""));
        return false;
    }
    const char *s = v->valuestring;
    size_t n = strlen(s);
    int y = 0, m = 0, d = 0;
    bool ok = false;
    if (n == 10 && s[4] == '-' && s[7] == '-' && cal_parse_digits(s, 4, &y) &&
        cal_parse_digits(s + 5, 2, &m) && cal_parse_digits(s + 8, 2, &d)) {
        ok = true;
        if (every_year)
            *every_year = false;
    } else if (every_year && n == 5 && s[2] == '-' && cal_parse_digits(s, 2, &m) &&
               cal_parse_digits(s + 3, 2, &d)) {
        ok = true;
        y = 2025; /* any year without 29 February */
        *every_year = true;
    }
    if (!ok) {
        /* Staff write dates day first: 10/10/2026. Say what to write. */
        int dd, mm, yy;
        char extra;
        if (sscanf(s, "%d/%d/%d%c", &dd, &mm, &yy, &extra) == 3 && yy > 1900 && mm >= 1 &&
            mm <= 12 && dd >= 1 && dd <= 31)
            err(c, path, "schema", _("write dates as YEAR-MONTH-DAY: \"%s\" is \"%04d-%02d-%02d\""),
                s, yy, mm, dd);
        else
            err(c, path, "schema",
                every_year ? _("expected a date like \"2026-10-10\" (or \"10-10\" for every "
                               "year), got \"%s\"")
                           : _("expected a date like \"2026-10-10\" (year-month-day), got \"%s\""),
                s);
        return false;
    }
    if (y < 2000 || y > 2100) {
        err(c, path, "schema", _("the year %d is outside 2000-2100: check the date \"%s\""), y, s);
        return false;
    }
    if (m < 1 || m > 12) {
        err(c, path, "schema", _("\"%s\" is not a real date: there is no month %d"), s, m);
        return false;
    }
    if (d < 1 || d > cal_days_in_month(y, m)) {
        if (every_year && *every_year && m == 2 && d == 29)
            err(c, path, "schema", "%s",
                _("29 February exists only in leap years: write the full date, like "
                  "\"2028-02-29\""));
        else if (every_year && *every_year)
            err(c, path, "schema", _("\"%s\" is not a real date: month %d has %d days"), s, m,
                cal_days_in_month(y, m));
        else
            err(c, path, "schema", _("\"%s\" is not a real date: month %d of %d has %d days"), s, m,
                y, cal_days_in_month(y, m));
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

static bool get_color(struct ctx *c, const cJSON *v, const char *path, struct pl_color *out)
{
    const char *expected = _("a colour written \"#rrggbb\", like \"#ffde00\" for yellow");
    if (!cJSON_IsString(v)) {
        err_type(c, path, v, expected);
        return false;
    }
    const char *s = v->valuestring;
    int h[6];
    bool ok = strlen(s) == 7 && s[0] == '#';
    for (int i = 0; ok && i < 6; i++)
        ok = (h[i] = hexd(s[i + 1])) >= 0;
    if (!ok) {
        err(c, path, "schema", _("expected %s, got \"%s\""), expected, s);
        return false;
    }
    *out = (struct pl_color){(uint8_t)(h[0] * 16 + h[1]), (uint8_t)(h[2] * 16 + h[3]),
                             (uint8_t)(h[4] * 16 + h[5])};
    return true;
}

static bool get_duration(struct ctx *c, const cJSON *v, const char *path, double *out)
{
    const char *expected = _("a number of seconds like 10");
    if (cJSON_IsString(v)) {
        err(c, path, "schema",
            _("expected %s, got the text \"%.40s\": write the number without "
              "quotes or units"),
            expected, v->valuestring);
        return false;
    }
    double d;
    if (!get_number(c, v, path, expected, &d))
        return false;
    if (d <= 0) {
        err(c, path, "schema", _("a duration must be more than 0 seconds, got %g"), d);
        return false;
    }
    if (d > PLAYLIST_MAX_DURATION) {
        warn(c, path, "schema",
             _("%g seconds is longer than the %g-second limit: it is shortened to %g seconds"), d,
             PLAYLIST_MAX_DURATION, PLAYLIST_MAX_DURATION);
        d = PLAYLIST_MAX_DURATION;
    }
    *out = d;
    return true;
}

static bool get_transition(struct ctx *c, const cJSON *v, const char *path, enum pl_transition *out)
{
    if (cJSON_IsString(v) && strcmp(v->valuestring, "fade") == 0)
        *out = PL_TRANSITION_FADE;
    else if (cJSON_IsString(v) && strcmp(v->valuestring, "none") == 0)
        *out = PL_TRANSITION_NONE;
    else {
        err_type(c, path, v, _("\"fade\" or \"none\""));
        return false;
    }
    return true;
}

/* "HH:MM-HH:MM" (spaces around '-' tolerated); 24:00 allowed as the end. */
static bool parse_hhmm(const char *s, size_t n, int *out, bool end)
{
    while (n && *s == ' ') {
        s++;
        n--;
    }
    while (n && s[n - 1] == ' ')
        n--;
    int h, m;
    if (n == 5 && s[2] == ':' && cal_parse_digits(s, 2, &h) && cal_parse_digits(s + 3, 2, &m)) {
    } else if (n == 4 && s[1] == ':' && cal_parse_digits(s, 1, &h) &&
               cal_parse_digits(s + 2, 2, &m)) {
    } else
        return false;
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end)))
        return false;
    *out = h * 60 + m;
    return true;
}

static bool get_hours(struct ctx *c, const cJSON *v, const char *path, int *start, int *end)
{
    const char *expected = _("hours written \"HH:MM-HH:MM\", like \"07:00-11:30\"");
    if (!cJSON_IsString(v)) {
        err_type(c, path, v, expected);
        return false;
    }
    const char *s = v->valuestring;
    const char *dash = strchr(s, '-');
    if (!dash || !parse_hhmm(s, (size_t)(dash - s), start, false) ||
        !parse_hhmm(dash + 1, strlen(dash + 1), end, true)) {
        err(c, path, "schema", _("expected %s (24-hour clock), got \"%s\""), expected, s);
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
static void check_unknown(struct ctx *c, const cJSON *obj, const char *parent,
                          const char *const *known, const char *what)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        if (!m->string || m->string[0] == '_' || in_list(m->string, known))
            continue;
        char path[JSONPOS_MAX_PATH];
        join(path, sizeof(path), parent, m->string);
        warn_at_key(c, path, "schema",
                    _("unknown field \"%.60s\" in %s: it is ignored (check its spelling)"),
                    m->string, what);
    }
}

static const char *const common_item_fields[] = {
    "id",       "type",     "duration",   "from",  "until",      "hours",
    "weekdays", "priority", "background", "color", "transition", NULL,
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

static void check_item_fields(struct ctx *c, const cJSON *obj, const char *parent,
                              const struct type_info *t)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        if (!m->string || m->string[0] == '_' || in_list(m->string, common_item_fields) ||
            in_list(m->string, t->fields))
            continue;
        char path[JSONPOS_MAX_PATH];
        join(path, sizeof(path), parent, m->string);
        const char *owner = NULL;
        for (size_t i = 0; i < N_TYPES && !owner; i++)
            if (in_list(m->string, types[i].fields))
                owner = types[i].name;
        if (owner)
            warn_at_key(c, path, "schema",
                        _("\"%s\" is only used by \"%s\" items; this item is of type \"%s\", "
                          "so it is ignored"),
                        m->string, owner, t->name);
        else
            warn_at_key(c, path, "schema",
                        _("unknown field \"%.60s\" in a %s item: it is ignored (check its "
                          "spelling)"),
                        m->string, t->name);
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
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static void parse_image(struct ctx *c, const cJSON *obj, const char *ip, struct pl_item *it,
                        const char *dir)
{
    char path[JSONPOS_MAX_PATH];
    join(path, sizeof(path), ip, "src");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "src");
    jsonpos_value(c->jp, path, &it->src_line, &it->src_col);
    if (!v) {
        err(c, ip, "schema", "%s",
            _("missing \"src\": the image file, relative to the playlist, like "
              "\"assets/infographic.png\""));
        return;
    }
    if (!cJSON_IsString(v)) {
        err_type(c, path, v, _("a file name in double quotes, like \"assets/infographic.png\""));
        return;
    }
    const char *s = v->valuestring;
    if (strlen(s) > MAX_SRC_BYTES) {
        err(c, path, "limit", _("this file name is longer than %d bytes"), MAX_SRC_BYTES);
        return;
    }
    if (!*s) {
        err(c, path, "schema", "%s", _("\"src\" is empty: write the image's file name"));
        return;
    }

    char shapath[JSONPOS_MAX_PATH];
    join(shapath, sizeof(shapath), ip, "sha256");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(obj, "sha256");
    if (sha) {
        bool ok = cJSON_IsString(sha) && strlen(sha->valuestring) == 64;
        for (size_t i = 0; ok && i < 64; i++)
            ok = hexd(sha->valuestring[i]) >= 0;
        if (!ok) {
            err_type(c, shapath, sha,
                     _("the file's SHA-256 checksum: 64 hexadecimal digits (sha256sum FILE "
                       "prints it)"));
        } else {
            it->has_sha256 = true;
            for (size_t i = 0; i < 64; i++)
                it->sha256[i] = "0123456789abcdef"[hexd(sha->valuestring[i])];
            it->sha256[64] = 0;
        }
    }

    it->src = strdup(s);
    if (is_url(s)) {
        it->is_url = true;
        if (!sha)
            err(c, path, "schema", "%s",
                _("an image from a web address must carry its \"sha256\" checksum, so nothing "
                  "but the published file is ever shown"));
        else if (!c->opts->feed) {
            warn(c, path, "missing-asset", "%s",
                 _("a local playlist shows only image files stored beside it: download this "
                   "image into the playlist's folder and write its file name, like "
                   "\"assets/infographic.png\"; until then the item is skipped"));
            it->asset_unusable = true;
        }
        return;
    }
    if (c->opts->feed && !sha)
        err(c, path, "schema", "%s",
            _("an image in a feed must carry its \"sha256\" checksum, so nothing but the "
              "published file is ever shown"));
    if (strchr(s, '\\')) {
        err(c, path, "schema", "%s",
            _("use / between folders, not \\: write \"assets/anh.png\", not "
              "\"assets\\anh.png\""));
        return;
    }
    const char *colon = strchr(s, ':');
    if (s[0] == '/' || s[0] == '~' || (colon && (!strchr(s, '/') || colon < strchr(s, '/')))) {
        err(c, path, "schema",
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
            err(c, path, "schema",
                _("\"%.80s\" leads out of the playlist's folder (\"..\"): copy the image into "
                  "the folder and write a relative name like \"assets/photo.png\""),
                s);
            return;
        }
        p += n + (slash ? 1 : 0);
    }
    size_t need = strlen(dir) + strlen(s) + 2;
    it->path = malloc(need);
    if (it->path)
        snprintf(it->path, need, "%s/%s", dir, s);

    const cJSON *fit = cJSON_GetObjectItemCaseSensitive(obj, "fit");
    if (fit) {
        join(path, sizeof(path), ip, "fit");
        if (cJSON_IsString(fit) && strcmp(fit->valuestring, "contain") == 0)
            it->fit = PL_FIT_CONTAIN;
        else if (cJSON_IsString(fit) && strcmp(fit->valuestring, "cover") == 0)
            it->fit = PL_FIT_COVER;
        else
            err_type(c, path, fit,
                     _("\"contain\" (whole image, bands at the sides) or \"cover\" (fills the "
                       "board, edges cut)"));
    }
}

static void get_flag(struct ctx *c, const cJSON *obj, const char *ip, const char *key, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return;
    char path[JSONPOS_MAX_PATH];
    join(path, sizeof(path), ip, key);
    if (cJSON_IsBool(v))
        *out = cJSON_IsTrue(v);
    else
        err_type(c, path, v, _("true or false"));
}

static void parse_countdown(struct ctx *c, const cJSON *obj, const char *ip, struct pl_item *it)
{
    char path[JSONPOS_MAX_PATH];
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(obj, "event");
    const cJSON *date = cJSON_GetObjectItemCaseSensitive(obj, "date");
    get_text(c, obj, ip, "label", MAX_LABEL_BYTES, false, false, "", &it->label);
    if (ev && date) {
        join(path, sizeof(path), ip, "date");
        err_at_key(c, path, "schema", "%s",
                   _("a countdown has either \"event\" or \"date\", not both: remove one"));
        return;
    }
    if (ev) {
        join(path, sizeof(path), ip, "event");
        if (!cJSON_IsString(ev) || !in_list(ev->valuestring, event_ids)) {
            char got[128];
            describe(ev, got, sizeof(got));
            err(c, path, "schema",
                _("unknown event %s: use \"science-day\" (18/5), \"innovation-day\" (1/10), "
                  "\"digital-transformation-day\" (10/10) or \"tet\", or give a \"date\" and "
                  "a \"label\""),
                got);
            return;
        }
        it->event = strdup(ev->valuestring);
        return;
    }
    if (!date) {
        err(c, ip, "schema", "%s",
            _("a countdown needs an \"event\" (like \"digital-transformation-day\") or a "
              "\"date\" with a \"label\""));
        return;
    }
    join(path, sizeof(path), ip, "date");
    if (!get_date(c, date, path, &it->date, &it->date_every_year))
        return;
    it->has_date = true;
    if (!it->label)
        err(c, ip, "schema", "%s",
            _("a countdown to a \"date\" needs a \"label\" naming the day, like \"Đại hội "
              "Đảng bộ phường\""));
    if (!it->date_every_year && c->opts->has_today &&
        cal_days_from_civil(it->date) < cal_days_from_civil(c->opts->today))
        warn(c, path, "schedule",
             _("%04d-%02d-%02d has already passed: this countdown has nothing left to count"),
             it->date.year, it->date.month, it->date.day);
}

static void parse_stats(struct ctx *c, const cJSON *obj, const char *ip, struct pl_item *it)
{
    char path[JSONPOS_MAX_PATH];
    join(path, sizeof(path), ip, "rows");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(obj, "rows");
    if (!rows) {
        err(c, ip, "schema", "%s",
            _("missing \"rows\": a list of figures like { \"label\": \"Hồ sơ trực tuyến\", "
              "\"value\": 86, \"max\": 100, \"unit\": \"%\" }"));
        return;
    }
    if (!cJSON_IsArray(rows)) {
        err_type(c, path, rows, _("a list of rows [ {...}, {...} ]"));
        return;
    }
    int n = cJSON_GetArraySize(rows);
    if (n == 0) {
        err(c, path, "schema", "%s", _("\"rows\" is empty: add at least one figure"));
        return;
    }
    if (n > PLAYLIST_MAX_STAT_ROWS) {
        err(c, path, "limit",
            _("%d rows cannot be read from the street; the limit is %d: split them into "
              "several stats items"),
            n, PLAYLIST_MAX_STAT_ROWS);
        return;
    }
    it->rows = calloc((size_t)n, sizeof(*it->rows));
    if (!it->rows)
        return;
    const cJSON *row;
    int i = 0;
    cJSON_ArrayForEach(row, rows)
    {
        char rp[JSONPOS_MAX_PATH], fp[JSONPOS_MAX_PATH];
        pathf(rp, sizeof(rp), "%s[%d]", path, i++);
        struct pl_stat_row *r = &it->rows[it->n_rows];
        if (!cJSON_IsObject(row)) {
            err_type(c, rp, row, _("a row like { \"label\": \"...\", \"value\": 86 }"));
            continue;
        }
        static const char *const row_fields[] = {"label", "value", "max", "unit", NULL};
        check_unknown(c, row, rp, row_fields, _("a stats row"));
        bool ok = get_text(c, row, rp, "label", MAX_LABEL_BYTES, false, true,
                           _("the name of the figure, like \"Hồ sơ trực tuyến\""), &r->label);
        ok &= get_text(c, row, rp, "unit", MAX_UNIT_BYTES, false, false, "", &r->unit);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, "value");
        join(fp, sizeof(fp), rp, "value");
        if (!v) {
            err(c, rp, "schema", "%s", _("missing \"value\": the figure, like 86"));
            ok = false;
        } else if (cJSON_IsString(v)) {
            err(c, fp, "schema",
                _("expected a number like 86 (decimals with a point: 86.5), got the text "
                  "\"%.40s\""),
                v->valuestring);
            ok = false;
        } else {
            ok &= get_number(c, v, fp, _("a number like 86"), &r->value);
        }
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(row, "max");
        if (mx) {
            join(fp, sizeof(fp), rp, "max");
            if (get_number(c, mx, fp, _("a number like 100"), &r->max)) {
                if (r->max <= 0) {
                    err(c, fp, "schema", _("\"max\" must be more than 0, got %g"), r->max);
                    ok = false;
                } else {
                    r->has_max = true;
                    if (ok && r->value > r->max)
                        warn(c, fp, "schema",
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
static void parse_schedule(struct ctx *c, const cJSON *obj, const char *ip, struct pl_item *it)
{
    char path[JSONPOS_MAX_PATH];
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "from"))) {
        join(path, sizeof(path), ip, "from");
        it->has_from = get_date(c, v, path, &it->from, NULL);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "until"))) {
        join(path, sizeof(path), ip, "until");
        it->has_until = get_date(c, v, path, &it->until, NULL);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "hours"))) {
        join(path, sizeof(path), ip, "hours");
        it->has_hours = get_hours(c, v, path, &it->hours_start, &it->hours_end);
        if (it->has_hours && it->hours_start == it->hours_end)
            warn(c, path, "schedule", "%s",
                 _("the start and end hours are the same, so this item never plays: for all "
                   "day, remove \"hours\""));
    }
    it->weekdays = 0x7f;
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "weekdays"))) {
        join(path, sizeof(path), ip, "weekdays");
        const char *expected = _("a list of days, 1 = Monday ... 7 = Sunday, like [1, 2, 3, 4, 5]");
        if (!cJSON_IsArray(v)) {
            err_type(c, path, v, expected);
        } else {
            uint8_t mask = 0;
            bool ok = true;
            const cJSON *d;
            int i = 0;
            cJSON_ArrayForEach(d, v)
            {
                char dp[JSONPOS_MAX_PATH];
                pathf(dp, sizeof(dp), "%s[%d]", path, i++);
                int64_t wd;
                if (get_int(c, d, dp, _("a day number (1 = Monday ... 7 = Sunday)"), 1, 7, &wd))
                    mask |= (uint8_t)(1u << (wd - 1));
                else
                    ok = false;
            }
            if (ok) {
                it->weekdays = mask;
                if (!mask)
                    warn(c, path, "schedule", "%s",
                         _("no days are listed, so this item never plays: list days 1-7 or "
                           "remove \"weekdays\""));
            }
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "priority"))) {
        join(path, sizeof(path), ip, "priority");
        int64_t p;
        if (get_int(c, v, path, _("a whole number (higher preempts lower; default 0)"),
                    -MAX_PRIORITY, MAX_PRIORITY, &p))
            it->priority = (int)p;
    }

    join(path, sizeof(path), ip, "until");
    if (it->has_from && it->has_until &&
        cal_days_from_civil(it->until) < cal_days_from_civil(it->from)) {
        warn(c, path, "schedule",
             _("\"until\" %04d-%02d-%02d is before \"from\" %04d-%02d-%02d, so this item never "
               "plays: swap them"),
             it->until.year, it->until.month, it->until.day, it->from.year, it->from.month,
             it->from.day);
        return;
    }
    if (it->has_until && c->opts->has_today &&
        cal_days_from_civil(it->until) < cal_days_from_civil(c->opts->today)) {
        warn(c, path, "schedule",
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
        if (!meets) {
            join(path, sizeof(path), ip, "weekdays");
            warn(c, path, "schedule", "%s",
                 _("none of these weekdays falls between \"from\" and \"until\", so this item "
                   "never plays"));
        }
    }
}

static void parse_item(struct ctx *c, const cJSON *obj, const char *ip, struct pl_item *it,
                       const struct playlist *pl)
{
    char path[JSONPOS_MAX_PATH];
    jsonpos_value(c->jp, ip, &it->line, &it->col);
    it->duration = pl->duration;
    it->background = pl->background;
    it->color = pl->color;
    it->transition = pl->transition;
    it->weekdays = 0x7f;
    if (!cJSON_IsObject(obj)) {
        err_type(c, ip, obj, _("an item like { \"id\": \"...\", \"type\": \"text\", ... }"));
        return;
    }

    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "id");
    join(path, sizeof(path), ip, "id");
    if (!v) {
        err(c, ip, "schema", "%s",
            _("missing \"id\": give every item a short unique name like \"khau-hieu-1\" "
              "(lower-case letters without accents, digits, - and _)"));
    } else if (!cJSON_IsString(v)) {
        err_type(c, path, v, _("a short name in double quotes, like \"khau-hieu-1\""));
    } else if (strlen(v->valuestring) > MAX_ID_BYTES || !valid_id(v->valuestring)) {
        err(c, path, "schema",
            _("the id \"%.80s\" may use only lower-case letters without accents, digits, - and "
              "_ (at most %d), like \"khau-hieu-1\""),
            v->valuestring, MAX_ID_BYTES);
    } else {
        it->id = strdup(v->valuestring);
    }

    v = cJSON_GetObjectItemCaseSensitive(obj, "type");
    join(path, sizeof(path), ip, "type");
    const struct type_info *t = NULL;
    if (!v) {
        err(c, ip, "schema", "%s",
            _("missing \"type\": one of \"text\", \"image\", \"video\", \"countdown\", "
              "\"stats\", \"clock\""));
        return;
    }
    for (size_t i = 0; i < N_TYPES && cJSON_IsString(v); i++)
        if (strcmp(v->valuestring, types[i].name) == 0)
            t = &types[i];
    if (!t) {
        char got[128];
        describe(v, got, sizeof(got));
        err(c, path, "schema",
            _("unknown item type %s: use \"text\", \"image\", \"video\", \"countdown\", "
              "\"stats\" or \"clock\""),
            got);
        return;
    }
    it->type = t->type;
    check_item_fields(c, obj, ip, t);

    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "duration"))) {
        join(path, sizeof(path), ip, "duration");
        it->has_duration = get_duration(c, v, path, &it->duration);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "background"))) {
        join(path, sizeof(path), ip, "background");
        get_color(c, v, path, &it->background);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "color"))) {
        join(path, sizeof(path), ip, "color");
        get_color(c, v, path, &it->color);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "transition"))) {
        join(path, sizeof(path), ip, "transition");
        get_transition(c, v, path, &it->transition);
    }
    parse_schedule(c, obj, ip, it);

    switch (it->type) {
    case PL_TEXT:
        get_text(c, obj, ip, "text", PLAYLIST_MAX_TEXT_BYTES, true, true,
                 _("the words to show, like \"ĐẨY MẠNH CHUYỂN ĐỔI SỐ\""), &it->text);
        get_text(c, obj, ip, "title", MAX_TITLE_BYTES, false, false, "", &it->title);
        break;
    case PL_IMAGE:
        parse_image(c, obj, ip, it, pl->dir);
        break;
    case PL_COUNTDOWN:
        parse_countdown(c, obj, ip, it);
        break;
    case PL_STATS:
        get_text(c, obj, ip, "title", MAX_TITLE_BYTES, false, false, "", &it->title);
        parse_stats(c, obj, ip, it);
        break;
    case PL_CLOCK:
        break;
    case PL_VIDEO:
        parse_image(c, obj, ip, it, pl->dir);
        get_flag(c, obj, ip, "loop", &it->loop);
        get_flag(c, obj, ip, "audio", &it->audio);
        break;
    }
}

static void parse_defaults(struct ctx *c, const cJSON *d, struct playlist *pl)
{
    if (!cJSON_IsObject(d)) {
        err_type(c, "defaults", d, _("an object like { \"duration\": 10 }"));
        return;
    }
    static const char *const known[] = {"duration", "background", "color", "transition", NULL};
    check_unknown(c, d, "defaults", known, "\"defaults\"");
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(d, "duration")))
        get_duration(c, v, "defaults.duration", &pl->duration);
    if ((v = cJSON_GetObjectItemCaseSensitive(d, "background")))
        get_color(c, v, "defaults.background", &pl->background);
    if ((v = cJSON_GetObjectItemCaseSensitive(d, "color")))
        get_color(c, v, "defaults.color", &pl->color);
    if ((v = cJSON_GetObjectItemCaseSensitive(d, "transition")))
        get_transition(c, v, "defaults.transition", &pl->transition);
}

static void parse_ticker(struct ctx *c, const cJSON *t, struct playlist *pl)
{
    if (!cJSON_IsObject(t)) {
        err_type(c, "ticker", t, _("an object like { \"text\": \"...\", \"speed\": 80 }"));
        return;
    }
    static const char *const known[] = {"text", "speed", NULL};
    check_unknown(c, t, "ticker", known, "\"ticker\"");
    char *text = NULL;
    if (get_text(c, t, "ticker", "text", PLAYLIST_MAX_TEXT_BYTES, false, false, "", &text) &&
        text && !is_blank(text)) {
        pl->ticker_text = text;
        pl->has_ticker = true;
    } else {
        free(text);
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "speed");
    if (v) {
        double s;
        if (get_number(c, v, "ticker.speed", _("a speed in pixels per second, like 80"), &s)) {
            if (s < MIN_TICKER_SPEED || s > MAX_TICKER_SPEED)
                err(c, "ticker.speed", "schema",
                    _("a speed of %g pixels per second cannot be read: use %g to %g (80 is "
                      "comfortable)"),
                    s, MIN_TICKER_SPEED, MAX_TICKER_SPEED);
            else
                pl->ticker_speed = s;
        }
    }
}

static void parse_root(struct ctx *c, const cJSON *root, struct playlist *pl)
{
    if (!cJSON_IsObject(root)) {
        err_type(c, "", root, _("a playlist object { \"version\": 1, \"items\": [ ... ] }"));
        return;
    }
    static const char *const known[] = {"$schema",  "version", "name",  "sequence",
                                        "defaults", "ticker",  "items", NULL};
    check_unknown(c, root, "", known, _("the playlist"));

    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
    pl->version = 1;
    if (!v) {
        warn(c, "", "schema", "%s", _("missing \"version\": add \"version\": 1 (read as 1)"));
    } else if (!cJSON_IsNumber(v) || v->valuedouble != 1.0) {
        char got[128];
        describe(v, got, sizeof(got));
        if (cJSON_IsNumber(v) && v->valuedouble > 1)
            err(c, "version", "schema",
                _("this playlist is version %g; this bangtin reads version 1: update bangtin"),
                v->valuedouble);
        else
            err(c, "version", "schema", _("expected \"version\": 1, got %s"), got);
    }
    char *name = NULL;
    get_text(c, root, "", "name", MAX_NAME_BYTES, false, false, "", &name);
    pl->name = name ? name : strdup("");
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "sequence"))) {
        int64_t seq;
        if (get_int(c, v, "sequence", _("a whole number that grows with each publication"), 0,
                    MAX_SEQUENCE, &seq))
            pl->sequence = seq;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "defaults")))
        parse_defaults(c, v, pl);
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "ticker")))
        parse_ticker(c, v, pl);

    const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
    if (!items) {
        err(c, "", "schema", "%s",
            _("missing \"items\": the list of slides, \"items\": [ { \"id\": \"...\", "
              "\"type\": \"text\", \"text\": \"...\" } ]"));
        return;
    }
    if (!cJSON_IsArray(items)) {
        err_type(c, "items", items, _("a list of items [ {...}, {...} ]"));
        return;
    }
    int n = cJSON_GetArraySize(items);
    if (n > PLAYLIST_MAX_ITEMS) {
        err(c, "items", "limit", _("%d items are more than the limit of %d: split the playlist"), n,
            PLAYLIST_MAX_ITEMS);
        return;
    }
    if (n == 0)
        warn(c, "items", "schedule", "%s",
             _("the list of items is empty: the board shows only the neutral slide (office "
               "name, date, time)"));
    pl->items = calloc((size_t)(n ? n : 1), sizeof(*pl->items));
    if (!pl->items) {
        err(c, "items", "limit", "%s", _("out of memory"));
        return;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        char ip[JSONPOS_MAX_PATH];
        snprintf(ip, sizeof(ip), "items[%zu]", pl->n_items);
        parse_item(c, it, ip, &pl->items[pl->n_items], pl);
        pl->n_items++;
    }
    /* Unique ids. n <= PLAYLIST_MAX_ITEMS keeps the quadratic scan cheap. */
    for (size_t i = 0; i < pl->n_items; i++) {
        if (!pl->items[i].id)
            continue;
        for (size_t j = 0; j < i; j++) {
            if (pl->items[j].id && strcmp(pl->items[i].id, pl->items[j].id) == 0) {
                char path[JSONPOS_MAX_PATH];
                snprintf(path, sizeof(path), "items[%zu].id", i);
                err(c, path, "schema",
                    _("the id \"%s\" is already used by items[%zu] (line %d): every item needs "
                      "its own id"),
                    pl->items[i].id, j, pl->items[j].line);
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

struct playlist *playlist_parse_ex(const char *data, size_t len, const char *file, const char *dir,
                                   const struct playlist_opts *opts, struct diag_list *diags)
{
    static const struct playlist_opts no_opts;
    struct ctx c = {.file = file ? file : "-", .diags = diags, .opts = opts ? opts : &no_opts};
    struct playlist *pl = NULL;
    cJSON *root = NULL;

    if (len > PLAYLIST_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, c.file, 1, 1, NULL, "limit",
                 _("the playlist is %zu bytes, more than the %u-byte limit: is this the right "
                   "file?"),
                 len, PLAYLIST_MAX_FILE_BYTES);
        return NULL;
    }
    if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
        diag_add(diags, DIAG_ERROR, c.file, 1, 1, NULL, "encoding", "%s",
                 _("the file is saved as UTF-16 (\"Unicode\"): save it as UTF-8"));
        return NULL;
    }
    /* Notepad writes a byte order mark: harmless, skipped. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    struct jsonpos_error jerr;
    c.jp = jsonpos_scan(data, len, PLAYLIST_MAX_DEPTH, &jerr);
    if (!c.jp) {
        diag_add(diags, DIAG_ERROR, c.file, jerr.line, jerr.col, NULL, jerr.code, "%s",
                 jerr.message);
        return NULL;
    }
    const char *end = NULL;
    root = cJSON_ParseWithLengthOpts(data, len, &end, false);
    if (!root) {
        /* jsonpos accepts only what cJSON parses; this is a safety net (or out of memory). */
        int line, col;
        size_t off = end && end >= data ? (size_t)(end - data) : 0;
        jsonpos_linecol(data, len, off, &line, &col);
        diag_add(diags, DIAG_ERROR, c.file, line, col, NULL, "json", "%s",
                 _("the JSON cannot be read here"));
        goto fail;
    }
    for (size_t i = 0; i < jsonpos_dup_count(c.jp); i++) {
        const char *p;
        int line, col;
        jsonpos_dup(c.jp, i, &p, &line, &col);
        diag_add(diags, DIAG_ERROR, c.file, line, col, p, "json", "%s",
                 _("this field appears twice in the same object: keep only one"));
        c.errors++;
    }

    pl = calloc(1, sizeof(*pl));
    if (!pl)
        goto fail;
    pl->file = strdup(c.file);
    pl->dir = strdup(dir && *dir ? dir : ".");
    pl->duration = DEFAULT_DURATION;
    pl->background = DEFAULT_BACKGROUND;
    pl->color = DEFAULT_COLOR;
    pl->transition = PL_TRANSITION_FADE;
    pl->ticker_speed = DEFAULT_TICKER_SPEED;
    if (!pl->file || !pl->dir)
        goto fail;
    parse_root(&c, root, pl);
    if (c.errors)
        goto fail;
    cJSON_Delete(root);
    jsonpos_free(c.jp);
    return pl;
fail:
    playlist_free(pl);
    cJSON_Delete(root);
    jsonpos_free(c.jp);
    return NULL;
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

bool playlist_check_assets(struct playlist *pl, struct diag_list *diags)
{
    bool all_ok = true;
    char *root = realpath(pl->dir, NULL);
    size_t rlen = root ? strlen(root) : 0;
    for (size_t i = 0; i < pl->n_items; i++) {
        struct pl_item *it = &pl->items[i];
        if (it->type != PL_IMAGE || !it->path || it->asset_unusable)
            continue;
        char path[64];
        snprintf(path, sizeof(path), "items[%zu].src", i);
        char *real = realpath(it->path, NULL);
        if (!real) {
            diag_add(diags, DIAG_WARNING, pl->file, it->src_line, it->src_col, path,
                     "missing-asset",
                     _("the image \"%s\" is not in the playlist's folder (looked for %s): copy it "
                       "there; until then this item is skipped"),
                     it->src, it->path);
        } else if (!root || strncmp(real, root, rlen) != 0 ||
                   (real[rlen] != '/' && !(rlen == 1 && root[0] == '/'))) {
            diag_add(diags, DIAG_WARNING, pl->file, it->src_line, it->src_col, path,
                     "missing-asset",
                     _("\"%s\" is a link to a file outside the playlist's folder: copy the image "
                       "itself into the folder; until then this item is skipped"),
                     it->src);
        } else {
            struct imghdr h;
            char why[300];
            if (imghdr_probe_file(real, &h, why, sizeof(why))) {
                free(real);
                continue;
            }
            diag_add(diags, DIAG_WARNING, pl->file, it->src_line, it->src_col, path, "image",
                     _("%s: %s; until then this item is skipped"), it->src, why);
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
                     strerror(errno));
        return NULL;
    }
    char *dir = dir_of(file);
    struct playlist *pl = dir ? playlist_parse_ex(data, len, file, dir, opts, diags) : NULL;
    if (pl && opts && opts->check_assets)
        playlist_check_assets(pl, diags);
    free(dir);
    free(data);
    return pl;
}

struct playlist *playlist_load(const char *file, struct diag_list *diags)
{
    struct playlist_opts opts = {.check_assets = true};
    return playlist_load_ex(file, &opts, diags);
}
