/* libFuzzer target: the feed's JSON. The exact sequence reader must agree
 * with cJSON on every text cJSON accepts (where a double is still exact),
 * and never claim a sequence it did not read; the asset walk must keep its
 * caps; the playlist parser in feed mode must not crash; the state file
 * reader (the same exact integers) must not crash either. */

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/cycle.h"
#include "feed/sequence.h"
#include "feed/stage.h"
#include "playlist/playlist.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char why[400] = "";
    int64_t seq = 0;
    bool ok = sequence_from_json(text, size, &seq, why, sizeof(why));
    if (ok && seq < 1)
        abort();
    if (!ok && !why[0])
        abort(); /* a refusal always says why */

    cJSON *root = cJSON_ParseWithLength(text, size);
    if (cJSON_IsObject(root)) {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "sequence");
        /* Both readers take the first "sequence" member. */
        if (ok && cJSON_IsNumber(s) && s->valuedouble < 9007199254740992.0 &&
            (double)seq != s->valuedouble)
            abort();
        if (ok && !cJSON_IsNumber(s))
            abort();
        if (!ok && cJSON_IsNumber(s) && s->valuedouble >= 1 && s->valuedouble < 1e15 &&
            s->valuedouble == (double)(int64_t)s->valuedouble && !strpbrk(text, ".eE"))
            abort(); /* a plain positive integer cJSON sees must be read */

        struct feed_config cfg = {.url = "https://example.org/feed.json"};
        struct cycle c = {.cfg = &cfg, .reason = why, .reason_n = sizeof(why)};
        struct stage_asset *assets = calloc(FEED_MAX_ASSETS, sizeof(*assets));
        size_t n = 0;
        if (assets && stage_collect(&c, root, assets, &n)) {
            if (n > FEED_MAX_ASSETS)
                abort();
            for (size_t i = 0; i < n; i++)
                if (strlen(assets[i].sha) != 64 || strspn(assets[i].sha, "0123456789abcdef") != 64)
                    abort();
        }
        free(assets);
    }
    cJSON_Delete(root);

    struct diag_list *d = diag_list_new();
    struct playlist_opts opts = {.feed = true};
    struct playlist *pl =
        playlist_parse_ex(text, size, "feed.json", "/var/cache/bangtin", &opts, d);
    playlist_free(pl);
    diag_list_free(d);
    return 0;
}
