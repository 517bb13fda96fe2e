/* SPDX-License-Identifier: MIT */
/* Playlist v1: every malformed file gets the right code at the right place,
 * valid files come out with defaults applied and text in NFC. */

#include <SDL.h>
#include <SDL_image.h>
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "playlist/imghdr.h"
#include "playlist/playlist.h"
#include "util/diag.h"
#include "util/fsutil.h"

/* Inputs are written with ` for " (readable C strings). */
static char *unquote(const char *in, size_t *len)
{
    size_t n = strlen(in);
    char *s = malloc(n + 1);
    for (size_t i = 0; i <= n; i++)
        s[i] = in[i] == '`' ? '"' : in[i];
    *len = n;
    return s;
}

/* Removes the '@' marker from s and returns its line:col (code points). */
static void take_marker(char *s, size_t *len, int *line, int *col)
{
    char *at = strchr(s, '@');
    ck_assert_msg(at, "test input lacks its @ marker");
    int l = 1, c = 1;
    for (char *p = s; p < at; p++) {
        if (*p == '\n') {
            l++;
            c = 1;
        } else if ((*p & 0xC0) != 0x80) {
            c++;
        }
    }
    memmove(at, at + 1, strlen(at + 1) + 1);
    (*len)--;
    *line = l;
    *col = c;
}

static void dump(const struct diag_list *d)
{
    char buf[1600];
    for (size_t i = 0; i < diag_count(d); i++) {
        diag_format(diag_get(d, i), buf, sizeof(buf));
        fprintf(stderr, "  %s\n", buf);
    }
}

/* ---- JSON syntax: code and exact line:col ------------------------------- */

struct syntax_case {
    const char *name;
    const char *json;
    const char *code;
    int line, col;
};

static const struct syntax_case syntax_cases[] = {
    {"empty file", "", "json", 1, 1},
    {"only whitespace", "  \n  ", "json", 1, 1},
    {"missing comma between fields", "{`version`: 1\n `items`: []}", "json", 1, 14},
    {"missing comma in a list", "[1 2]", "json", 1, 3},
    {"missing comma after an object", "{`items`: [\n {`id`: `a`}\n {`id`: `b`}]}", "json", 2, 13},
    {"missing comma counts characters, not bytes", "{`name`: `Phường`\n `x`: 1}", "json", 1, 18},
    {"trailing comma in an object", "{`a`: 1,}", "json", 1, 8},
    {"trailing comma in a list", "{`items`: [1,]}", "json", 1, 13},
    {"text not closed before the line ends", "{`name`: `abc\n}", "json", 1, 10},
    {"text not closed before the file ends", "{`name`: `abc", "json", 1, 10},
    {"single quotes", "{'name': 1}", "json", 1, 2},
    {"field name without quotes", "{name: 1}", "json", 1, 2},
    {"comment", "{\n  // hi\n  `version`: 1}", "json", 2, 3},
    {"missing colon", "{`a` 1}", "json", 1, 5},
    {"equals instead of colon", "{`a`= 1}", "json", 1, 5},
    {"file ends inside an object", "{`a`: 1", "json", 1, 8},
    {"file ends inside a list", "{\n`a`: [1,\n2", "json", 3, 2},
    {"file ends after a colon", "{`a`:", "json", 1, 6},
    {"number with a leading zero", "{`a`: 012}", "json", 1, 7},
    {"number ending with a point", "{`a`: 1.}", "json", 1, 7},
    {"number with a unit", "{`a`: 10s}", "json", 1, 7},
    {"number starting with a point", "{`a`: .5}", "json", 1, 7},
    {"minus without digits", "{`a`: -}", "json", 1, 7},
    {"exponent without digits", "{`a`: 1e}", "json", 1, 7},
    {"True in capitals", "{`a`: True}", "json", 1, 7},
    {"bare word", "{`a`: yes}", "json", 1, 7},
    {"decimal comma", "{`a`: 86,5}", "json", 1, 9},
    {"unknown escape (Windows path)", "{`src`: `C:\\path`}", "json", 1, 12},
    {"bad \\u escape", "{`a`: `\\u12g4`}", "json", 1, 8},
    {"lone high surrogate", "{`a`: `\\ud800`}", "json", 1, 8},
    {"lone low surrogate", "{`a`: `\\udc00x`}", "json", 1, 8},
    {"high surrogate before a non-surrogate", "{`a`: `\\ud800\\u0041`}", "json", 1, 8},
    {"NUL escape", "{`a`: `x\\u0000`}", "json", 1, 9},
    {"raw tab inside text", "{`a`: `x\ty`}", "json", 1, 9},
    {"raw control character inside text", "{`a`: `x\x01y`}", "json", 1, 9},
    {"invalid UTF-8 byte", "{`a`: `x\xffy`}", "encoding", 1, 9},
    {"overlong UTF-8 (C0 AF)", "{`a`: `\xc0\xaf`}", "encoding", 1, 8},
    {"UTF-8 encoded surrogate", "{`a`: `\xed\xa0\x80`}", "encoding", 1, 8},
    {"UTF-8 above U+10FFFF", "{`a`: `\xf4\x90\x80\x80`}", "encoding", 1, 8},
    {"truncated UTF-8 sequence", "{`a`: `\xe1\xba`}", "encoding", 1, 8},
    {"Windows-1258 text (not UTF-8)", "{`name`: `Ph\xf2ng`}", "encoding", 1, 13},
    {"curly quotes", "{\xe2\x80\x9cname\xe2\x80\x9d: 1}", "json", 1, 2},
    {"two playlists in one file", "{} {}", "json", 1, 4},
    {"one closing brace too many", "{`a`: 1}}", "json", 1, 9},
    {"list closed with a brace", "{`a`: [1}", "json", 1, 9},
    {"value missing before }", "{`a`: }", "json", 1, 7},
    {"value missing before a comma", "[1,,2]", "json", 1, 4},
    {"NUL byte outside text", "{\x01}", "json", 1, 2},
    {"duplicate field", "{`version`: 1, `version`: 1, `items`: []}", "json", 1, 16},
    {"CRLF line endings", "{\r\n`version`: 1,\r\n`items`: [\r\n1 2]}", "json", 4, 2},
    {"UTF-16 file", "\xff\xfe{\x00}\x00", "encoding", 1, 1},
    {"BOM, then a mistake", "\xef\xbb\xbf{`a` 1}", "json", 1, 5},
};

START_TEST(syntax_error_points_at_the_mistake)
{
    const struct syntax_case *tc = &syntax_cases[_i];
    size_t len;
    char *s = unquote(tc->json, &len);
    if (strcmp(tc->name, "UTF-16 file") == 0)
        len = 6;
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(s, len, "p.json", ".", d);
    if (pl || !diag_find(d, tc->code))
        dump(d);
    ck_assert_msg(pl == NULL, "%s: parsed", tc->name);
    const struct diag *g = diag_find(d, tc->code);
    ck_assert_msg(g, "%s: no [%s]", tc->name, tc->code);
    ck_assert_msg(g->severity == DIAG_ERROR, "%s: not an error", tc->name);
    if (g->line != tc->line || g->col != tc->col)
        dump(d);
    ck_assert_msg(g->line == tc->line && g->col == tc->col, "%s: at %d:%d, expected %d:%d",
                  tc->name, g->line, g->col, tc->line, tc->col);
    ck_assert_str_eq(g->file, "p.json");
    ck_assert_msg(strlen(g->message) > 15, "%s: message too short to act on", tc->name);
    /* One syntax error is reported, not a cascade. */
    ck_assert_uint_eq(diag_error_count(d), 1);
    diag_list_free(d);
    free(s);
}
END_TEST

/* ---- content: code, severity and position (the @ marker) --------------- */

struct schema_case {
    const char *name;
    const char *json; /* @ marks where the diagnostic must point */
    const char *code;
    bool error;       /* false: a warning, and the playlist still loads */
    const char *path; /* expected JSON path, or NULL for none */
};

#define ITEM(x) "{`version`: 1, `items`: [\n" x "\n]}"

static const struct schema_case schema_cases[] = {
    {"root is a list", "@[1]", "schema", true, NULL},
    {"version 2", "{`version`: @2, `items`: []}", "schema", true, "version"},
    {"version as text", "{`version`: @`1`, `items`: []}", "schema", true, "version"},
    {"missing version is only a warning", "@{`items`: [{`id`: `a`, `type`: `clock`}]}", "schema",
     false, NULL},
    {"missing items", "@{`version`: 1}", "schema", true, NULL},
    {"items not a list", "{`version`: 1, `items`: @{}}", "schema", true, "items"},
    {"empty items is a schedule warning", "{`version`: 1, `items`: @[]}", "schedule", false,
     "items"},
    {"item not an object", ITEM("@42"), "schema", true, "items[0]"},
    {"missing type", ITEM("@{`id`: `a`}"), "schema", true, "items[0]"},
    {"unknown type", ITEM("{`id`: `a`, `type`: @`webpage`}"), "schema", true, "items[0].type"},
    {"missing id", ITEM("@{`type`: `clock`}"), "schema", true, "items[0]"},
    {"id with accents", ITEM("{`id`: @`khẩu-hiệu`, `type`: `clock`}"), "schema", true,
     "items[0].id"},
    {"id with capitals", ITEM("{`id`: @`Nq57`, `type`: `clock`}"), "schema", true, "items[0].id"},
    {"duplicate ids", ITEM("{`id`: `a`, `type`: `clock`},\n{`id`: @`a`, `type`: `clock`}"),
     "schema", true, "items[1].id"},
    {"duration as text", ITEM("{`id`: `a`, `type`: `clock`, `duration`: @`10s`}"), "schema", true,
     "items[0].duration"},
    {"duration zero", ITEM("{`id`: `a`, `type`: `clock`, `duration`: @0}"), "schema", true,
     "items[0].duration"},
    {"duration negative", ITEM("{`id`: `a`, `type`: `clock`, `duration`: @-5}"), "schema", true,
     "items[0].duration"},
    {"duration too long is capped", ITEM("{`id`: `a`, `type`: `clock`, `duration`: @99999}"),
     "schema", false, "items[0].duration"},
    {"duration overflowing a double", ITEM("{`id`: `a`, `type`: `clock`, `duration`: @1e999}"),
     "schema", true, "items[0].duration"},
    {"colour by name", ITEM("{`id`: `a`, `type`: `clock`, `color`: @`red`}"), "schema", true,
     "items[0].color"},
    {"colour too short", ITEM("{`id`: `a`, `type`: `clock`, `background`: @`#ffde0`}"), "schema",
     true, "items[0].background"},
    {"colour not hex", ITEM("{`id`: `a`, `type`: `clock`, `background`: @`#gg0000`}"), "schema",
     true, "items[0].background"},
    {"30 February", ITEM("{`id`: `a`, `type`: `clock`, `from`: @`2026-02-30`}"), "schema", true,
     "items[0].from"},
    {"29 February of a common year", ITEM("{`id`: `a`, `type`: `clock`, `until`: @`2027-02-29`}"),
     "schema", true, "items[0].until"},
    {"month 13", ITEM("{`id`: `a`, `type`: `clock`, `from`: @`2026-13-01`}"), "schema", true,
     "items[0].from"},
    {"date day first", ITEM("{`id`: `a`, `type`: `clock`, `from`: @`10/10/2026`}"), "schema", true,
     "items[0].from"},
    {"date as a number", ITEM("{`id`: `a`, `type`: `clock`, `from`: @20261010}"), "schema", true,
     "items[0].from"},
    {"hours 25:00", ITEM("{`id`: `a`, `type`: `clock`, `hours`: @`25:00-26:00`}"), "schema", true,
     "items[0].hours"},
    {"hours without minutes", ITEM("{`id`: `a`, `type`: `clock`, `hours`: @`8-17`}"), "schema",
     true, "items[0].hours"},
    {"hours start equals end", ITEM("{`id`: `a`, `type`: `clock`, `hours`: @`08:00-08:00`}"),
     "schedule", false, "items[0].hours"},
    {"weekday 0", ITEM("{`id`: `a`, `type`: `clock`, `weekdays`: [@0]}"), "schema", true,
     "items[0].weekdays[0]"},
    {"weekday 8", ITEM("{`id`: `a`, `type`: `clock`, `weekdays`: [1, @8]}"), "schema", true,
     "items[0].weekdays[1]"},
    {"weekdays by name", ITEM("{`id`: `a`, `type`: `clock`, `weekdays`: @`monday`}"), "schema",
     true, "items[0].weekdays"},
    {"no weekdays", ITEM("{`id`: `a`, `type`: `clock`, `weekdays`: @[]}"), "schedule", false,
     "items[0].weekdays"},
    {"until before from",
     ITEM("{`id`: `a`, `type`: `clock`, `from`: `2026-03-01`, `until`: @`2026-01-01`}"), "schedule",
     false, "items[0].until"},
    {"until in the past", ITEM("{`id`: `a`, `type`: `clock`, `until`: @`2026-01-01`}"), "schedule",
     false, "items[0].until"},
    {"weekdays never meet the dates",
     ITEM("{`id`: `a`, `type`: `clock`, `from`: `2026-10-10`, `until`: `2026-10-11`, "
          "`weekdays`: @[1, 2, 3, 4, 5]}"),
     "schedule", false, "items[0].weekdays"},
    {"priority with decimals", ITEM("{`id`: `a`, `type`: `clock`, `priority`: @1.5}"), "schema",
     true, "items[0].priority"},
    {"traversal", ITEM("{`id`: `a`, `type`: `image`, `src`: @`../../etc/passwd`}"), "schema", true,
     "items[0].src"},
    {"traversal in the middle", ITEM("{`id`: `a`, `type`: `image`, `src`: @`assets/../../x.png`}"),
     "schema", true, "items[0].src"},
    {"absolute path", ITEM("{`id`: `a`, `type`: `image`, `src`: @`/etc/passwd`}"), "schema", true,
     "items[0].src"},
    {"Windows drive", ITEM("{`id`: `a`, `type`: `image`, `src`: @`C:/anh/a.png`}"), "schema", true,
     "items[0].src"},
    {"backslashes", ITEM("{`id`: `a`, `type`: `image`, `src`: @`assets\\\\a.png`}"), "schema", true,
     "items[0].src"},
    {"file URL", ITEM("{`id`: `a`, `type`: `image`, `src`: @`file:///etc/passwd`}"), "schema", true,
     "items[0].src"},
    {"home directory", ITEM("{`id`: `a`, `type`: `image`, `src`: @`~/a.png`}"), "schema", true,
     "items[0].src"},
    {"URL without sha256", ITEM("{`id`: `a`, `type`: `image`, `src`: @`https://x.vn/a.png`}"),
     "schema", true, "items[0].src"},
    {"URL in a local playlist",
     ITEM("{`id`: `a`, `type`: `image`, `src`: @`https://x.vn/a.png`, `sha256`: "
          "`e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`}"),
     "missing-asset", false, "items[0].src"},
    {"sha256 too short", ITEM("{`id`: `a`, `type`: `image`, `src`: `a.png`, `sha256`: @`abc`}"),
     "schema", true, "items[0].sha256"},
    {"missing src", ITEM("@{`id`: `a`, `type`: `image`}"), "schema", true, "items[0]"},
    {"fit stretch", ITEM("{`id`: `a`, `type`: `image`, `src`: `a.png`, `fit`: @`stretch`}"),
     "schema", true, "items[0].fit"},
    {"missing text", ITEM("@{`id`: `a`, `type`: `text`}"), "schema", true, "items[0]"},
    {"empty text", ITEM("{`id`: `a`, `type`: `text`, `text`: @`  `}"), "schema", true,
     "items[0].text"},
    {"text as a number", ITEM("{`id`: `a`, `type`: `text`, `text`: @42}"), "schema", true,
     "items[0].text"},
    {"bell character in text", ITEM("{`id`: `a`, `type`: `text`, `text`: @`a\\u0007b`}"), "schema",
     true, "items[0].text"},
    {"line break in a title", ITEM("{`id`: `a`, `type`: `text`, `text`: `x`, `title`: @`a\\nb`}"),
     "schema", true, "items[0].title"},
    {"unknown event", ITEM("{`id`: `a`, `type`: `countdown`, `event`: @`tết`}"), "schema", true,
     "items[0].event"},
    {"event and date",
     ITEM("{`id`: `a`, `type`: `countdown`, `event`: `tet`, @`date`: `10-10`, `label`: `x`}"),
     "schema", true, "items[0].date"},
    {"date without label", ITEM("@{`id`: `a`, `type`: `countdown`, `date`: `2026-10-10`}"),
     "schema", true, "items[0]"},
    {"neither event nor date", ITEM("@{`id`: `a`, `type`: `countdown`}"), "schema", true,
     "items[0]"},
    {"29 February every year",
     ITEM("{`id`: `a`, `type`: `countdown`, `date`: @`02-29`, `label`: `x`}"), "schema", true,
     "items[0].date"},
    {"countdown date passed",
     ITEM("{`id`: `a`, `type`: `countdown`, `date`: @`2025-10-10`, `label`: `x`}"), "schedule",
     false, "items[0].date"},
    {"stats without rows", ITEM("@{`id`: `a`, `type`: `stats`}"), "schema", true, "items[0]"},
    {"stats with empty rows", ITEM("{`id`: `a`, `type`: `stats`, `rows`: @[]}"), "schema", true,
     "items[0].rows"},
    {"stats value as text",
     ITEM("{`id`: `a`, `type`: `stats`, `rows`: [{`label`: `x`, `value`: @`86`}]}"), "schema", true,
     "items[0].rows[0].value"},
    {"stats max zero",
     ITEM("{`id`: `a`, `type`: `stats`, `rows`: [{`label`: `x`, `value`: 1, `max`: @0}]}"),
     "schema", true, "items[0].rows[0].max"},
    {"stats row without label", ITEM("{`id`: `a`, `type`: `stats`, `rows`: [@{`value`: 1}]}"),
     "schema", true, "items[0].rows[0]"},
    {"stats row value above max",
     ITEM("{`id`: `a`, `type`: `stats`, `rows`: [{`label`: `x`, `value`: 120, `max`: @100}]}"),
     "schema", false, "items[0].rows[0].max"},
    {"unknown item field", ITEM("{`id`: `a`, `type`: `clock`, @`colour`: `#ffffff`}"), "schema",
     false, "items[0].colour"},
    {"field of another type", ITEM("{`id`: `a`, `type`: `clock`, @`src`: `a.png`}"), "schema",
     false, "items[0].src"},
    {"unknown top-level field", "{`version`: 1, @`nmae`: `x`, `items`: []}", "schema", false,
     "nmae"},
    {"ticker speed too slow", "{`version`: 1, `ticker`: {`text`: `x`, `speed`: @5}, `items`: []}",
     "schema", true, "ticker.speed"},
    {"ticker as text", "{`version`: 1, `ticker`: @`x`, `items`: []}", "schema", true, "ticker"},
    {"defaults duration as text", "{`version`: 1, `defaults`: {`duration`: @`x`}, `items`: []}",
     "schema", true, "defaults.duration"},
    {"defaults transition", "{`version`: 1, `defaults`: {`transition`: @`slide`}, `items`: []}",
     "schema", true, "defaults.transition"},
    {"negative sequence", "{`version`: 1, `sequence`: @-1, `items`: []}", "schema", true,
     "sequence"},
    {"sequence above 2^63 - 1", "{`version`: 1, `sequence`: @9223372036854775808, `items`: []}",
     "schema", true, "sequence"},
    {"fractional sequence", "{`version`: 1, `sequence`: @4.5, `items`: []}", "schema", true,
     "sequence"},
    /* A key with a space is found at its own place, not its parent's. */
    {"key with a space", ITEM("{`id`: `a`, `type`: `text`, `text`: `x`,\n  @`du ration`: 5}"),
     "schema", false, "items[0][\"du ration\"]"},
    {"key with a space, repeated", "{`version`: 1, `a b`: 1,\n @`a b`: 2, `items`: []}", "json",
     true, "[\"a b\"]"},
    {"error under a nested path",
     ITEM("{`id`: `a`, `type`: `stats`, `rows`: [{`label`: `x`, `value`: 1},\n"
          "  {`label`: `y`, `value`: 2, `max`: @`lots`}]}"),
     "schema", true, "items[0].rows[1].max"},
    {"nesting deeper than the limit",
     "{`version`: 1, `x`: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[@[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
     "limit", true, NULL},
};

START_TEST(content_error_names_field_and_place)
{
    const struct schema_case *tc = &schema_cases[_i];
    size_t len;
    char *s = unquote(tc->json, &len);
    int line, col;
    take_marker(s, &len, &line, &col);
    struct diag_list *d = diag_list_new();
    struct playlist_opts opts = {.has_today = true, .today = {2026, 3, 2}};
    struct playlist *pl = playlist_parse_ex(s, len, "p.json", ".", &opts, d);
    const struct diag *g = diag_find(d, tc->code);
    if (!g || (g->line != line || g->col != col))
        dump(d);
    ck_assert_msg(g, "%s: no [%s]", tc->name, tc->code);
    ck_assert_msg((g->severity == DIAG_ERROR) == tc->error, "%s: wrong severity", tc->name);
    ck_assert_msg((pl == NULL) == tc->error,
                  "%s: an error must refuse the playlist, a warning "
                  "must not",
                  tc->name);
    ck_assert_msg(g->line == line && g->col == col, "%s: at %d:%d, expected %d:%d", tc->name,
                  g->line, g->col, line, col);
    if (tc->path)
        ck_assert_str_eq(g->path ? g->path : "(none)", tc->path);
    else
        ck_assert_ptr_null(g->path);
    playlist_free(pl);
    diag_list_free(d);
    free(s);
}
END_TEST

/* ---- limits ------------------------------------------------------------- */

START_TEST(deep_nesting_is_refused_quickly)
{
    size_t n = 100000;
    char *s = malloc(2 * n);
    memset(s, '[', n);
    memset(s + n, ']', n);
    struct diag_list *d = diag_list_new();
    ck_assert_ptr_null(playlist_parse(s, 2 * n, "p.json", ".", d));
    const struct diag *g = diag_find(d, "limit");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 1);
    ck_assert_int_eq(g->col, PLAYLIST_MAX_DEPTH + 1);
    diag_list_free(d);
    /* Unclosed, too. */
    d = diag_list_new();
    ck_assert_ptr_null(playlist_parse(s, n, "p.json", ".", d));
    ck_assert_ptr_nonnull(diag_find(d, "limit"));
    diag_list_free(d);
    free(s);
}
END_TEST

static char *big_text_playlist(size_t text_bytes, size_t *len)
{
    const char *head =
        "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"text\", \"text\": \"";
    const char *tail = "\"}]}";
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl + text_bytes + tl + 1);
    memcpy(s, head, hl);
    memset(s + hl, 'x', text_bytes);
    memcpy(s + hl + text_bytes, tail, tl + 1);
    *len = hl + text_bytes + tl;
    return s;
}

START_TEST(four_megabyte_string_is_refused)
{
    size_t len;
    char *s = big_text_playlist(4u * 1024u * 1024u, &len);
    struct diag_list *d = diag_list_new();
    ck_assert_ptr_null(playlist_parse(s, len, "p.json", ".", d));
    const struct diag *g = diag_find(d, "limit");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 1);
    ck_assert_int_eq(g->col, 1);
    diag_list_free(d);
    free(s);
}
END_TEST

START_TEST(text_over_the_limit_is_refused_at_the_text)
{
    size_t len;
    char *s = big_text_playlist(1024u * 1024u, &len);
    struct diag_list *d = diag_list_new();
    ck_assert_ptr_null(playlist_parse(s, len, "p.json", ".", d));
    const struct diag *g = diag_find(d, "limit");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->path, "items[0].text");
    ck_assert_int_eq(g->col, 62);
    diag_list_free(d);
    free(s);
    /* Just at the limit it loads. */
    s = big_text_playlist(PLAYLIST_MAX_TEXT_BYTES, &len);
    d = diag_list_new();
    struct playlist *pl = playlist_parse(s, len, "p.json", ".", d);
    ck_assert_ptr_nonnull(pl);
    ck_assert_uint_eq(strlen(pl->items[0].text), PLAYLIST_MAX_TEXT_BYTES);
    playlist_free(pl);
    diag_list_free(d);
    free(s);
}
END_TEST

START_TEST(too_many_items_is_refused)
{
    size_t cap = 64 * (PLAYLIST_MAX_ITEMS + 2);
    char *s = malloc(cap);
    size_t n = (size_t)snprintf(s, cap, "{\"version\": 1, \"items\": [");
    for (int i = 0; i <= PLAYLIST_MAX_ITEMS; i++)
        n += (size_t)snprintf(s + n, cap - n, "%s{\"id\": \"c%d\", \"type\": \"clock\"}",
                              i ? "," : "", i);
    n += (size_t)snprintf(s + n, cap - n, "]}");
    struct diag_list *d = diag_list_new();
    ck_assert_ptr_null(playlist_parse(s, n, "p.json", ".", d));
    const struct diag *g = diag_find(d, "limit");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->path, "items");
    diag_list_free(d);
    free(s);
}
END_TEST

START_TEST(too_many_stat_rows_is_refused)
{
    char s[4096];
    size_t n = (size_t)snprintf(s, sizeof(s),
                                "{\"version\": 1, \"items\": [{\"id\": \"s\", "
                                "\"type\": \"stats\", \"rows\": [");
    for (int i = 0; i <= PLAYLIST_MAX_STAT_ROWS; i++)
        n += (size_t)snprintf(s + n, sizeof(s) - n, "%s{\"label\": \"r\", \"value\": %d}",
                              i ? "," : "", i);
    n += (size_t)snprintf(s + n, sizeof(s) - n, "]}]}");
    struct diag_list *d = diag_list_new();
    ck_assert_ptr_null(playlist_parse(s, n, "p.json", ".", d));
    ck_assert_ptr_nonnull(diag_find(d, "limit"));
    diag_list_free(d);
}
END_TEST

/* ---- valid playlists ---------------------------------------------------- */

static struct playlist *parse_ok(const char *json, struct diag_list **out)
{
    size_t len;
    char *s = unquote(json, &len);
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(s, len, "p.json", "/srv/board", d);
    if (!pl || diag_count(d))
        dump(d);
    ck_assert_ptr_nonnull(pl);
    free(s);
    if (out)
        *out = d;
    else
        diag_list_free(d);
    return pl;
}

/* Sequences are exact up to 2^63 - 1: read from the text, not a double. */
START_TEST(sequence_is_exact)
{
    static const struct {
        const char *text;
        int64_t want;
    } cases[] = {
        {"{\"version\": 1, \"sequence\": 9007199254740993, \"items\": []}", 9007199254740993LL},
        {"{\"version\": 1, \"sequence\": 5000000000000009, \"items\": []}", 5000000000000009LL},
        {"{\"version\": 1, \"sequence\": 9223372036854775807, \"items\": []}", INT64_MAX},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct diag_list *d = diag_list_new();
        struct playlist *pl =
            playlist_parse(cases[i].text, strlen(cases[i].text), "p.json", ".", d);
        ck_assert_ptr_nonnull(pl);
        ck_assert_msg(pl->sequence == cases[i].want, "%s", cases[i].text);
        playlist_free(pl);
        diag_list_free(d);
    }
}
END_TEST

START_TEST(defaults_are_applied)
{
    struct playlist *pl = parse_ok("{`version`: 1, `items`: [{`id`: `a`, `type`: `text`, "
                                   "`text`: `Xin chào`}]}",
                                   NULL);
    ck_assert_str_eq(pl->name, "");
    ck_assert_int_eq(pl->version, 1);
    ck_assert(!pl->has_ticker);
    ck_assert_uint_eq(pl->n_items, 1);
    const struct pl_item *it = &pl->items[0];
    ck_assert_str_eq(it->id, "a");
    ck_assert_int_eq(it->type, PL_TEXT);
    ck_assert(it->duration == 10.0);
    ck_assert_int_eq(it->background.r, 0xa5);
    ck_assert_int_eq(it->background.g, 0);
    ck_assert_int_eq(it->color.r, 0xff);
    ck_assert_int_eq(it->color.g, 0xde);
    ck_assert_int_eq(it->transition, PL_TRANSITION_FADE);
    ck_assert_int_eq(it->weekdays, 0x7f);
    ck_assert_int_eq(it->priority, 0);
    ck_assert(!it->has_from && !it->has_until && !it->has_hours);
    ck_assert_ptr_null(it->title);
    ck_assert_int_eq(it->line, 1);
    playlist_free(pl);
}
END_TEST

START_TEST(playlist_defaults_reach_items_and_items_override)
{
    struct playlist *pl = parse_ok(
        "{`$schema`: `playlist.schema.json`, `_comment`: `ghi chú`, `version`: 1, `name`: `UBND`, "
        "`sequence`: 42,\n"
        "`defaults`: {`duration`: 7.5, `background`: `#003366`, `color`: `#FFFFFF`, "
        "`transition`: `none`},\n"
        "`ticker`: {`text`: `Chữ chạy`, `speed`: 120},\n"
        "`items`: [{`id`: `a`, `type`: `clock`},\n"
        "{`id`: `b`, `type`: `clock`, `duration`: 3, `color`: `#00ff00`, `transition`: `fade`, "
        "`priority`: 5, `hours`: `22:00-06:30`, `weekdays`: [6, 7], `from`: `2026-01-01`, "
        "`until`: `2026-12-31`}]}",
        NULL);
    ck_assert_str_eq(pl->name, "UBND");
    ck_assert_int_eq(pl->sequence, 42);
    ck_assert(pl->has_ticker);
    ck_assert_str_eq(pl->ticker_text, "Chữ chạy");
    ck_assert(pl->ticker_speed == 120);
    const struct pl_item *a = &pl->items[0], *b = &pl->items[1];
    ck_assert(a->duration == 7.5);
    ck_assert_int_eq(a->background.b, 0x66);
    ck_assert_int_eq(a->color.r, 0xff);
    ck_assert_int_eq(a->transition, PL_TRANSITION_NONE);
    ck_assert(b->duration == 3);
    ck_assert_int_eq(b->color.g, 0xff);
    ck_assert_int_eq(b->color.r, 0);
    ck_assert_int_eq(b->background.b, 0x66);
    ck_assert_int_eq(b->transition, PL_TRANSITION_FADE);
    ck_assert_int_eq(b->priority, 5);
    ck_assert(b->has_hours);
    ck_assert_int_eq(b->hours_start, 22 * 60);
    ck_assert_int_eq(b->hours_end, 6 * 60 + 30);
    ck_assert_int_eq(b->weekdays, (1 << 5) | (1 << 6));
    ck_assert(b->has_from && b->has_until);
    ck_assert_int_eq(b->until.month, 12);
    ck_assert_int_eq(b->line, 5);
    playlist_free(pl);
}
END_TEST

START_TEST(nfd_text_becomes_nfc)
{
    /* "Việt Nam" typed with combining marks (as macOS and some IMEs save it). */
    struct playlist *pl =
        parse_ok("{`version`: 1, `name`: `Vie\\u0323\\u0302t`, `items`: [{`id`: `a`, "
                 "`type`: `text`, `title`: `Tie\xcc\x82\xcc\x81n`, `text`: `Vie\xcc\xa3\xcc\x82t "
                 "Nam\\nXin cha\xcc\x80o`}]}",
                 NULL);
    ck_assert_str_eq(pl->name, "Vi\xe1\xbb\x87t");
    ck_assert_str_eq(pl->items[0].text, "Vi\xe1\xbb\x87t Nam\nXin ch\xc3\xa0o");
    ck_assert_str_eq(pl->items[0].title, "Ti\xe1\xba\xbfn");
    playlist_free(pl);
}
END_TEST

START_TEST(bom_is_tolerated)
{
    struct diag_list *d;
    struct playlist *pl =
        parse_ok("\xef\xbb\xbf{`version`: 1, `items`: [{`id`: `a`, `type`: `clock`}]}", &d);
    ck_assert_uint_eq(diag_count(d), 0);
    ck_assert_int_eq(pl->items[0].col, 26);
    playlist_free(pl);
    diag_list_free(d);
}
END_TEST

START_TEST(every_item_type_parses)
{
    struct playlist *pl = parse_ok(
        "{`version`: 1, `items`: [\n"
        "{`id`: `img`, `type`: `image`, `src`: `assets/a.png`, `fit`: `cover`, `sha256`: "
        "`E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855`},\n"
        "{`id`: `cd1`, `type`: `countdown`, `event`: `tet`},\n"
        "{`id`: `cd2`, `type`: `countdown`, `date`: `05-19`, `label`: `Ngày sinh Bác Hồ`},\n"
        "{`id`: `cd3`, `type`: `countdown`, `date`: `2028-02-29`, `label`: `Ngày nhuận`},\n"
        "{`id`: `st`, `type`: `stats`, `title`: `Kết quả`, `rows`: [{`label`: `Hồ sơ`, "
        "`value`: 86.5, `max`: 100, `unit`: `%`}, {`label`: `VNeID`, `value`: 12000}]}\n"
        "]}",
        NULL);
    const struct pl_item *img = &pl->items[0];
    ck_assert_int_eq(img->type, PL_IMAGE);
    ck_assert_str_eq(img->src, "assets/a.png");
    ck_assert_str_eq(img->path, "/srv/board/assets/a.png");
    ck_assert_int_eq(img->fit, PL_FIT_COVER);
    ck_assert(img->has_sha256);
    ck_assert_str_eq(img->sha256,
                     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ck_assert_str_eq(pl->items[1].event, "tet");
    ck_assert(!pl->items[1].has_date);
    ck_assert(pl->items[2].has_date && pl->items[2].date_every_year);
    ck_assert_int_eq(pl->items[2].date.month, 5);
    ck_assert_int_eq(pl->items[2].date.day, 19);
    ck_assert_str_eq(pl->items[2].label, "Ngày sinh Bác Hồ");
    ck_assert(!pl->items[3].date_every_year);
    ck_assert_int_eq(pl->items[3].date.year, 2028);
    const struct pl_item *st = &pl->items[4];
    ck_assert_str_eq(st->title, "Kết quả");
    ck_assert_uint_eq(st->n_rows, 2);
    ck_assert(st->rows[0].value == 86.5);
    ck_assert(st->rows[0].has_max && st->rows[0].max == 100);
    ck_assert_str_eq(st->rows[0].unit, "%");
    ck_assert(!st->rows[1].has_max);
    ck_assert_ptr_null(st->rows[1].unit);
    ck_assert_str_eq(pl_item_type_name(PL_STATS), "stats");
    playlist_free(pl);
}
END_TEST

START_TEST(feed_mode_requires_sha256_and_allows_urls)
{
    const char *url = "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": "
                      "\"https://so.vn/a.png\", \"sha256\": "
                      "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]}";
    struct playlist_opts feed = {.feed = true, .feed_url = "https://SO.vn:443/bangtin/f.json"};
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse_ex(url, strlen(url), "f.json", ".", &feed, d);
    ck_assert_ptr_nonnull(pl);
    ck_assert_uint_eq(diag_count(d), 0);
    ck_assert(pl->items[0].is_url);
    ck_assert(!pl->items[0].asset_unusable);
    ck_assert_ptr_null(pl->items[0].path);
    playlist_free(pl);
    diag_list_free(d);

    const char *rel = "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": "
                      "\"a.png\"}]}";
    d = diag_list_new();
    ck_assert_ptr_null(playlist_parse_ex(rel, strlen(rel), "f.json", ".", &feed, d));
    ck_assert_str_eq(diag_find(d, "schema")->path, "items[0].src");
    diag_list_free(d);
}
END_TEST

/* The messages a clerk reads: values in place, no "a image", people's
 * item numbers. */
struct message_case {
    const char *name;
    const char *json;
    const char *want; /* substring of the formatted line */
};

static const struct message_case message_cases[] = {
    {"unknown type names the word",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"webpage\", \"src\": \"v.html\"}]}",
     "item 1 (items[0].type): there is no item type \"webpage\": use \"text\""},
    {"type as a number", "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": 3}]}",
     "\"type\" is the name of a type in double quotes (\"text\", \"image\", \"video\", "
     "\"countdown\", \"stats\" or \"clock\"), not the number 3"},
    {"unknown event names the word",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"countdown\", \"event\": \"tết\"}]}",
     "there is no event \"tết\": use \"science-day\""},
    {"field of an image item",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"clock\"}, {\"id\": \"b\", "
     "\"type\": \"image\", \"src\": \"x.png\", \"fitt\": \"cover\"}]}",
     "item 2 (items[1].fitt): unknown field \"fitt\" in an item of type \"image\""},
    {"duplicate id counts from one",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"clock\"}, {\"id\": \"a\", "
     "\"type\": \"clock\"}]}",
     "item 2 (items[1].id): the id \"a\" is already used by item 1 (items[0], line 1)"},
    {"seventh item",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"clock\"}, {\"id\": \"b\", "
     "\"type\": \"clock\"}, {\"id\": \"c\", \"type\": \"clock\"}, {\"id\": \"d\", \"type\": "
     "\"clock\"}, {\"id\": \"e\", \"type\": \"clock\"}, {\"id\": \"f\", \"type\": \"clock\"}, "
     "{\"id\": \"g\", \"type\": \"clock\", \"duration\": 0}]}",
     "item 7 (items[6].duration): "},
};

START_TEST(messages_read_as_written)
{
    const struct message_case *mc = &message_cases[_i];
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(mc->json, strlen(mc->json), "p.json", ".", d);
    bool found = false;
    char line[1600];
    for (size_t i = 0; i < diag_count(d) && !found; i++) {
        diag_format(diag_get(d, i), line, sizeof(line));
        found = strstr(line, mc->want) != NULL;
        ck_assert_msg(!strstr(line, "a image") && !strstr(line, "type the text"), "%s", line);
    }
    if (!found)
        dump(d);
    ck_assert_msg(found, "%s: no line with '%s'", mc->name, mc->want);
    playlist_free(pl);
    diag_list_free(d);
}
END_TEST

/* Feed rules: what a board fetching this playlist would refuse. */
struct feed_case {
    const char *name;
    const char *src;
    const char *feed_url;
    enum diag_severity sev;
    const char *want;
};

static const struct feed_case feed_cases[] = {
    {"another site", "https://evil.example/a.png", "https://so.vn/f.json", DIAG_ERROR,
     "only from its own site (https://so.vn:443)"},
    {"another port", "https://so.vn:8443/a.png", "https://so.vn/f.json", DIAG_ERROR, "own site"},
    {"site unknown", "https://so.vn/a.png", NULL, DIAG_WARNING, "cannot be told"},
    {"query", "assets/a.png?v=2", NULL, DIAG_ERROR, "holds '?'"},
    {"percent", "assets/a%20b.png", NULL, DIAG_ERROR, "holds '%'"},
    {"empty folder", "assets//a.png", NULL, DIAG_ERROR, "an empty, \".\" or \"..\" folder"},
    {"dot folder", "./a.png", NULL, DIAG_ERROR, "an empty, \".\" or \"..\" folder"},
    {"dot dot", "../a.png", NULL, DIAG_ERROR, "leads out"},
    /* An address on the feed's own site takes the same path rules. */
    {"own site, query", "https://so.vn/a.png?v=2", "https://so.vn/f.json", DIAG_ERROR, "holds '?'"},
    {"own site, dot dot", "https://so.vn/b/../a.png", "https://so.vn/f.json", DIAG_ERROR,
     "an empty, \".\" or \"..\" folder"},
    {"own site, no path", "https://so.vn", "https://so.vn/f.json", DIAG_ERROR, "folder"},
    {"own site, scheme in capitals", "HTTPS://Evil.example/a.png", "https://so.vn/f.json",
     DIAG_ERROR, "own site"},
};

START_TEST(feed_rules_match_the_board)
{
    const struct feed_case *fc = &feed_cases[_i];
    char json[512];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": \"%s\", "
             "\"sha256\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]}",
             fc->src);
    struct playlist_opts feed = {.feed = true, .feed_url = fc->feed_url};
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse_ex(json, strlen(json), "f.json", ".", &feed, d);
    ck_assert_uint_eq(diag_count(d), 1);
    const struct diag *g = diag_get(d, 0);
    ck_assert_msg(g->severity == fc->sev && strstr(g->message, fc->want), "%s: %s", fc->name,
                  g->message);
    ck_assert(fc->sev == DIAG_ERROR ? pl == NULL : pl != NULL);
    playlist_free(pl);
    diag_list_free(d);
}
END_TEST

/* Every image of a feed without sha256 is named, not only the first. */
START_TEST(feed_rules_report_every_image)
{
    const char *json =
        "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": \"a.png\"}, "
        "{\"id\": \"b\", \"type\": \"image\", \"src\": \"b.png\"}, {\"id\": \"c\", \"type\": "
        "\"image\", \"src\": \"c.png\"}]}";
    struct playlist_opts feed = {.feed = true};
    struct diag_list *d = diag_list_new();
    ck_assert_ptr_null(playlist_parse_ex(json, strlen(json), "f.json", ".", &feed, d));
    ck_assert_uint_eq(diag_error_count(d), 3);
    ck_assert_str_eq(diag_get(d, 2)->path, "items[2].src");
    diag_list_free(d);
}
END_TEST

START_TEST(demo_playlist_passes)
{
    const char *root = getenv("BANGTIN_DATA_DIR");
    ck_assert_ptr_nonnull(root);
    char path[1024];
    snprintf(path, sizeof(path), "%s/playlists/demo.json", root);
    struct diag_list *d = diag_list_new();
    struct playlist_opts opts = {.check_assets = true, .has_today = true, .today = {2026, 1, 12}};
    struct playlist *pl = playlist_load_ex(path, &opts, d);
    dump(d);
    ck_assert_ptr_nonnull(pl);
    ck_assert_uint_eq(diag_count(d), 0);
    ck_assert_uint_ge(pl->n_items, 6);
    bool types[5] = {0};
    for (size_t i = 0; i < pl->n_items; i++)
        types[pl->items[i].type] = true;
    ck_assert(types[PL_TEXT] && types[PL_COUNTDOWN] && types[PL_STATS] && types[PL_CLOCK]);
    ck_assert(pl->has_ticker);
    playlist_free(pl);
    diag_list_free(d);
}
END_TEST

START_TEST(missing_file_is_reported)
{
    struct diag_list *d = diag_list_new();
    ck_assert_ptr_null(playlist_load("/nonexistent/bangtin/p.json", d));
    ck_assert_ptr_nonnull(diag_find(d, "file"));
    diag_list_free(d);
}
END_TEST

/* ---- images on disk ----------------------------------------------------- */

static char tmpdir[] = "/tmp/bangtin-playlist-XXXXXX";

static void img_setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void img_teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    strcpy(tmpdir, "/tmp/bangtin-playlist-XXXXXX");
}

static void write_file(const char *name, const void *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    ck_assert(fs_write_atomic(path, data, len));
}

static void save_real_images(void)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 64, 32, 32, SDL_PIXELFORMAT_RGBA32);
    ck_assert_ptr_nonnull(s);
    SDL_FillRect(s, NULL, SDL_MapRGB(s->format, 0xa5, 0, 0));
    char path[512];
    snprintf(path, sizeof(path), "%s/ok.png", tmpdir);
    ck_assert_int_eq(IMG_SavePNG(s, path), 0);
    snprintf(path, sizeof(path), "%s/ok.jpg", tmpdir);
    ck_assert_int_eq(IMG_SaveJPG(s, path, 90), 0);
    SDL_FreeSurface(s);
}

START_TEST(image_files_are_checked_before_decoding)
{
    save_real_images();
    /* A real PNG signature and IHDR claiming 60000x60000: a decompression bomb. */
    unsigned char bomb[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0,    0,    13, 'I',
                              'H',  'D', 'R', 0,   0,    0xEA, 0x60, 0,    0, 0xEA, 0x60, 8,  6};
    write_file("bomb.png", bomb, sizeof(bomb));
    write_file("anim.gif", "GIF89a\x01\x00\x01\x00", 10);
    write_file("cut.png", "\x89PNG\r\n\x1a\n", 8);
    write_file("notes.png", "just some text", 14);
    char link[512];
    snprintf(link, sizeof(link), "%s/passwd.png", tmpdir);
    ck_assert_int_eq(symlink("/etc/passwd", link), 0);
    const char *json =
        "{\"version\": 1, \"items\": [\n"
        "{\"id\": \"a\", \"type\": \"image\", \"src\": \"ok.png\"},\n"
        "{\"id\": \"b\", \"type\": \"image\", \"src\": \"ok.jpg\", \"fit\": \"cover\"},\n"
        "{\"id\": \"c\", \"type\": \"image\", \"src\": \"bomb.png\"},\n"
        "{\"id\": \"d\", \"type\": \"image\", \"src\": \"anim.gif\"},\n"
        "{\"id\": \"e\", \"type\": \"image\", \"src\": \"cut.png\"},\n"
        "{\"id\": \"f\", \"type\": \"image\", \"src\": \"notes.png\"},\n"
        "{\"id\": \"g\", \"type\": \"image\", \"src\": \"passwd.png\"},\n"
        "{\"id\": \"h\", \"type\": \"image\", \"src\": \"assets/none.png\"}\n"
        "]}";
    write_file("p.json", json, strlen(json));
    char path[512];
    snprintf(path, sizeof(path), "%s/p.json", tmpdir);
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_load(path, d);
    dump(d);
    ck_assert_ptr_nonnull(pl); /* asset problems are errors, yet the rest plays */
    ck_assert_uint_eq(diag_error_count(d), 6);
    ck_assert_uint_eq(diag_count(d), 6);
    ck_assert(!pl->items[0].asset_unusable);
    ck_assert(!pl->items[1].asset_unusable);
    for (size_t i = 2; i < 8; i++)
        ck_assert_msg(pl->items[i].asset_unusable, "item %zu", i);
    const struct diag *g = diag_get(d, 0);
    ck_assert_str_eq(g->code, "asset");
    ck_assert_str_eq(g->path, "items[2].src");
    ck_assert_int_eq(g->line, 4);
    ck_assert_int_eq(g->col, 37);
    ck_assert_ptr_nonnull(strstr(g->message, "60000x60000"));
    ck_assert_ptr_nonnull(strstr(diag_get(d, 1)->message, "GIF"));
    ck_assert_str_eq(diag_get(d, 4)->code, "missing-asset");
    ck_assert_str_eq(diag_get(d, 4)->path, "items[6].src");
    ck_assert_str_eq(diag_get(d, 5)->code, "missing-asset");
    playlist_free(pl);
    diag_list_free(d);

    struct imghdr h;
    char why[256];
    snprintf(path, sizeof(path), "%s/ok.jpg", tmpdir);
    ck_assert(imghdr_probe_file(path, &h, why, sizeof(why)));
    ck_assert_int_eq(h.kind, IMGHDR_JPEG);
    ck_assert_uint_eq(h.width, 64);
    ck_assert_uint_eq(h.height, 32);
}
END_TEST

/* A wrong case or a '\' names the file that exists; asset errors come in
 * the same run as the other content errors. */
START_TEST(wrong_case_and_backslash_name_the_file)
{
    save_real_images();
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/assets", tmpdir);
    ck_assert(fs_mkdirs(dir));
    char from[600], to[600];
    snprintf(from, sizeof(from), "%s/ok.png", tmpdir);
    snprintf(to, sizeof(to), "%s/assets/Poster.png", tmpdir);
    ck_assert_int_eq(rename(from, to), 0);
    const char *json = "{\"version\": 1, \"items\": [\n"
                       "{\"id\": \"a\", \"type\": \"image\", \"src\": \"assets/poster.PNG\"},\n"
                       "{\"id\": \"b\", \"type\": \"image\", \"src\": \"assets\\\\Poster.png\"},\n"
                       "{\"id\": \"c\", \"type\": \"image\", \"src\": \"ASSETS\\\\poster.png\"},\n"
                       "{\"id\": \"d\", \"type\": \"image\", \"src\": \"assets\\\\none.png\"},\n"
                       "{\"id\": \"e\", \"type\": \"clock\", \"duration\": -1},\n"
                       "{\"id\": \"f\", \"type\": \"image\", \"src\": \"ok.jpg\"}\n"
                       "]}";
    write_file("case.json", json, strlen(json));
    char path[512];
    snprintf(path, sizeof(path), "%s/case.json", tmpdir);
    struct diag_list *d = diag_list_new();
    struct playlist_opts opts = {.check_assets = true};
    struct playlist *pl = playlist_load_ex(path, &opts, d);
    dump(d);
    ck_assert_ptr_null(pl); /* the duration is an error */
    ck_assert_uint_eq(diag_error_count(d), 5);
    const char *want[][2] = {
        {"items[4].duration", "more than 0"},
        {"items[0].src", "there is no \"assets/poster.PNG\", but there is \"assets/Poster.png\""},
        {"items[1].src", "not \\: write \"assets/Poster.png\""},
        {"items[2].src", "as they are: \"assets/Poster.png\""},
        {"items[3].src", "no such image"},
    };
    for (size_t i = 0; i < 5; i++) {
        const struct diag *g = diag_get(d, i);
        ck_assert_msg(g->severity == DIAG_ERROR && strcmp(g->path, want[i][0]) == 0 &&
                          strstr(g->message, want[i][1]),
                      "%zu: %s: %s", i, g->path, g->message);
    }
    diag_list_free(d);
}
END_TEST

static Suite *playlist_suite(void)
{
    Suite *s = suite_create("playlist");
    TCase *tc = tcase_create("syntax");
    tcase_add_loop_test(tc, syntax_error_points_at_the_mistake, 0,
                        (int)(sizeof(syntax_cases) / sizeof(syntax_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("content");
    tcase_add_loop_test(tc, content_error_names_field_and_place, 0,
                        (int)(sizeof(schema_cases) / sizeof(schema_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("limits");
    tcase_add_test(tc, deep_nesting_is_refused_quickly);
    tcase_add_test(tc, four_megabyte_string_is_refused);
    tcase_add_test(tc, text_over_the_limit_is_refused_at_the_text);
    tcase_add_test(tc, too_many_items_is_refused);
    tcase_add_test(tc, too_many_stat_rows_is_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("valid");
    tcase_add_test(tc, defaults_are_applied);
    tcase_add_test(tc, sequence_is_exact);
    tcase_add_test(tc, playlist_defaults_reach_items_and_items_override);
    tcase_add_test(tc, nfd_text_becomes_nfc);
    tcase_add_test(tc, bom_is_tolerated);
    tcase_add_test(tc, every_item_type_parses);
    tcase_add_test(tc, feed_mode_requires_sha256_and_allows_urls);
    tcase_add_loop_test(tc, messages_read_as_written, 0,
                        sizeof(message_cases) / sizeof(message_cases[0]));
    tcase_add_loop_test(tc, feed_rules_match_the_board, 0,
                        sizeof(feed_cases) / sizeof(feed_cases[0]));
    tcase_add_test(tc, feed_rules_report_every_image);
    tcase_add_test(tc, demo_playlist_passes);
    tcase_add_test(tc, missing_file_is_reported);
    suite_add_tcase(s, tc);
    tc = tcase_create("images");
    tcase_add_checked_fixture(tc, img_setup, img_teardown);
    tcase_add_test(tc, image_files_are_checked_before_decoding);
    tcase_add_test(tc, wrong_case_and_backslash_name_the_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fixture_run(playlist_suite());
}
