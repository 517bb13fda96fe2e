/* libFuzzer target: the config parser and validator. No input may crash,
 * hang or leak; a refused config always says why; an accepted one has
 * values inside the documented ranges. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ops/config.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag_list *d = diag_list_new();
    const struct config *cfg =
        config_parse((const char *)data, size, "config.json", "/etc/bangtin", d);
    if (cfg) {
        if (diag_error_count(d))
            abort();
        if (cfg->rotate != 0 && cfg->rotate != 90 && cfg->rotate != 180 && cfg->rotate != 270)
            abort();
        for (int m = 0; m < 1440; m += 7) {
            int b = config_brightness_at(cfg, m);
            if (b < 0 || b > 100)
                abort();
            (void)config_display_on_at(cfg, m);
        }
        config_free(cfg);
    } else if (!diag_error_count(d)) {
        abort();
    }
    diag_list_free(d);
    return 0;
}
