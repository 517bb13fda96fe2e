/* SPDX-License-Identifier: MIT */
#include "ops/config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/minisign.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/strparse.h"
#include "json/json.h"

/* ---- Parsing ------------------------------------------------------------ */

struct ctx {
    struct json_doc *doc; /* the parsed file; diagnostics go through it, at its nodes */
    const char *dir;
};

/* Every problem is at a node: its own path, line and column. */
#define ERR(c, at, ...)  json_report((c)->doc, at, DIAG_ERROR, "config", __VA_ARGS__)
#define WARN(c, at, ...) json_report((c)->doc, at, DIAG_WARNING, "config", __VA_ARGS__)

bool config_parse_hhmm(const char *s, int *minutes)
{
    return strp_parse_hhmm(s, false, minutes);
}

/* Relative paths resolve in the config's directory; the result is owned. */
static char *resolve(struct ctx *c, const struct json_node *at, const char *value)
{
    if (!*value) {
        ERR(c, at, _("is empty; give a file path"));
        return NULL;
    }
    char buf[PATH_MAX];
    int n = value[0] == '/' || !c->dir || !*c->dir
                ? snprintf(buf, sizeof(buf), "%s", value)
                : snprintf(buf, sizeof(buf), "%s/%s", c->dir, value);
    if (n < 0 || n >= (int)sizeof(buf)) {
        ERR(c, at, _("path is too long"));
        return NULL;
    }
    return strdup(buf);
}

/* The member's string, NULL when absent or (reported) not a string. */
static const char *get_string(struct ctx *c, const struct json_node *obj, const char *key)
{
    const struct json_node *v = json_get(obj, key);
    if (!v)
        return NULL;
    if (!json_is(v, JSON_STRING)) {
        ERR(c, v, _("must be a string"));
        return NULL;
    }
    return json_string(v);
}

static char *get_path(struct ctx *c, const struct json_node *obj, const char *key)
{
    const char *s = get_string(c, obj, key);
    return s ? resolve(c, json_get(obj, key), s) : NULL;
}

/* A whole number in lo..hi; false (reported) otherwise, or when absent. */
static bool get_int(struct ctx *c, const struct json_node *obj, const char *key, int lo, int hi,
                    int *out)
{
    const struct json_node *v = json_get(obj, key);
    if (!v)
        return false;
    int64_t x;
    enum json_int_status st = json_int(v, &x);
    if (st == JSON_INT_NOT_NUMBER || st == JSON_INT_FRACTION) {
        ERR(c, v, _("must be a whole number"));
        return false;
    }
    if (st != JSON_INT_OK || x < lo || x > hi) {
        size_t len;
        const char *text = json_number_text(v, &len);
        ERR(c, v, _("%.*s is out of range; use %d to %d"), (int)(len < 40 ? len : 40), text, lo,
            hi);
        return false;
    }
    *out = (int)x;
    return true;
}

/* A typo in a config changes what the board does: unknown keys are errors. */
static void unknown_keys(struct ctx *c, const struct json_node *obj, const char *const *known,
                         const char *what)
{
    json_unknown_members(c->doc, obj, known, DIAG_ERROR, what);
}

static bool is_http_url(const char *s, bool *plain)
{
    *plain = strncmp(s, "http://", 7) == 0;
    return (*plain || strncmp(s, "https://", 8) == 0) && strlen(s) < 2048 && !strpbrk(s, " \t\r\n");
}

static void parse_feed(struct ctx *c, struct config *cfg, const struct json_node *feed)
{
    if (!json_is(feed, JSON_OBJECT)) {
        ERR(c, feed, _("must be an object: {\"url\": ..., \"pubkey\": ..., \"interval\": ...}"));
        return;
    }
    static const char *const known[] = {"url", "pubkey", "interval", NULL};
    unknown_keys(c, feed, known, "\"feed\"");
    cfg->has_feed = true;
    const struct json_node *urlv = json_get(feed, "url");
    const char *url = get_string(c, feed, "url");
    bool plain = false;
    if (!url) {
        if (!urlv)
            ERR(c, feed, _("has no url; give the feed's http:// or https:// address"));
    } else if (!is_http_url(url, &plain)) {
        ERR(c, urlv, _("must be an http:// or https:// address"));
    } else {
        cfg->feed_url = strdup(url);
    }
    cfg->feed_pubkey = get_path(c, feed, "pubkey");
    cfg->pubkey_line = json_line(json_get(feed, "pubkey"));
    cfg->pubkey_col = json_col(json_get(feed, "pubkey"));
    if (!json_get(feed, "pubkey")) {
        if (plain)
            ERR(c, urlv,
                _("a plain http:// feed must be signed; add feed.pubkey (the "
                  "minisign public key file)"));
        else if (url)
            WARN(c, urlv,
                 _("the feed is not signed; add feed.pubkey so the board shows "
                   "only what the office signed"));
    }
    cfg->feed_interval = CONFIG_DEFAULT_FEED_INTERVAL;
    get_int(c, feed, "interval", CONFIG_MIN_FEED_INTERVAL, CONFIG_MAX_INTERVAL,
            &cfg->feed_interval);
}

static void parse_heartbeat(struct ctx *c, struct config *cfg, const struct json_node *hb)
{
    if (!json_is(hb, JSON_OBJECT)) {
        ERR(c, hb, _("must be an object: {\"url\": ..., \"interval\": ...}"));
        return;
    }
    static const char *const known[] = {"url", "interval", NULL};
    unknown_keys(c, hb, known, "\"heartbeat\"");
    const char *url = get_string(c, hb, "url");
    bool plain;
    if (!url) {
        if (!json_get(hb, "url"))
            ERR(c, hb, _("has no url; give the monitoring server's address"));
    } else if (!is_http_url(url, &plain)) {
        ERR(c, json_get(hb, "url"), _("must be an http:// or https:// address"));
    } else {
        cfg->has_heartbeat = true;
        cfg->heartbeat_url = strdup(url);
    }
    cfg->heartbeat_interval = CONFIG_DEFAULT_HEARTBEAT_INTERVAL;
    get_int(c, hb, "interval", CONFIG_MIN_HEARTBEAT_INTERVAL, CONFIG_MAX_INTERVAL,
            &cfg->heartbeat_interval);
}

static void parse_proof_log(struct ctx *c, struct config *cfg, const struct json_node *pl)
{
    cfg->proof_max_bytes = CONFIG_DEFAULT_PROOF_BYTES;
    cfg->proof_keep = CONFIG_DEFAULT_PROOF_KEEP;
    if (json_is(pl, JSON_STRING)) {
        cfg->proof_log = resolve(c, pl, json_string(pl));
        return;
    }
    if (!json_is(pl, JSON_OBJECT)) {
        ERR(c, pl,
            _("must be a file path, or {\"path\": ..., \"max_kb\": ..., "
              "\"keep\": ...}"));
        return;
    }
    static const char *const known[] = {"path", "max_kb", "keep", NULL};
    unknown_keys(c, pl, known, "\"proof_log\"");
    cfg->proof_log = get_path(c, pl, "path");
    if (!json_get(pl, "path"))
        ERR(c, pl, _("has no path; give the log file's path"));
    int kb;
    if (get_int(c, pl, "max_kb", 16, 1024 * 1024, &kb))
        cfg->proof_max_bytes = (size_t)kb * 1024u;
    get_int(c, pl, "keep", 1, 999, &cfg->proof_keep);
}

static int cmp_brightness(const void *a, const void *b)
{
    return ((const struct config_brightness *)a)->from -
           ((const struct config_brightness *)b)->from;
}

static void parse_brightness(struct ctx *c, struct config *cfg, const struct json_node *br)
{
    /* A bare number: one level all day. */
    if (json_is(br, JSON_NUMBER)) {
        int64_t v;
        if (json_int(br, &v) != JSON_INT_OK || v < 0 || v > 100) {
            ERR(c, br,
                _("must be a percentage from 0 to 100, or a list of "
                  "{\"from\": \"HH:MM\", \"level\": 0..100}"));
            return;
        }
        cfg->brightness = calloc(1, sizeof(*cfg->brightness));
        if (!cfg->brightness)
            return;
        cfg->brightness[0] = (struct config_brightness){0, (int)v};
        cfg->n_brightness = 1;
        return;
    }
    if (!json_is(br, JSON_ARRAY)) {
        ERR(c, br, _("must be a list of {\"from\": \"HH:MM\", \"level\": 0..100}"));
        return;
    }
    size_t n = json_count(br);
    if (n > CONFIG_MAX_BRIGHTNESS) {
        ERR(c, br, _("has %d entries; at most %d"), (int)n, CONFIG_MAX_BRIGHTNESS);
        return;
    }
    if (n == 0)
        return;
    cfg->brightness = calloc(n, sizeof(*cfg->brightness));
    if (!cfg->brightness)
        return;
    const struct json_node *e;
    json_foreach(e, br)
    {
        if (!json_is(e, JSON_OBJECT)) {
            ERR(c, e, _("must be {\"from\": \"HH:MM\", \"level\": 0..100}"));
            continue;
        }
        static const char *const known[] = {"from", "level", NULL};
        unknown_keys(c, e, known, _("a brightness entry"));
        struct config_brightness b = {0, 100};
        const struct json_node *fromv = json_get(e, "from");
        const char *from = get_string(c, e, "from");
        if (!fromv)
            ERR(c, e, _("has no \"from\" time (HH:MM)"));
        else if (from && !config_parse_hhmm(from, &b.from))
            ERR(c, fromv, _("\"%s\" is not a time; write HH:MM, 00:00 to 23:59"), from);
        if (!json_get(e, "level"))
            ERR(c, e, _("has no \"level\" (percent, 0 to 100)"));
        else
            get_int(c, e, "level", 0, 100, &b.level);
        for (size_t k = 0; k < cfg->n_brightness; k++)
            if (cfg->brightness[k].from == b.from && from)
                ERR(c, fromv, _("%s appears twice in the brightness schedule"), from);
        cfg->brightness[cfg->n_brightness++] = b;
    }
    qsort(cfg->brightness, cfg->n_brightness, sizeof(*cfg->brightness), cmp_brightness);
}

static void parse_display(struct ctx *c, struct config *cfg, const struct json_node *d)
{
    if (!json_is(d, JSON_OBJECT)) {
        ERR(c, d, _("must be an object"));
        return;
    }
    static const char *const known[] = {"size",       "viewport", "rotate",    "on",       "off",
                                        "brightness", "mono",     "safe_area", "renderer", NULL};
    unknown_keys(c, d, known, "\"display\"");

    const char *size = get_string(c, d, "size");
    if (size) {
        int w, h;
        if (!strp_parse_size(size, 16, 7680, &w, &h) || h > 4320)
            ERR(c, json_get(d, "size"), _("\"%s\" is not a size; write WxH, e.g. \"1920x1080\""),
                size);
        else {
            cfg->has_size = true;
            cfg->width = w;
            cfg->height = h;
        }
    }

    const struct json_node *vp = json_get(d, "viewport");
    if (vp) {
        int v[4] = {0};
        bool ok = json_is(vp, JSON_ARRAY) && json_count(vp) == 4;
        int i = 0;
        const struct json_node *e;
        for (e = ok ? json_first(vp) : NULL; e; e = json_next(e), i++) {
            int64_t x;
            if (json_int(e, &x) != JSON_INT_OK || x < 0 || x > 7680)
                ok = false;
            else
                v[i] = (int)x;
        }
        if (!ok)
            ERR(c, vp,
                _("must be [x, y, width, height] in whole pixels, e.g. "
                  "[0, 0, 384, 192]"));
        else if (v[2] < 8 || v[3] < 8)
            ERR(c, vp, _("%dx%d is too small; the board needs at least 8x8 pixels"), v[2], v[3]);
        else if (cfg->has_size && (v[0] + v[2] > cfg->width || v[1] + v[3] > cfg->height))
            ERR(c, vp,
                _("[%d, %d, %d, %d] goes outside the %dx%d picture; make it fit display.size"),
                v[0], v[1], v[2], v[3], cfg->width, cfg->height);
        else {
            cfg->has_viewport = true;
            cfg->vp_x = v[0];
            cfg->vp_y = v[1];
            cfg->vp_w = v[2];
            cfg->vp_h = v[3];
        }
    }

    const struct json_node *mono = json_get(d, "mono");
    if (mono && !json_is(mono, JSON_BOOL))
        ERR(c, mono, _("must be true (a one-colour LED board) or false"));
    cfg->mono = json_true(mono);

    int rot = 0;
    if (get_int(c, d, "rotate", 0, 270, &rot)) {
        if (rot % 90 != 0)
            ERR(c, json_get(d, "rotate"), _("%d is not a quarter turn; use 0, 90, 180 or 270"),
                rot);
        else
            cfg->rotate = rot;
    }

    /* TV panos crop the picture's edges (overscan): keep this much clear. */
    get_int(c, d, "safe_area", 0, CONFIG_MAX_SAFE_AREA, &cfg->safe_area);

    const char *ren = get_string(c, d, "renderer");
    if (ren && !display_renderer_parse(ren, &cfg->renderer))
        ERR(c, json_get(d, "renderer"),
            _("\"%s\" is not a renderer; use \"auto\", \"gpu\" or \"surface\""), ren);

    const struct json_node *onv = json_get(d, "on"), *offv = json_get(d, "off");
    const char *on = get_string(c, d, "on");
    const char *off = get_string(c, d, "off");
    bool on_ok = on && config_parse_hhmm(on, &cfg->on);
    bool off_ok = off && config_parse_hhmm(off, &cfg->off);
    if (on && !on_ok)
        ERR(c, onv, _("\"%s\" is not a time; write HH:MM, 00:00 to 23:59"), on);
    if (off && !off_ok)
        ERR(c, offv, _("\"%s\" is not a time; write HH:MM, 00:00 to 23:59"), off);
    if (!onv != !offv)
        ERR(c, onv ? onv : offv,
            _("needs both display.on and display.off (HH:MM); remove it to stay on all day"));
    if (on_ok && off_ok) {
        if (cfg->on == cfg->off)
            WARN(c, offv, _("equals display.on; the board stays on all day"));
        else
            cfg->has_schedule = true;
    }

    const struct json_node *br = json_get(d, "brightness");
    if (br)
        parse_brightness(c, cfg, br);
}

static void parse_audio(struct ctx *c, struct config *cfg, const struct json_node *a)
{
    if (!json_is(a, JSON_OBJECT)) {
        ERR(c, a, _("must be {\"output\": \"default\"} (or the name of a sound output)"));
        return;
    }
    static const char *const known[] = {"output", NULL};
    unknown_keys(c, a, known, "\"audio\"");
    const char *out = get_string(c, a, "output");
    if (!json_get(a, "output"))
        ERR(c, a, _("has no output; write \"output\": \"default\" for the system's sound"));
    else if (out && (!*out || strlen(out) > 255))
        ERR(c, json_get(a, "output"), _("must name a sound output, like \"default\""));
    else if (out)
        cfg->audio_output = strdup(out);
}

static void parse_root(struct ctx *c, struct config *cfg, const struct json_node *root)
{
    static const char *const known[] = {"playlist",    "feed",      "cache", "proof_log", "display",
                                        "status_file", "heartbeat", "audio", NULL};
    unknown_keys(c, root, known, _("the config"));

    cfg->playlist = get_path(c, root, "playlist");
    const struct json_node *feed = json_get(root, "feed");
    if (feed)
        parse_feed(c, cfg, feed);
    cfg->cache = get_path(c, root, "cache");
    if (cfg->has_feed && !json_get(root, "cache"))
        ERR(c, feed,
            _("needs a cache directory for the fetched playlist; add \"cache\", e.g. "
              "\"/var/lib/bangtin/cache\""));
    const struct json_node *pl = json_get(root, "proof_log");
    if (pl)
        parse_proof_log(c, cfg, pl);
    cfg->status_file = get_path(c, root, "status_file");
    const struct json_node *hb = json_get(root, "heartbeat");
    if (hb)
        parse_heartbeat(c, cfg, hb);
    const struct json_node *d = json_get(root, "display");
    if (d)
        parse_display(c, cfg, d);
    const struct json_node *a = json_get(root, "audio");
    if (a)
        parse_audio(c, cfg, a);
}

/* The parsed config and how many errors it has (config_load checks the
 * public key even then, so one run shows every mistake). */
static struct config *parse_counting(const char *data, size_t len, const char *file,
                                     const char *dir, struct diag_list *diags, size_t *errors)
{
    struct ctx c = {.dir = dir};
    struct config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return NULL;
    cfg->file = strdup(file ? file : "-");
    cfg->dir = strdup(dir ? dir : ".");
    cfg->proof_max_bytes = CONFIG_DEFAULT_PROOF_BYTES;
    cfg->proof_keep = CONFIG_DEFAULT_PROOF_KEEP;
    cfg->feed_interval = CONFIG_DEFAULT_FEED_INTERVAL;
    cfg->heartbeat_interval = CONFIG_DEFAULT_HEARTBEAT_INTERVAL;

    /* Syntax and encoding errors with their position; then every value at
     * its node. */
    struct json_opts jo = {
        .file = cfg->file, .diags = diags, .code = "config", .max_depth = 16, .what = "config"};
    c.doc = json_parse(data, len, &jo, NULL);
    if (!c.doc) {
        config_free(cfg);
        return NULL;
    }
    const struct json_node *root = json_root(c.doc);
    if (!json_is(root, JSON_OBJECT))
        ERR(&c, root, _("the config must be a JSON object { ... }"));
    else
        parse_root(&c, cfg, root);
    *errors = json_errors(c.doc);
    json_free(c.doc);
    return cfg;
}

const struct config *config_parse(const char *data, size_t len, const char *file, const char *dir,
                                  struct diag_list *diags)
{
    size_t errors = 0;
    struct config *cfg = parse_counting(data, len, file, dir, diags, &errors);
    if (cfg && errors) {
        config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* The key the board trusts must be a minisign public key; a secret key
 * here would be both useless and a leak. Says which, at feed.pubkey. */
bool config_check_files(const struct config *cfg, struct diag_list *diags)
{
    if (!cfg->feed_pubkey)
        return true;
    const char *path = cfg->feed_pubkey;
    char *data = NULL;
    size_t len = 0;
    bool ok = false;
    if (!fs_read_file(path, MINISIGN_MAX_FILE_BYTES, &data, &len)) {
        if (errno == ENOENT)
            diag_add(diags, DIAG_ERROR, cfg->file, cfg->pubkey_line, cfg->pubkey_col, "feed.pubkey",
                     "config",
                     _("the public key file %s does not exist: copy the office's minisign public "
                       "key (the .pub file) there"),
                     path);
        else
            diag_add(diags, DIAG_ERROR, cfg->file, cfg->pubkey_line, cfg->pubkey_col, "feed.pubkey",
                     "config", _("cannot read the public key file %s: %s"), path,
                     errno == EFBIG ? _("file too large") : strerror(errno));
        return false;
    }
    struct minisign_pubkey pk;
    char why[200];
    /* minisign writes "untrusted comment: minisign encrypted secret key";
     * the key line then decodes to 158 bytes starting "EdSc" (or "Ed\0\0"
     * unencrypted), whose base64 starts as below. */
    const char *nl = memchr(data, '\n', len);
    const char *key_line = nl ? nl + 1 : data;
    bool secret = (nl && memmem(data, (size_t)(nl - data), "secret key", 10)) ||
                  strncmp(key_line, "RWRTY0Iy", 8) == 0 || strncmp(key_line, "RWQAAEIy", 8) == 0;
    if (secret)
        diag_add(diags, DIAG_ERROR, cfg->file, cfg->pubkey_line, cfg->pubkey_col, "feed.pubkey",
                 "config",
                 _("%s is the office's minisign SECRET key, not the public key: point "
                   "feed.pubkey at the .pub file, and remove the secret key from the board "
                   "(whoever reads it can sign feeds)"),
                 path);
    else if (!minisign_parse_pubkey(data, len, &pk, why, sizeof(why)))
        diag_add(diags, DIAG_ERROR, cfg->file, cfg->pubkey_line, cfg->pubkey_col, "feed.pubkey",
                 "config",
                 _("%s is not a minisign public key (%s): copy the office's .pub file, two lines "
                   "starting \"untrusted comment:\""),
                 path, why);
    else
        ok = true;
    free(data);
    return ok;
}

const struct config *config_load(const char *file, struct diag_list *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (!fs_read_file(file, CONFIG_MAX_FILE_BYTES, &data, &len)) {
        diag_add(diags, DIAG_ERROR, file, 0, 0, NULL, "config", _("cannot read the config: %s"),
                 fs_strerror(errno));
        return NULL;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", file);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    size_t errors = 0;
    struct config *cfg = parse_counting(data, len, file, dir, diags, &errors);
    free(data);
    if (cfg && !config_check_files(cfg, diags))
        errors++;
    if (cfg && errors) {
        config_free(cfg);
        return NULL;
    }
    return cfg;
}

void config_free(const struct config *cfg)
{
    if (!cfg)
        return;
    struct config *c = (struct config *)cfg;
    free(c->file);
    free(c->dir);
    free(c->playlist);
    free(c->feed_url);
    free(c->feed_pubkey);
    free(c->cache);
    free(c->proof_log);
    free(c->status_file);
    free(c->audio_output);
    free(c->heartbeat_url);
    free(c->brightness);
    free(c);
}

int config_brightness_at(const struct config *cfg, int minute)
{
    if (!cfg || cfg->n_brightness == 0)
        return 100;
    minute = ((minute % 1440) + 1440) % 1440;
    /* Before the first entry of the day, the previous evening's last one holds. */
    int level = cfg->brightness[cfg->n_brightness - 1].level;
    for (size_t i = 0; i < cfg->n_brightness; i++)
        if (cfg->brightness[i].from <= minute)
            level = cfg->brightness[i].level;
    return level;
}

bool config_display_on_at(const struct config *cfg, int minute)
{
    if (!cfg || !cfg->has_schedule)
        return true;
    minute = ((minute % 1440) + 1440) % 1440;
    if (cfg->on < cfg->off)
        return minute >= cfg->on && minute < cfg->off;
    return minute >= cfg->on || minute < cfg->off;
}
