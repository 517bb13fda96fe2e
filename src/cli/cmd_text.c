/* SPDX-License-Identifier: MIT */
/* bangtin text convert|detect: legacy Vietnamese text (TCVN3, VNI, VIQR,
 * Windows-1258, raw or pasted through Windows-1252) to UTF-8 NFC. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "util/dynbuf.h"
#include "util/i18n.h"
#include "vn/legacy.h"

static void usage(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: bangtin text convert [--from auto|tcvn3|vni|viqr|cp1258] < IN > OUT\n"
              "       bangtin text detect < IN\n\n"
              "convert  turns Vietnamese text from an old Word file (fonts .VnTime/ABC =\n"
              "         tcvn3, VNI-Times = vni, VIQR typing, Windows-1258) into Unicode\n"
              "         (UTF-8, NFC). The input may be the file's bytes, or text already\n"
              "         pasted and showing strange characters such as \"§Èy m¹nh\" or\n"
              "         \"Ñaåy maïnh\". --from auto (the default) guesses the encoding.\n"
              "detect   prints the encoding's name: utf-8, tcvn3, vni, viqr or cp1258.\n\n"
              "Example: bangtin text convert < khauhieu.txt > khauhieu-unicode.txt\n"));
}

/* Reads all of stdin, capped; *buf is malloc'd and owned by the caller. */
static int read_stdin(char **buf, size_t *len)
{
    struct dynbuf b;
    dynbuf_init(&b, LEGACY_MAX_BYTES);
    for (;;) {
        /* One byte past the cap is how an oversize input shows. */
        size_t room = LEGACY_MAX_BYTES - dynbuf_len(&b);
        size_t want = room < 65536 ? room : 65536;
        char *p = want ? dynbuf_reserve(&b, want) : NULL;
        if (!p) {
            bool big = !want || errno == EFBIG;
            char probe;
            if (big && fread(&probe, 1, 1, stdin) == 0 && !ferror(stdin))
                break; /* exactly at the cap, and nothing more */
            dynbuf_free(&b);
            if (!big) {
                fprintf(stderr, "bangtin: text: out of memory\n");
                return EXIT_RUNTIME;
            }
            fprintf(stderr, "bangtin: text: input is larger than %u MiB; split it\n",
                    LEGACY_MAX_BYTES >> 20);
            return EXIT_CONTENT;
        }
        size_t r = fread(p, 1, want, stdin);
        dynbuf_grew(&b, r);
        if (r < want)
            break;
    }
    if (ferror(stdin)) {
        dynbuf_free(&b);
        fprintf(stderr, "bangtin: text: cannot read standard input\n");
        return EXIT_RUNTIME;
    }
    *buf = dynbuf_take(&b, len);
    if (!*buf) {
        fprintf(stderr, "bangtin: text: out of memory\n");
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static int convert(const char *from)
{
    bool autodetect = strcmp(from, "auto") == 0;
    enum legacy_enc enc = LEGACY_UTF8;
    if (!autodetect && !legacy_from_name(from, &enc)) {
        fprintf(stderr,
                _("bangtin: text convert: unknown encoding '%s'; use auto, tcvn3, vni, viqr or "
                  "cp1258\n"),
                from);
        return EXIT_USAGE;
    }
    char *in, *out = NULL;
    size_t len, n = 0;
    int rc = read_stdin(&in, &len);
    if (rc != EXIT_OK)
        return rc;
    bool ok;
    if (autodetect) {
        struct legacy_guess g;
        legacy_detect_ex(in, len, &g);
        ok = g.cp1252_layer ? legacy_decode(g.enc, in, len, &out, &n)
                            : legacy_decode_raw(g.enc, in, len, &out, &n);
    } else {
        ok = legacy_decode(enc, in, len, &out, &n);
    }
    free(in);
    if (!ok) {
        fprintf(stderr, "bangtin: text convert: out of memory\n");
        return EXIT_RUNTIME;
    }
    rc = EXIT_OK;
    if (fwrite(out, 1, n, stdout) != n || fflush(stdout) != 0) {
        fprintf(stderr, "bangtin: text convert: cannot write standard output\n");
        rc = EXIT_RUNTIME;
    }
    free(out);
    return rc;
}

static int detect(void)
{
    char *in;
    size_t len;
    int rc = read_stdin(&in, &len);
    if (rc != EXIT_OK)
        return rc;
    enum legacy_enc enc = legacy_detect(in, len);
    free(in);
    printf("%s\n", legacy_name(enc));
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_RUNTIME;
}

int cmd_text(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    const char *from = "auto";
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(sub, "convert") == 0 && strcmp(argv[i], "--from") == 0 && i + 1 < argc) {
            from = argv[++i];
        } else if (strcmp(sub, "convert") == 0 && strncmp(argv[i], "--from=", 7) == 0) {
            from = argv[i] + 7;
        } else {
            fprintf(stderr,
                    _("bangtin: text %s: unexpected argument '%s'; 'bangtin text --help' shows "
                      "usage\n"),
                    sub, argv[i]);
            return EXIT_USAGE;
        }
    }
    if (strcmp(sub, "convert") == 0)
        return convert(from);
    if (strcmp(sub, "detect") == 0)
        return detect();
    fprintf(stderr, _("bangtin: text: unknown action '%s'; use convert or detect\n"), sub);
    return EXIT_USAGE;
}
