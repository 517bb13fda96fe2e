#include "feed/cache.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "playlist/playlist.h"
#include "util/fsutil.h"

bool cache_path(char *buf, size_t n, const char *dir, const char *name)
{
    int w = snprintf(buf, n, "%s/%s", dir, name);
    return w > 0 && (size_t)w < n;
}

static void copy_str(char *dst, size_t cap, const cJSON *v)
{
    dst[0] = '\0';
    if (cJSON_IsString(v) && strlen(v->valuestring) < cap)
        strcpy(dst, v->valuestring);
}

static int64_t get_int(const cJSON *v)
{
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9007199254740992.0)
        return 0;
    return (int64_t)v->valuedouble;
}

void cache_state_load(const char *dir, struct cache_state *st)
{
    memset(st, 0, sizeof(*st));
    char path[4096], *data = NULL;
    size_t len;
    if (!cache_path(path, sizeof(path), dir, "state.json") ||
        !fs_read_file(path, CACHE_STATE_MAX_BYTES, &data, &len))
        return;
    cJSON *root = cJSON_ParseWithLength(data, len);
    free(data);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return;
    }
    copy_str(st->url, sizeof(st->url), cJSON_GetObjectItemCaseSensitive(root, "url"));
    copy_str(st->etag, sizeof(st->etag), cJSON_GetObjectItemCaseSensitive(root, "etag"));
    copy_str(st->last_modified, sizeof(st->last_modified),
             cJSON_GetObjectItemCaseSensitive(root, "last_modified"));
    copy_str(st->feed_sha256, sizeof(st->feed_sha256),
             cJSON_GetObjectItemCaseSensitive(root, "feed_sha256"));
    st->sequence = get_int(cJSON_GetObjectItemCaseSensitive(root, "sequence"));
    st->next_attempt = get_int(cJSON_GetObjectItemCaseSensitive(root, "next_attempt"));
    st->last_success = get_int(cJSON_GetObjectItemCaseSensitive(root, "last_success"));
    int64_t f = get_int(cJSON_GetObjectItemCaseSensitive(root, "failures"));
    st->failures = f > 1000 ? 1000 : (int)f;
    cJSON_Delete(root);
}

bool cache_state_save(const char *dir, const struct cache_state *st)
{
    bool ok = false;
    char path[4096];
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root || !cache_path(path, sizeof(path), dir, "state.json"))
        goto out;
    if (!cJSON_AddStringToObject(root, "url", st->url) ||
        !cJSON_AddStringToObject(root, "etag", st->etag) ||
        !cJSON_AddStringToObject(root, "last_modified", st->last_modified) ||
        !cJSON_AddNumberToObject(root, "sequence", (double)st->sequence) ||
        !cJSON_AddStringToObject(root, "feed_sha256", st->feed_sha256) ||
        !cJSON_AddNumberToObject(root, "next_attempt", (double)st->next_attempt) ||
        !cJSON_AddNumberToObject(root, "failures", st->failures) ||
        !cJSON_AddNumberToObject(root, "last_success", (double)st->last_success))
        goto out;
    text = cJSON_Print(root);
    if (!text)
        goto out;
    size_t len = strlen(text);
    text[len] = '\0';
    ok = fs_write_atomic(path, text, len);
out:
    free(text);
    cJSON_Delete(root);
    return ok;
}

int64_t cache_installed_sequence(const char *dir)
{
    char path[4096], *data = NULL;
    size_t len;
    if (!cache_path(path, sizeof(path), dir, "playlist.json") ||
        !fs_read_file(path, PLAYLIST_MAX_FILE_BYTES, &data, &len))
        return 0;
    cJSON *root = cJSON_ParseWithLength(data, len);
    free(data);
    int64_t seq = get_int(cJSON_GetObjectItemCaseSensitive(root, "sequence"));
    cJSON_Delete(root);
    return seq;
}

bool cache_is_asset_name(const char *name)
{
    size_t n = strlen(name);
    if (n != 64 + 4 || (strcmp(name + 64, ".png") != 0 && strcmp(name + 64, ".jpg") != 0))
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return false;
    return true;
}

void cache_gc_assets(const char *dir, const char *const *keep, size_t n)
{
    char adir[4096], path[4096 + 256];
    if (!cache_path(adir, sizeof(adir), dir, "assets"))
        return;
    DIR *d = opendir(adir);
    if (!d)
        return;
    bool removed = false;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        bool kept = false;
        for (size_t i = 0; i < n && !kept; i++)
            kept = strcmp(keep[i], e->d_name) == 0;
        if (kept)
            continue;
        snprintf(path, sizeof(path), "%s/%s", adir, e->d_name);
        if (unlink(path) == 0)
            removed = true;
    }
    closedir(d);
    if (removed) {
        snprintf(path, sizeof(path), "%s/x", adir);
        fs_sync_dir_of(path);
    }
}

static void remove_files_in(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char path[4096 + 256];
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

void cache_clear_tmp(const char *dir)
{
    char tmp[4096], tassets[4096];
    if (!cache_path(tmp, sizeof(tmp), dir, "tmp") ||
        !cache_path(tassets, sizeof(tassets), dir, "tmp/assets"))
        return;
    remove_files_in(tassets);
    rmdir(tassets);
    remove_files_in(tmp);
    rmdir(tmp);
}
