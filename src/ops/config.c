#include "ops/config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "util/i18n.h"
#include "json/jsonpos.h"

/* ---- Parsing ------------------------------------------------------------ */

struct ctx {
    const struct jsonpos *jp; /* positions of every value, for diagnostics */
    const char *file;
    const char *dir;
    struct diag_list *diags;
    int errors;
};

static void report(struct ctx *c, enum diag_severity sev, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(struct ctx *c, enum diag_severity sev, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        c->errors++;
    int line = 0, col = 0;
    if (!path || !jsonpos_value(c->jp, path, &line, &col))
        jsonpos_value(c->jp, "", &line, &col);
    diag_add(c->diags, sev, c->file, line, col, path, "config", "%s", msg);
}

#define ERR(c, path, ...)  report(c, DIAG_ERROR, path, __VA_ARGS__)
#define WARN(c, path, ...) report(c, DIAG_WARNING, path, __VA_ARGS__)

bool config_parse_hhmm(const char *s, int *minutes)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return false;
    *minutes = h * 60 + m;
    return true;
}

/* Relative paths resolve in the config's directory; the result is owned. */
static char *resolve(struct ctx *c, const char *path, const char *value)
{
    if (!*value) {
        ERR(c, path, _("is empty; give a file path"));
        return NULL;
    }
    char buf[PATH_MAX];
    int n = value[0] == '/' || !c->dir || !*c->dir
                ? snprintf(buf, sizeof(buf), "%s", value)
                : snprintf(buf, sizeof(buf), "%s/%s", c->dir, value);
    if (n < 0 || n >= (int)sizeof(buf)) {
        ERR(c, path, _("path is too long"));
        return NULL;
    }
    return strdup(buf);
}

static const cJSON *get_string(struct ctx *c, const cJSON *obj, const char *key, const char *path)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v)) {
        ERR(c, path, _("must be a string"));
        return NULL;
    }
    return v;
}

static char *get_path(struct ctx *c, const cJSON *obj, const char *key, const char *path)
{
    const cJSON *v = get_string(c, obj, key, path);
    return v ? resolve(c, path, v->valuestring) : NULL;
}

static bool get_int(struct ctx *c, const cJSON *obj, const char *key, const char *path, int lo,
                    int hi, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return false;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
        v->valuedouble != floor(v->valuedouble)) {
        ERR(c, path, _("must be a whole number"));
        return false;
    }
    if (v->valuedouble < lo || v->valuedouble > hi) {
        ERR(c, path, _("%g is out of range; use %d to %d"), v->valuedouble, lo, hi);
        return false;
    }
    *out = (int)v->valuedouble;
    return true;
}

static void unknown_keys(struct ctx *c, const cJSON *obj, const char *prefix,
                         const char *const *known)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        bool ok = false;
        for (size_t i = 0; known[i]; i++)
            ok = ok || strcmp(it->string, known[i]) == 0;
        if (!ok) {
            char path[160];
            snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", it->string);
            WARN(c, path, _("unknown field, ignored (check the spelling)"));
        }
    }
}

static bool is_http_url(const char *s, bool *plain)
{
    *plain = strncmp(s, "http://", 7) == 0;
    return (*plain || strncmp(s, "https://", 8) == 0) && strlen(s) < 2048 && !strpbrk(s, " \t\r\n");
}

static void parse_feed(struct ctx *c, struct config *cfg, const cJSON *feed)
{
    if (!cJSON_IsObject(feed)) {
        ERR(c, "feed", _("must be an object: {\"url\": ..., \"pubkey\": ..., \"interval\": ...}"));
        return;
    }
    static const char *const known[] = {"url", "pubkey", "interval", NULL};
    unknown_keys(c, feed, "feed", known);
    cfg->has_feed = true;
    const cJSON *url = get_string(c, feed, "url", "feed.url");
    bool plain = false;
    if (!url) {
        if (!cJSON_GetObjectItemCaseSensitive(feed, "url"))
            ERR(c, "feed", _("has no url; give the feed's http:// or https:// address"));
    } else if (!is_http_url(url->valuestring, &plain)) {
        ERR(c, "feed.url", _("must be an http:// or https:// address"));
    } else {
        cfg->feed_url = strdup(url->valuestring);
    }
    cfg->feed_pubkey = get_path(c, feed, "pubkey", "feed.pubkey");
    if (!cJSON_GetObjectItemCaseSensitive(feed, "pubkey")) {
        if (plain)
            ERR(c, "feed.url",
                _("a plain http:// feed must be signed; add feed.pubkey (the "
                  "minisign public key file)"));
        else if (url)
            WARN(c, "feed.url",
                 _("the feed is not signed; add feed.pubkey so the board shows "
                   "only what the office signed"));
    }
    cfg->feed_interval = CONFIG_DEFAULT_FEED_INTERVAL;
    get_int(c, feed, "interval", "feed.interval", CONFIG_MIN_FEED_INTERVAL, CONFIG_MAX_INTERVAL,
            &cfg->feed_interval);
}

static void parse_heartbeat(struct ctx *c, struct config *cfg, const cJSON *hb)
{
    if (!cJSON_IsObject(hb)) {
        ERR(c, "heartbeat", _("must be an object: {\"url\": ..., \"interval\": ...}"));
        return;
    }
    static const char *const known[] = {"url", "interval", NULL};
    unknown_keys(c, hb, "heartbeat", known);
    const cJSON *url = get_string(c, hb, "url", "heartbeat.url");
    bool plain;
    if (!url) {
        if (!cJSON_GetObjectItemCaseSensitive(hb, "url"))
            ERR(c, "heartbeat", _("has no url; give the monitoring server's address"));
    } else if (!is_http_url(url->valuestring, &plain)) {
        ERR(c, "heartbeat.url", _("must be an http:// or https:// address"));
    } else {
        cfg->has_heartbeat = true;
        cfg->heartbeat_url = strdup(url->valuestring);
    }
    cfg->heartbeat_interval = CONFIG_DEFAULT_HEARTBEAT_INTERVAL;
    get_int(c, hb, "interval", "heartbeat.interval", CONFIG_MIN_HEARTBEAT_INTERVAL,
            CONFIG_MAX_INTERVAL, &cfg->heartbeat_interval);
}

static void parse_proof_log(struct ctx *c, struct config *cfg, const cJSON *pl)
{
    cfg->proof_max_bytes = CONFIG_DEFAULT_PROOF_BYTES;
    cfg->proof_keep = CONFIG_DEFAULT_PROOF_KEEP;
    if (cJSON_IsString(pl)) {
        cfg->proof_log = resolve(c, "proof_log", pl->valuestring);
        return;
    }
    if (!cJSON_IsObject(pl)) {
        ERR(c, "proof_log",
            _("must be a file path, or {\"path\": ..., \"max_kb\": ..., "
              "\"keep\": ...}"));
        return;
    }
    static const char *const known[] = {"path", "max_kb", "keep", NULL};
    unknown_keys(c, pl, "proof_log", known);
    cfg->proof_log = get_path(c, pl, "path", "proof_log.path");
    if (!cJSON_GetObjectItemCaseSensitive(pl, "path"))
        ERR(c, "proof_log", _("has no path; give the log file's path"));
    int kb;
    if (get_int(c, pl, "max_kb", "proof_log.max_kb", 16, 1024 * 1024, &kb))
        cfg->proof_max_bytes = (size_t)kb * 1024u;
    get_int(c, pl, "keep", "proof_log.keep", 1, 999, &cfg->proof_keep);
}

static int cmp_brightness(const void *a, const void *b)
{
    return ((const struct config_brightness *)a)->from -
           ((const struct config_brightness *)b)->from;
}

static void parse_brightness(struct ctx *c, struct config *cfg, const cJSON *br)
{
    /* A bare number: one level all day. */
    if (cJSON_IsNumber(br)) {
        double v = br->valuedouble;
        if (!isfinite(v) || v != floor(v) || v < 0 || v > 100) {
            ERR(c, "display.brightness",
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
    if (!cJSON_IsArray(br)) {
        ERR(c, "display.brightness",
            _("must be a list of {\"from\": \"HH:MM\", \"level\": 0..100}"));
        return;
    }
    int n = cJSON_GetArraySize(br);
    if (n > CONFIG_MAX_BRIGHTNESS) {
        ERR(c, "display.brightness", _("has %d entries; at most %d"), n, CONFIG_MAX_BRIGHTNESS);
        return;
    }
    if (n == 0)
        return;
    cfg->brightness = calloc((size_t)n, sizeof(*cfg->brightness));
    if (!cfg->brightness)
        return;
    int i = 0;
    for (const cJSON *e = br->child; e; e = e->next, i++) {
        char path[96], fpath[112], lpath[112];
        snprintf(path, sizeof(path), "display.brightness[%d]", i);
        snprintf(fpath, sizeof(fpath), "%s.from", path);
        snprintf(lpath, sizeof(lpath), "%s.level", path);
        if (!cJSON_IsObject(e)) {
            ERR(c, path, _("must be {\"from\": \"HH:MM\", \"level\": 0..100}"));
            continue;
        }
        static const char *const known[] = {"from", "level", NULL};
        unknown_keys(c, e, path, known);
        struct config_brightness b = {0, 100};
        const cJSON *from = get_string(c, e, "from", fpath);
        if (!cJSON_GetObjectItemCaseSensitive(e, "from"))
            ERR(c, path, _("has no \"from\" time (HH:MM)"));
        else if (from && !config_parse_hhmm(from->valuestring, &b.from))
            ERR(c, fpath, _("\"%s\" is not a time; write HH:MM, 00:00 to 23:59"),
                from->valuestring);
        if (!cJSON_GetObjectItemCaseSensitive(e, "level"))
            ERR(c, path, _("has no \"level\" (percent, 0 to 100)"));
        else
            get_int(c, e, "level", lpath, 0, 100, &b.level);
        for (size_t k = 0; k < cfg->n_brightness; k++)
            if (cfg->brightness[k].from == b.from && from)
                ERR(c, fpath, _("%s appears twice in the brightness schedule"), from->valuestring);
        cfg->brightness[cfg->n_brightness++] = b;
    }
    qsort(cfg->brightness, cfg->n_brightness, sizeof(*cfg->brightness), cmp_brightness);
}

static void parse_display(struct ctx *c, struct config *cfg, const cJSON *d)
{
    if (!cJSON_IsObject(d)) {
        ERR(c, "display", _("must be an object"));
        return;
    }
    static const char *const known[] = {"size",       "viewport", "rotate",   "on", "off",
                                        "brightness", "mono",     "renderer", NULL};
    unknown_keys(c, d, "display", known);

    const cJSON *size = get_string(c, d, "size", "display.size");
    if (size) {
        int w, h, used = 0;
        if (sscanf(size->valuestring, "%dx%d%n", &w, &h, &used) != 2 ||
            size->valuestring[used] != '\0' || w < 16 || h < 16 || w > 7680 || h > 4320)
            ERR(c, "display.size", _("\"%s\" is not a size; write WxH, e.g. \"1920x1080\""),
                size->valuestring);
        else {
            cfg->has_size = true;
            cfg->width = w;
            cfg->height = h;
        }
    }

    const cJSON *vp = cJSON_GetObjectItemCaseSensitive(d, "viewport");
    if (vp) {
        int v[4] = {0};
        bool ok = cJSON_IsArray(vp) && cJSON_GetArraySize(vp) == 4;
        int i = 0;
        for (const cJSON *e = ok ? vp->child : NULL; e; e = e->next, i++)
            if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble) ||
                e->valuedouble < 0 || e->valuedouble > 7680)
                ok = false;
            else
                v[i] = (int)e->valuedouble;
        if (!ok)
            ERR(c, "display.viewport",
                _("must be [x, y, width, height] in whole pixels, e.g. "
                  "[0, 0, 384, 192]"));
        else if (v[2] < 8 || v[3] < 8)
            ERR(c, "display.viewport", _("%dx%d is too small; the board needs at least 8x8 pixels"),
                v[2], v[3]);
        else if (cfg->has_size && (v[0] + v[2] > cfg->width || v[1] + v[3] > cfg->height))
            ERR(c, "display.viewport",
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

    const cJSON *mono = cJSON_GetObjectItemCaseSensitive(d, "mono");
    if (mono && !cJSON_IsBool(mono))
        ERR(c, "display.mono", _("must be true (a one-colour LED board) or false"));
    cfg->mono = cJSON_IsTrue(mono);

    const cJSON *ren = get_string(c, d, "renderer", "display.renderer");
    if (ren && !display_renderer_parse(ren->valuestring, &cfg->renderer))
        ERR(c, "display.renderer",
            _("\"%s\" is not a renderer; use \"auto\", \"gpu\" or \"surface\""), ren->valuestring);

    int rot = 0;
    if (get_int(c, d, "rotate", "display.rotate", 0, 270, &rot)) {
        if (rot % 90 != 0)
            ERR(c, "display.rotate", _("%d is not a quarter turn; use 0, 90, 180 or 270"), rot);
        else
            cfg->rotate = rot;
    }

    const cJSON *on = get_string(c, d, "on", "display.on");
    const cJSON *off = get_string(c, d, "off", "display.off");
    bool on_ok = on && config_parse_hhmm(on->valuestring, &cfg->on);
    bool off_ok = off && config_parse_hhmm(off->valuestring, &cfg->off);
    if (on && !on_ok)
        ERR(c, "display.on", _("\"%s\" is not a time; write HH:MM, 00:00 to 23:59"),
            on->valuestring);
    if (off && !off_ok)
        ERR(c, "display.off", _("\"%s\" is not a time; write HH:MM, 00:00 to 23:59"),
            off->valuestring);
    bool has_on = cJSON_HasObjectItem(d, "on"), has_off = cJSON_HasObjectItem(d, "off");
    if (has_on != has_off)
        ERR(c, has_on ? "display.on" : "display.off",
            _("needs both display.on and display.off (HH:MM); remove it to stay on all day"));
    if (on_ok && off_ok) {
        if (cfg->on == cfg->off)
            WARN(c, "display.off", _("equals display.on; the board stays on all day"));
        else
            cfg->has_schedule = true;
    }

    const cJSON *br = cJSON_GetObjectItemCaseSensitive(d, "brightness");
    if (br)
        parse_brightness(c, cfg, br);
}

static void parse_root(struct ctx *c, struct config *cfg, const cJSON *root)
{
    static const char *const known[] = {"playlist", "feed",        "cache",     "proof_log",
                                        "display",  "status_file", "heartbeat", NULL};
    unknown_keys(c, root, "", known);

    cfg->playlist = get_path(c, root, "playlist", "playlist");
    const cJSON *feed = cJSON_GetObjectItemCaseSensitive(root, "feed");
    if (feed)
        parse_feed(c, cfg, feed);
    cfg->cache = get_path(c, root, "cache", "cache");
    if (cfg->has_feed && !cJSON_GetObjectItemCaseSensitive(root, "cache"))
        ERR(c, "feed",
            _("needs a cache directory for the fetched playlist; add \"cache\", e.g. "
              "\"/var/lib/bangtin/cache\""));
    const cJSON *pl = cJSON_GetObjectItemCaseSensitive(root, "proof_log");
    if (pl)
        parse_proof_log(c, cfg, pl);
    cfg->status_file = get_path(c, root, "status_file", "status_file");
    const cJSON *hb = cJSON_GetObjectItemCaseSensitive(root, "heartbeat");
    if (hb)
        parse_heartbeat(c, cfg, hb);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "display");
    if (d)
        parse_display(c, cfg, d);
}

const struct config *config_parse(const char *data, size_t len, const char *file, const char *dir,
                                  struct diag_list *diags)
{
    struct ctx c = {.file = file, .dir = dir, .diags = diags};
    struct config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return NULL;
    cfg->file = strdup(file ? file : "-");
    cfg->dir = strdup(dir ? dir : ".");
    cfg->proof_max_bytes = CONFIG_DEFAULT_PROOF_BYTES;
    cfg->proof_keep = CONFIG_DEFAULT_PROOF_KEEP;
    cfg->feed_interval = CONFIG_DEFAULT_FEED_INTERVAL;
    cfg->heartbeat_interval = CONFIG_DEFAULT_HEARTBEAT_INTERVAL;

    /* The shared strict scanner first: syntax and encoding errors with their
     * position, and where every value starts. */
    struct jsonpos_error jerr;
    struct jsonpos *jp = jsonpos_scan(data, len, 16, &jerr);
    if (!jp) {
        diag_add(diags, DIAG_ERROR, cfg->file, jerr.line, jerr.col, NULL, jerr.code, "%s",
                 jerr.message);
        config_free(cfg);
        return NULL;
    }
    c.jp = jp;
    cJSON *root = cJSON_ParseWithLength(data, len);
    if (!root) { /* the scanner accepted it: only out of memory gets here */
        diag_add(diags, DIAG_ERROR, cfg->file, 1, 1, NULL, "json", "%s",
                 _("cannot parse the config"));
        jsonpos_free(jp);
        config_free(cfg);
        return NULL;
    }
    if (!cJSON_IsObject(root))
        ERR(&c, NULL, _("the config must be a JSON object { ... }"));
    else
        parse_root(&c, cfg, root);
    cJSON_Delete(root);
    jsonpos_free(jp);
    if (c.errors) {
        config_free(cfg);
        return NULL;
    }
    return cfg;
}

const struct config *config_load(const char *file, struct diag_list *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (!fs_read_file(file, CONFIG_MAX_FILE_BYTES, &data, &len)) {
        diag_add(diags, DIAG_ERROR, file, 0, 0, NULL, "config", _("cannot read the config: %s"),
                 errno == EFBIG ? _("file too large") : strerror(errno));
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
    const struct config *cfg = config_parse(data, len, file, dir, diags);
    free(data);
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
