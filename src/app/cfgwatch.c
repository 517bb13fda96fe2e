/* SPDX-License-Identifier: MIT */
#include "app/cfgwatch.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ops/config.h"
#include "util/diag.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/log.h"

#define SAVED_NAME "config.last-good"

struct cfgwatch {
    char path[PATH_MAX];  /* the config file */
    char saved[PATH_MAX]; /* its last good copy; "" without a state directory */
    struct stat st;       /* the file as last looked at */
    bool seen;            /* st is valid (the file existed) */
    enum cfgwatch_source source;
};

bool cfgwatch_state_dir(char *buf, size_t n)
{
    const char *sd = getenv("STATE_DIRECTORY");
    const char *x = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int k;
    if (sd && *sd) {
        size_t len = strcspn(sd, ":"); /* systemd lists several, colon-separated */
        k = snprintf(buf, n, "%.*s", (int)len, sd);
    } else if (x && *x == '/') {
        k = snprintf(buf, n, "%s/bangtin", x);
    } else if (home && *home == '/') {
        k = snprintf(buf, n, "%s/.local/state/bangtin", home);
    } else {
        return false;
    }
    return k > 0 && (size_t)k < n;
}

struct cfgwatch *cfgwatch_new(const char *path, const char *state_dir)
{
    struct cfgwatch *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    snprintf(w->path, sizeof(w->path), "%s", path);
    char dir[PATH_MAX];
    if (state_dir)
        snprintf(dir, sizeof(dir), "%s", state_dir);
    else if (!cfgwatch_state_dir(dir, sizeof(dir)))
        dir[0] = '\0';
    if (dir[0] &&
        snprintf(w->saved, sizeof(w->saved), "%s/%s", dir, SAVED_NAME) >= (int)sizeof(w->saved))
        w->saved[0] = '\0';
    w->source = CFGWATCH_DEFAULTS;
    return w;
}

void cfgwatch_free(struct cfgwatch *w)
{
    free(w);
}

enum cfgwatch_source cfgwatch_source(const struct cfgwatch *w)
{
    return w->source;
}

const char *cfgwatch_saved_path(const struct cfgwatch *w)
{
    return w->saved;
}

/* The directory relative paths of the config resolve in. */
static void dir_of(const char *file, char *dir, size_t n)
{
    snprintf(dir, n, "%s", file);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, n, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
}

/* Saves data as the last good copy unless the copy already holds it: a
 * board that starts every day does not wear its SD card. */
static void save(struct cfgwatch *w, const char *data, size_t len)
{
    if (!w->saved[0])
        return;
    size_t plen = strlen(w->path);
    size_t total = plen + 1 + len;
    char *buf = malloc(total);
    if (!buf)
        return;
    memcpy(buf, w->path, plen);
    buf[plen] = '\n';
    memcpy(buf + plen + 1, data, len);
    char *old = NULL;
    size_t olen = 0;
    bool same = fs_read_file(w->saved, CONFIG_MAX_FILE_BYTES + PATH_MAX, &old, &olen) &&
                olen == total && memcmp(old, buf, total) == 0;
    free(old);
    if (!same) {
        char dir[PATH_MAX];
        dir_of(w->saved, dir, sizeof(dir));
        if (!fs_mkdirs(dir) || !fs_write_atomic(w->saved, buf, total))
            log_warn(_("cannot save the last good config as %s: %s"), w->saved, strerror(errno));
    }
    free(buf);
}

/* The last good copy of this file, or NULL. */
static const struct config *load_saved(struct cfgwatch *w)
{
    char *data = NULL;
    size_t len = 0;
    const struct config *cfg = NULL;
    if (!w->saved[0] || !fs_read_file(w->saved, CONFIG_MAX_FILE_BYTES + PATH_MAX, &data, &len))
        return NULL;
    char *nl = memchr(data, '\n', len);
    if (!nl || (size_t)(nl - data) != strlen(w->path) || memcmp(data, w->path, (size_t)(nl - data)))
        goto out; /* another board's config, or a copy cut short */
    char dir[PATH_MAX];
    dir_of(w->path, dir, sizeof(dir));
    struct diag_list *diags = diag_list_new();
    size_t off = (size_t)(nl - data) + 1;
    cfg = config_parse(data + off, len - off, w->saved, dir, diags);
    if (!cfg)
        diag_print_all(diags, stderr);
    diag_list_free(diags);
out:
    free(data);
    return cfg;
}

/* Reads and parses the file: the config, or NULL with every problem
 * logged. */
static const struct config *load_file(struct cfgwatch *w)
{
    char *data = NULL;
    size_t len = 0;
    if (!fs_read_file(w->path, CONFIG_MAX_FILE_BYTES, &data, &len)) {
        log_error(_("%s: cannot read the config: %s"), w->path, fs_strerror(errno));
        return NULL;
    }
    char dir[PATH_MAX];
    dir_of(w->path, dir, sizeof(dir));
    struct diag_list *diags = diag_list_new();
    const struct config *cfg = config_parse(data, len, w->path, dir, diags);
    if (cfg && !config_check_files(cfg, diags)) {
        config_free(cfg); /* feed.pubkey missing, not a key, or the secret key */
        cfg = NULL;
    }
    diag_print_all(diags, stderr); /* warnings too */
    diag_list_free(diags);
    if (cfg)
        save(w, data, len);
    free(data);
    return cfg;
}

static bool changed(struct cfgwatch *w)
{
    struct stat st;
    if (stat(w->path, &st) != 0) {
        bool was = w->seen;
        w->seen = false;
        return was; /* removed: worth a look (and a log line) once */
    }
    bool ch = !w->seen || st.st_mtim.tv_sec != w->st.st_mtim.tv_sec ||
              st.st_mtim.tv_nsec != w->st.st_mtim.tv_nsec || st.st_size != w->st.st_size ||
              st.st_ino != w->st.st_ino;
    w->st = st;
    w->seen = true;
    return ch;
}

const struct config *cfgwatch_load(struct cfgwatch *w)
{
    changed(w);
    const struct config *cfg = load_file(w);
    if (cfg) {
        w->source = CFGWATCH_FILE;
        return cfg;
    }
    if ((cfg = load_saved(w))) {
        w->source = CFGWATCH_LAST_GOOD;
        log_error(_("%s has errors: the board runs with the last config that loaded (%s) until "
                    "the file is fixed"),
                  w->path, w->saved);
        return cfg;
    }
    w->source = CFGWATCH_DEFAULTS;
    log_error(_("%s has errors and no good copy of it was saved: the board runs with the "
                "defaults (whole screen, neutral slide) until the file is fixed"),
              w->path);
    return NULL;
}

bool cfgwatch_poll(struct cfgwatch *w, const struct config **cfg)
{
    if (!changed(w))
        return false;
    const struct config *c = load_file(w);
    if (!c) {
        log_error(_("%s still has errors: the board keeps its current config"), w->path);
        return false;
    }
    log_info(_("%s changed: the new config applies now"), w->path);
    w->source = CFGWATCH_FILE;
    *cfg = c;
    return true;
}
