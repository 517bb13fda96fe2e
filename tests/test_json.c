/* SPDX-License-Identifier: MIT */
/* json: the one front end. Positions and paths of nodes, exact integers,
 * typed getters' diagnostics, did-you-mean, the writer. */

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "util/diag.h"
#include "json/json.h"

static struct json_doc *parse(const char *text, struct diag_list *d)
{
    struct json_opts o = {.file = "t.json", .diags = d, .code = "schema"};
    return json_parse(text, strlen(text), &o, NULL);
}

/* Follows a path of keys and indexes written as "a", "[2]", ... */
static const struct json_node *walk(const struct json_doc *doc, const char *const *steps)
{
    const struct json_node *v = json_root(doc);
    for (; *steps; steps++)
        v = (*steps)[0] == '[' ? json_at(v, (size_t)atoi(*steps + 1)) : json_get(v, *steps);
    return v;
}

/* ---- positions and paths ---------------------------------------------- */

static const struct {
    const char *text;
    const char *steps[6];
    const char *path;
    int kline, kcol, line, col;
} position_cases[] = {
    {"{\"a\": 1}", {"a", NULL}, "a", 1, 2, 1, 7},
    /* A key with a space: its own path, its own place (not its parent's). */
    {"{\"display\": {\n  \"view port\": [1, 2]}}",
     {"display", "view port", NULL},
     "display[\"view port\"]",
     2,
     3,
     2,
     16},
    {"{\"items\": [\n {\"id\": \"a\"},\n {\"id\": \"b\", \"text\": \"x\"}\n]}",
     {"items", "[1]", "text", NULL},
     "items[1].text",
     3,
     14,
     3,
     22},
    /* Nested arrays; an element's key place is its value's. */
    {"[[0, [1, 2]]]", {"[0]", "[1]", "[1]", NULL}, "[0][1][1]", 1, 10, 1, 10},
    /* Columns count characters, not bytes: "Chữ" is 3 columns. */
    {"{\"t\": \"Chữ\", \"n\": 5}", {"n", NULL}, "n", 1, 14, 1, 19},
    /* Quotes and backslashes in keys are escaped in the path. */
    {"{\"a\\\"b\": {\"c\\\\d\": 1}}",
     {"a\"b", "c\\d", NULL},
     "[\"a\\\"b\"][\"c\\\\d\"]",
     1,
     11,
     1,
     19},
    {"  {\"x\": null}", {NULL}, "", 1, 3, 1, 3},
};

START_TEST(nodes_know_their_path_and_place)
{
    struct diag_list *d = diag_list_new();
    struct json_doc *doc = parse(position_cases[_i].text, d);
    ck_assert_ptr_nonnull(doc);
    const struct json_node *v = walk(doc, position_cases[_i].steps);
    ck_assert_ptr_nonnull(v);
    char path[128];
    json_path(v, path, sizeof(path));
    ck_assert_str_eq(path, position_cases[_i].path);
    ck_assert_int_eq(json_key_line(v), position_cases[_i].kline);
    ck_assert_int_eq(json_key_col(v), position_cases[_i].kcol);
    ck_assert_int_eq(json_line(v), position_cases[_i].line);
    ck_assert_int_eq(json_col(v), position_cases[_i].col);
    json_free(doc);
    diag_list_free(d);
}
END_TEST

START_TEST(diagnostics_point_at_the_node)
{
    struct diag_list *d = diag_list_new();
    struct json_doc *doc = parse("{\"display\": {\n  \"view port\": \"wide\"}}", d);
    const char *const steps[] = {"display", "view port", NULL};
    double x;
    ck_assert(!json_as_number(doc, walk(doc, steps), "a number", &x));
    ck_assert_uint_eq(json_errors(doc), 1);
    char line[600];
    diag_format(diag_get(d, 0), line, sizeof(line));
    ck_assert_str_eq(line, "t.json:2:16: error: display[\"view port\"]: expected a number, got "
                           "the text \"wide\" [schema]");
    /* Absent members are not an error of the getter. */
    ck_assert(!json_as_number(doc, json_get(json_root(doc), "nope"), "a number", &x));
    ck_assert_uint_eq(json_errors(doc), 1);
    json_free(doc);
    diag_list_free(d);
}
END_TEST

/* ---- exact integers ------------------------------------------------------ */

static const struct {
    const char *num;
    enum json_int_status st;
    int64_t want;
} int_cases[] = {
    {"0", JSON_INT_OK, 0},
    {"-12", JSON_INT_OK, -12},
    {"9007199254740993", JSON_INT_OK, 9007199254740993LL}, /* 2^53 + 1: not a double */
    {"5000000000000009", JSON_INT_OK, 5000000000000009LL},
    {"9223372036854775807", JSON_INT_OK, INT64_MAX}, /* 2^63 - 1 */
    {"-9223372036854775808", JSON_INT_OK, INT64_MIN},
    {"9223372036854775808", JSON_INT_TOO_LARGE, 0}, /* 2^63 */
    {"18446744073709551616", JSON_INT_TOO_LARGE, 0},
    {"-9223372036854775809", JSON_INT_TOO_LARGE, 0},
    {"10.0", JSON_INT_OK, 10},
    {"1e3", JSON_INT_OK, 1000},
    {"2.5", JSON_INT_FRACTION, 0},
    {"1e19", JSON_INT_INEXACT, 0},
    {"\"12\"", JSON_INT_NOT_NUMBER, 0},
};

START_TEST(integers_are_read_from_the_text)
{
    char text[80];
    snprintf(text, sizeof(text), "{\"seq\": %s}", int_cases[_i].num);
    struct diag_list *d = diag_list_new();
    struct json_doc *doc = parse(text, d);
    ck_assert_ptr_nonnull(doc);
    int64_t x = 0;
    const struct json_node *v = json_get(json_root(doc), "seq");
    ck_assert_int_eq(json_int(v, &x), int_cases[_i].st);
    if (int_cases[_i].st == JSON_INT_OK)
        ck_assert(x == int_cases[_i].want);
    /* The getter agrees, and refuses with the number as written. */
    bool ok = json_as_int(doc, v, "a sequence", 0, INT64_MAX, &x);
    ck_assert(ok == (int_cases[_i].st == JSON_INT_OK && int_cases[_i].want >= 0));
    if (!ok) {
        ck_assert_uint_eq(diag_error_count(d), 1);
        if (int_cases[_i].st == JSON_INT_TOO_LARGE)
            ck_assert_ptr_nonnull(strstr(diag_get(d, 0)->message, int_cases[_i].num));
    }
    json_free(doc);
    diag_list_free(d);
}
END_TEST

START_TEST(integers_are_written_back_exactly)
{
    /* Read 2^63 - 1, write it, read it again: the same integer. */
    struct json_doc *doc = parse("{\"sequence\": 9223372036854775807, \"x\": 86.5}", NULL);
    int64_t seq;
    ck_assert_int_eq(json_int(json_get(json_root(doc), "sequence"), &seq), JSON_INT_OK);
    struct json_out *o = json_out_new(1024, false);
    json_out_begin_object(o, NULL);
    json_out_int(o, "sequence", seq);
    json_out_int(o, "next", 9007199254740993LL);
    json_out_node(o, "copy", json_root(doc));
    json_out_end_object(o);
    char *text = json_out_finish(o, NULL);
    ck_assert_str_eq(text, "{\"sequence\":9223372036854775807,\"next\":9007199254740993,"
                           "\"copy\":{\"sequence\":9223372036854775807,\"x\":86.5}}");
    json_free(doc);
    doc = parse(text, NULL);
    int64_t back;
    ck_assert_int_eq(json_int(json_get(json_root(doc), "next"), &back), JSON_INT_OK);
    ck_assert(back == 9007199254740993LL);
    json_free(doc);
    free(text);
}
END_TEST

/* ---- the writer ----------------------------------------------------------- */

START_TEST(writer_escapes_indents_and_refuses_misuse)
{
    struct json_out *o = json_out_new(4096, true);
    json_out_begin_object(o, NULL);
    json_out_string(o, "t", "a \"q\" \\ \n\x01 Chữ");
    json_out_begin_array(o, "l");
    json_out_bool(o, NULL, true);
    json_out_null(o, NULL);
    json_out_number(o, NULL, 0.1);
    json_out_end_array(o);
    json_out_begin_object(o, "e");
    json_out_end_object(o);
    json_out_end_object(o);
    char *text = json_out_finish(o, NULL);
    ck_assert_str_eq(text, "{\n  \"t\": \"a \\\"q\\\" \\\\ \\n\\u0001 Chữ\",\n  \"l\": [\n    "
                           "true,\n    null,\n    0.1\n  ],\n  \"e\": {}\n}\n");
    free(text);

    /* A value without a key in an object; an unclosed array; past the cap. */
    o = json_out_new(4096, false);
    json_out_begin_object(o, NULL);
    ck_assert(!json_out_int(o, NULL, 1));
    ck_assert_ptr_null(json_out_finish(o, NULL));
    o = json_out_new(4096, false);
    json_out_begin_array(o, NULL);
    ck_assert_ptr_null(json_out_finish(o, NULL));
    o = json_out_new(16, false);
    json_out_begin_array(o, NULL);
    json_out_string(o, NULL, "more than sixteen bytes");
    json_out_end_array(o);
    ck_assert_ptr_null(json_out_finish(o, NULL));
}
END_TEST

START_TEST(edited_strings_are_written)
{
    struct json_doc *doc =
        parse("{\"items\": [{\"src\": \"http://x/a.png\", \"n\": 1e2, \"sha256\": \"AB\"}]}", NULL);
    const struct json_node *it = json_at(json_get(json_root(doc), "items"), 0);
    ck_assert(json_set_string(doc, it, "src", "assets/ab.png"));
    ck_assert(json_set_string(doc, it, "sha256", "ab"));
    ck_assert(!json_set_string(doc, it, "absent", "x"));
    ck_assert_str_eq(json_string(json_get(it, "src")), "assets/ab.png");
    struct json_out *o = json_out_new(1024, false);
    json_out_node(o, NULL, json_root(doc));
    char *text = json_out_finish(o, NULL);
    ck_assert_str_eq(text, "{\"items\":[{\"src\":\"assets/ab.png\",\"n\":1e2,\"sha256\":\"ab\"}]}");
    free(text);
    json_free(doc);
}
END_TEST

/* ---- syntax, limits, members ---------------------------------------------- */

static const struct {
    const char *text;
    int line, col;
    const char *code;
    const char *in_message;
} bad_cases[] = {
    {"{\"a\": 012}", 1, 7, "json", "cannot start with 0"},
    {"{\"a\": \"\\u0000\"}", 1, 8, "json", "NUL"},
    {"{\"a\": 1,}", 1, 8, "json", "remove this comma"},
    {"{\"a\": \"x\xff\"}", 1, 9, "encoding", "UTF-8"},
    {"{\n  \"a\": 1\n  \"b\": 2\n}", 2, 9, "json", "missing comma"},
    {"", 1, 1, "json", "empty"},
    {"\xff\xfe{}", 1, 1, "encoding", "UTF-16"},
    {"{} {}", 1, 4, "json", "after the end"},
};

START_TEST(syntax_errors_say_where)
{
    struct diag_list *d = diag_list_new();
    struct json_error e;
    struct json_opts o = {.file = "t.json", .diags = d};
    ck_assert_ptr_null(json_parse(bad_cases[_i].text, strlen(bad_cases[_i].text), &o, &e));
    ck_assert_int_eq(e.line, bad_cases[_i].line);
    ck_assert_int_eq(e.col, bad_cases[_i].col);
    ck_assert_str_eq(e.code, bad_cases[_i].code);
    ck_assert_msg(strstr(e.message, bad_cases[_i].in_message), "%s", e.message);
    const struct diag *g = diag_get(d, 0);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, bad_cases[_i].line);
    diag_list_free(d);
}
END_TEST

START_TEST(limits_are_refused)
{
    struct json_error e;
    struct json_opts o = {.max_depth = 3, .max_values = 5};
    ck_assert_ptr_null(json_parse("[[[[1]]]]", 9, &o, &e));
    ck_assert_str_eq(e.code, "limit");
    ck_assert_int_eq(e.col, 4);
    ck_assert_ptr_null(json_parse("[1,2,3,4,5]", 11, &o, &e));
    ck_assert_str_eq(e.code, "limit");
    struct json_doc *doc = json_parse("[1,2,3,4]", 9, &o, &e);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(json_count(json_root(doc)), 4);
    json_free(doc);
}
END_TEST

START_TEST(repeated_keys_are_errors_at_the_second)
{
    struct diag_list *d = diag_list_new();
    struct json_doc *doc = parse("{\"a\": 1,\n \"a\": 2}", d);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(json_errors(doc), 1);
    ck_assert_int_eq(diag_get(d, 0)->line, 2);
    ck_assert_int_eq(diag_get(d, 0)->col, 2);
    /* json_get finds the first. */
    ck_assert(json_number(json_get(json_root(doc), "a")) == 1);
    json_free(doc);
    diag_list_free(d);
}
END_TEST

static const struct {
    const char *key;
    const char *near; /* NULL: no suggestion */
} suggest_cases[] = {
    {"view_port", "viewport"},
    {"dispaly", "display"},
    {"Display", "display"},
    {"pubkeys", "pubkey"},
    {"brigtness", "brightness"},
    {"colour", NULL},
    {"x", NULL},
    {"intervals", "interval"},
    {"zzzzzz", NULL},
};

START_TEST(did_you_mean_is_the_nearest_known_key)
{
    static const char *const known[] = {"viewport",   "display",  "pubkey",
                                        "brightness", "interval", NULL};
    const char *got = json_suggest(suggest_cases[_i].key, known);
    if (suggest_cases[_i].near)
        ck_assert_str_eq(got ? got : "(none)", suggest_cases[_i].near);
    else
        ck_assert_ptr_null(got);
}
END_TEST

START_TEST(typed_getters)
{
    struct diag_list *d = diag_list_new();
    struct json_doc *doc =
        parse("{\"s\": \"x\", \"b\": true, \"e\": \"gpu\", \"bad\": \"opengl\", \"o\": {}}", d);
    const struct json_node *r = json_root(doc);
    static const char *const names[] = {"auto", "gpu", "surface", NULL};
    const char *s;
    bool b;
    int e;
    ck_assert(json_as_string(doc, json_get(r, "s"), "text", &s) && strcmp(s, "x") == 0);
    ck_assert(json_as_bool(doc, json_get(r, "b"), "true or false", &b) && b);
    ck_assert(json_as_enum(doc, json_get(r, "e"), "a renderer", names, &e) && e == 1);
    ck_assert_uint_eq(json_errors(doc), 0);
    ck_assert(!json_as_enum(doc, json_get(r, "bad"), "a renderer", names, &e));
    ck_assert(!json_as_bool(doc, json_get(r, "s"), "true or false", &b));
    ck_assert(!json_as_array(doc, json_get(r, "o"), "a list"));
    ck_assert_ptr_null(json_require(doc, r, "missing", "add it"));
    ck_assert_uint_eq(json_errors(doc), 4);
    ck_assert_str_eq(diag_get(d, 3)->message, "missing \"missing\": add it");
    json_free(doc);
    diag_list_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("tree");
    tcase_add_loop_test(tc, nodes_know_their_path_and_place, 0,
                        sizeof(position_cases) / sizeof(position_cases[0]));
    tcase_add_test(tc, diagnostics_point_at_the_node);
    tcase_add_test(tc, typed_getters);
    tcase_add_loop_test(tc, did_you_mean_is_the_nearest_known_key, 0,
                        sizeof(suggest_cases) / sizeof(suggest_cases[0]));
    suite_add_tcase(s, tc);
    tc = tcase_create("integers");
    tcase_add_loop_test(tc, integers_are_read_from_the_text, 0,
                        sizeof(int_cases) / sizeof(int_cases[0]));
    tcase_add_test(tc, integers_are_written_back_exactly);
    suite_add_tcase(s, tc);
    tc = tcase_create("writer");
    tcase_add_test(tc, writer_escapes_indents_and_refuses_misuse);
    tcase_add_test(tc, edited_strings_are_written);
    suite_add_tcase(s, tc);
    tc = tcase_create("syntax");
    tcase_add_loop_test(tc, syntax_errors_say_where, 0, sizeof(bad_cases) / sizeof(bad_cases[0]));
    tcase_add_test(tc, limits_are_refused);
    tcase_add_test(tc, repeated_keys_are_errors_at_the_second);
    suite_add_tcase(s, tc);
    return fixture_run(s);
}
