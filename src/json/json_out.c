/* SPDX-License-Identifier: MIT */
/* The JSON writer: one capped buffer, commas and indentation kept here. */

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/dynbuf.h"
#include "json/json.h"

#define MAX_NEST 64

struct json_out {
    struct dynbuf buf;
    bool pretty;
    bool failed;
    int depth;
    bool in_object[MAX_NEST]; /* per open level: object (true) or array */
    bool has_items[MAX_NEST]; /* per open level: a value was written */
    bool done;                /* the top-level value is complete */
};

struct json_out *json_out_new(size_t cap, bool pretty)
{
    struct json_out *o = calloc(1, sizeof(*o));
    if (!o)
        return NULL;
    dynbuf_init(&o->buf, cap);
    o->pretty = pretty;
    return o;
}

void json_out_free(struct json_out *o)
{
    if (!o)
        return;
    dynbuf_free(&o->buf);
    free(o);
}

static void put(struct json_out *o, const char *s, size_t n)
{
    if (!o->failed && !dynbuf_add(&o->buf, s, n))
        o->failed = true;
}

static void puts_(struct json_out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void newline(struct json_out *o)
{
    if (!o->pretty)
        return;
    puts_(o, "\n");
    for (int i = 0; i < o->depth; i++)
        puts_(o, "  ");
}

static void put_string(struct json_out *o, const char *s)
{
    puts_(o, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = NULL;
        char u[8];
        switch (*p) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        default:
            if (*p < 0x20) {
                snprintf(u, sizeof(u), "\\u%04x", *p);
                esc = u;
            }
        }
        if (esc)
            puts_(o, esc);
        else
            put(o, (const char *)p, 1);
    }
    puts_(o, "\"");
}

/* The comma, newline and key before a value; false when none may go here. */
static bool before(struct json_out *o, const char *key)
{
    if (o->failed)
        return false;
    if (o->depth == 0) {
        if (o->done || key) {
            o->failed = true;
            return false;
        }
        return true;
    }
    int d = o->depth - 1;
    if (o->in_object[d] != (key != NULL)) {
        o->failed = true;
        return false;
    }
    if (o->has_items[d])
        puts_(o, ",");
    o->has_items[d] = true;
    newline(o);
    if (key) {
        put_string(o, key);
        puts_(o, o->pretty ? ": " : ":");
    }
    return true;
}

static bool after(struct json_out *o)
{
    if (o->depth == 0)
        o->done = true;
    return !o->failed;
}

static bool begin(struct json_out *o, const char *key, bool object)
{
    if (!before(o, key))
        return false;
    if (o->depth >= MAX_NEST) {
        o->failed = true;
        return false;
    }
    puts_(o, object ? "{" : "[");
    o->in_object[o->depth] = object;
    o->has_items[o->depth] = false;
    o->depth++;
    return !o->failed;
}

static bool end(struct json_out *o, bool object)
{
    if (o->failed || o->depth == 0 || o->in_object[o->depth - 1] != object) {
        o->failed = true;
        return false;
    }
    bool had = o->has_items[o->depth - 1];
    o->depth--;
    if (had)
        newline(o);
    puts_(o, object ? "}" : "]");
    return after(o);
}

bool json_out_begin_object(struct json_out *o, const char *key)
{
    return o && begin(o, key, true);
}

bool json_out_end_object(struct json_out *o)
{
    return o && end(o, true);
}

bool json_out_begin_array(struct json_out *o, const char *key)
{
    return o && begin(o, key, false);
}

bool json_out_end_array(struct json_out *o)
{
    return o && end(o, false);
}

bool json_out_string(struct json_out *o, const char *key, const char *s)
{
    if (!o || !before(o, key))
        return false;
    if (s)
        put_string(o, s);
    else
        puts_(o, "null");
    return after(o);
}

bool json_out_int(struct json_out *o, const char *key, int64_t v)
{
    if (!o || !before(o, key))
        return false;
    char num[32];
    snprintf(num, sizeof(num), "%" PRId64, v);
    puts_(o, num);
    return after(o);
}

bool json_out_number(struct json_out *o, const char *key, double v)
{
    if (!o || !before(o, key))
        return false;
    char num[40];
    if (!isfinite(v)) {
        snprintf(num, sizeof(num), "null");
    } else if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        snprintf(num, sizeof(num), "%" PRId64, (int64_t)v);
    } else {
        /* The shortest form that reads back as the same double. */
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(num, sizeof(num), "%.*g", prec, v);
            if (strtod(num, NULL) == v)
                break;
        }
    }
    puts_(o, num);
    return after(o);
}

bool json_out_fixed(struct json_out *o, const char *key, double v, int decimals)
{
    if (!o || !before(o, key))
        return false;
    char num[48];
    if (!isfinite(v) || fabs(v) > 1e15 || decimals < 0 || decimals > 9)
        snprintf(num, sizeof(num), "null");
    else
        snprintf(num, sizeof(num), "%.*f", decimals, v);
    puts_(o, num);
    return after(o);
}

bool json_out_bool(struct json_out *o, const char *key, bool v)
{
    if (!o || !before(o, key))
        return false;
    puts_(o, v ? "true" : "false");
    return after(o);
}

bool json_out_null(struct json_out *o, const char *key)
{
    if (!o || !before(o, key))
        return false;
    puts_(o, "null");
    return after(o);
}

bool json_out_node(struct json_out *o, const char *key, const struct json_node *v)
{
    if (!o)
        return false;
    if (!v) {
        o->failed = true;
        return false;
    }
    const struct json_node *c;
    switch (json_type(v)) {
    case JSON_NULL:
        return json_out_null(o, key);
    case JSON_BOOL:
        return json_out_bool(o, key, json_true(v));
    case JSON_STRING:
        return json_out_string(o, key, json_string(v));
    case JSON_NUMBER: {
        if (!before(o, key))
            return false;
        size_t len;
        const char *text = json_number_text(v, &len);
        put(o, text, len);
        return after(o);
    }
    case JSON_ARRAY:
        if (!begin(o, key, false))
            return false;
        json_foreach(c, v) json_out_node(o, NULL, c);
        return end(o, false);
    case JSON_OBJECT:
        if (!begin(o, key, true))
            return false;
        json_foreach(c, v) json_out_node(o, json_key(c), c);
        return end(o, true);
    }
    return false;
}

char *json_out_finish(struct json_out *o, size_t *len)
{
    if (!o)
        return NULL;
    char *text = NULL;
    if (!o->failed && o->depth == 0 && o->done && (!o->pretty || dynbuf_addc(&o->buf, '\n')))
        text = dynbuf_take(&o->buf, len);
    json_out_free(o);
    return text;
}
