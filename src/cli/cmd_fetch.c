/* SPDX-License-Identifier: MIT */
/* bangtin fetch: one cycle of the signed feed into the offline cache. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cmd.h"
#include "feed/feed.h"
#include "util/i18n.h"

static void usage(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: bangtin fetch --feed URL --cache DIR [--pubkey FILE] [--timeout S] --once\n"
              "\n"
              "Fetches the feed once: verifies URL.minisig against the public key, refuses\n"
              "older sequences, downloads and checks every image, then installs\n"
              "DIR/playlist.json (renderable offline). On any failure the installed\n"
              "playlist and its assets stay exactly as they were.\n"
              "\n"
              "  --feed URL      http:// or https:// playlist URL (http:// needs --pubkey)\n"
              "  --cache DIR     cache directory (created if missing)\n"
              "  --pubkey FILE   minisign public key of the office (e.g. /etc/bangtin/feed.pub)\n"
              "  --timeout S     limit for the whole cycle, seconds (default 120)\n"
              "  --once          run one cycle and exit (required)\n"
              "\n"
              "Exit status: 0 installed or unchanged, 2 usage error, 3 refused or failed.\n"));
}

int cmd_fetch(int argc, char **argv)
{
    static const struct option opts[] = {
        {"feed", required_argument, NULL, 'f'},
        {"cache", required_argument, NULL, 'c'},
        {"pubkey", required_argument, NULL, 'p'},
        {"timeout", required_argument, NULL, 't'},
        {"once", no_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *url = NULL, *cache = NULL, *pubkey = NULL;
    double timeout = 120;
    bool once = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            url = optarg;
            break;
        case 'c':
            cache = optarg;
            break;
        case 'p':
            pubkey = optarg;
            break;
        case 't': {
            if (!args_seconds(optarg, &timeout) || timeout > 86400) {
                fprintf(stderr,
                        _("bangtin fetch: --timeout wants seconds between 1 and 86400, "
                          "got '%s'\n"),
                        optarg);
                return EXIT_USAGE;
            }
            break;
        }
        case 'o':
            once = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            fprintf(stderr,
                    _("bangtin fetch: unknown or incomplete option '%s'; see "
                      "'bangtin fetch --help'\n"),
                    argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, _("bangtin fetch: unexpected argument '%s'; see 'bangtin fetch --help'\n"),
                argv[optind]);
        return EXIT_USAGE;
    }
    if (!url || !cache || !once) {
        fprintf(stderr, "%s",
                _("bangtin fetch: --feed URL, --cache DIR and --once are required; see "
                  "'bangtin fetch --help'\n"));
        return EXIT_USAGE;
    }
    struct feed_config cfg = {
        .url = url, .cache_dir = cache, .pubkey_path = pubkey, .timeout_s = timeout};
    struct feed_outcome o;
    char reason[1024];
    switch (feed_fetch(&cfg, &o, reason, sizeof(reason))) {
    case FEED_INSTALLED:
        printf("installed sequence %lld in %s/playlist.json\n", (long long)o.sequence, cache);
        return EXIT_OK;
    case FEED_UNCHANGED:
        printf("unchanged, sequence %lld\n", (long long)o.sequence);
        return EXIT_OK;
    case FEED_FAILED:
    default:
        fprintf(stderr, "bangtin fetch: %s\n", reason[0] ? reason : "failed");
        return EXIT_RUNTIME;
    }
}
