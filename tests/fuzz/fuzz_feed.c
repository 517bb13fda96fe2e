/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the feed's JSON as the fetcher reads it. The sequence
 * (exact, through the json front end) must agree with the double cJSON
 * would give wherever a double is exact, and a refusal always says why;
 * the asset walk keeps its caps and hands out only lower-case hashes; the
 * rewrite a generation gets (json_set_string, json_out_node) gives JSON
 * that parses again to the same sequence; the playlist parser in feed mode
 * must not crash. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/cycle.h"
#include "feed/sequence.h"
#include "feed/stage.h"
#include "playlist/playlist.h"
#include "util/diag.h"
#include "json/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char why[400] = "";
    struct json_doc *doc = json_parse(text, size, NULL, NULL);
    if (doc) {
        const struct json_node *root = json_root(doc);
        int64_t seq = 0;
        bool ok = sequence_read(root, &seq, why, sizeof(why));
        if (ok && seq < 1)
            abort();
        if (!ok && !why[0])
            abort();
        const struct json_node *s = json_get(root, "sequence");
        double d = json_number(s);
        if (ok && d < 9007199254740992.0 && (double)seq != d)
            abort();

        struct feed_config cfg = {.url = "https://example.org/feed.json"};
        struct cycle c = {.cfg = &cfg, .reason = why, .reason_n = sizeof(why)};
        struct stage_asset *assets = calloc(FEED_MAX_ASSETS, sizeof(*assets));
        size_t n = 0;
        if (assets && stage_collect(&c, root, assets, &n)) {
            if (n > FEED_MAX_ASSETS)
                abort();
            for (size_t i = 0; i < n; i++) {
                if (strlen(assets[i].sha) != 64 || strspn(assets[i].sha, "0123456789abcdef") != 64)
                    abort();
                snprintf(assets[i].name, sizeof(assets[i].name), "%s.png", assets[i].sha);
            }
            /* The rewrite of a generation, and the sequence survives it. */
            const struct json_node *item;
            json_foreach(item, json_get(root, "items"))
            {
                const char *type = json_string(json_get(item, "type"));
                if (type && strcmp(type, "image") == 0)
                    json_set_string(doc, item, "src", "gen/1-0000000000000000/x.png");
            }
            struct json_out *o = json_out_new(PLAYLIST_MAX_FILE_BYTES, true);
            json_out_node(o, NULL, root);
            size_t len;
            char *out = json_out_finish(o, &len);
            int64_t again = 0;
            if (out && ok && (!sequence_from_text(out, len, &again) || again != seq))
                abort();
            free(out);
        }
        free(assets);
        json_free(doc);
    }

    struct diag_list *dl = diag_list_new();
    struct playlist_opts opts = {.feed = true};
    struct playlist *pl =
        playlist_parse_ex(text, size, "feed.json", "/var/cache/bangtin", &opts, dl);
    playlist_free(pl);
    diag_list_free(dl);
    return 0;
}
