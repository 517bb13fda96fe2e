/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the JSON front end and the config parser. No input may
 * crash, hang or leak; a refused config always says why; an accepted one
 * has values inside the documented ranges; a parsed document written back
 * with json_out reads back to the same text (numbers kept as written,
 * strings escaped). */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ops/config.h"
#include "util/diag.h"
#include "json/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *print(const struct json_doc *doc)
{
    struct json_out *o = json_out_new(1u << 24, false);
    json_out_node(o, NULL, json_root(doc));
    return json_out_finish(o, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag_list *d = diag_list_new();
    const struct config *cfg = config_parse((const char *)data, size, "fuzz.json", "/etc", d);
    if (cfg && diag_error_count(d))
        abort(); /* a config with an error is never returned */
    if (!cfg && !diag_error_count(d))
        abort(); /* a refusal always says why */
    if (cfg) {
        if (cfg->rotate != 0 && cfg->rotate != 90 && cfg->rotate != 180 && cfg->rotate != 270)
            abort();
        for (int m = 0; m < 1440; m += 7) {
            int b = config_brightness_at(cfg, m);
            if (b < 0 || b > 100)
                abort();
            (void)config_display_on_at(cfg, m);
        }
    }
    config_free(cfg);
    diag_list_free(d);

    struct json_opts o = {.max_depth = 16};
    struct json_doc *doc = json_parse((const char *)data, size, &o, NULL);
    if (doc) {
        char *a = print(doc);
        if (!a)
            abort();
        struct json_doc *again = json_parse(a, strlen(a), &o, NULL);
        if (!again)
            abort();
        char *b = print(again);
        if (!b || strcmp(a, b) != 0)
            abort();
        free(a);
        free(b);
        json_free(again);
        json_free(doc);
    }
    return 0;
}
