/* SPDX-License-Identifier: MIT */
/* bangtin report: proof-of-play summary for the office's half-year report. */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "ops/report.h"
#include "util/fsutil.h"
#include "util/i18n.h"

#define MAX_DOC_BYTES (64u << 20)

static void usage(FILE *out)
{
    fputs(_("Usage: bangtin report LOG... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--half YYYY-N]\n"
            "                      [--format csv|md|html|xlsx] [--out FILE] [--lang vi|en]\n"
            "                      [--office NAME]\n"
            "\n"
            "Sums the proof-of-play log LOG (the config's proof_log) and its rotated files\n"
            "LOG.1, LOG.2, ...: what the board showed, how many times and for how long.\n"
            "\n"
            "  --from DATE    only what was shown on or after DATE (board's local date)\n"
            "  --to DATE      only what was shown on or before DATE\n"
            "  --half YYYY-N  the half year: 2026-1 is 1/1-30/6/2026, 2026-2 is 1/7-31/12;\n"
            "                 with --to, cut at that day (a report due before the half ends)\n"
            "  --format F     csv (default; header id,type,plays,seconds, then words,\n"
            "                 first_day, last_day, priority, version), md (pipe tables),\n"
            "                 html (prints on A4, pastes into Word as tables) or xlsx\n"
            "                 (an Excel workbook; needs --out)\n"
            "  --out FILE     write there (whole, then renamed into place) instead of stdout\n"
            "  --lang vi|en   the document's language; Vietnamese by default when LANG is vi_*\n"
            "  --office NAME  the office's name in the heading, over the one the log records\n"
            "\n"
            "Lines a power cut left half-written are skipped and counted on stderr.\n"),
          out);
}

/* Vietnamese when the user's messages are (i18n_init sets LANGUAGE=vi
 * under a vi_* locale). */
static enum report_lang env_lang(void)
{
    const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = getenv(names[i]);
        if (v && *v)
            return strncmp(v, "vi", 2) == 0 && (v[2] == '_' || v[2] == '.' || v[2] == ':' || !v[2])
                       ? REPORT_VI
                       : REPORT_EN;
    }
    return REPORT_EN;
}

static bool write_text(struct report *r, const char *format, const char *out_path)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = out_path ? open_memstream(&buf, &len) : stdout;
    if (!f)
        return false;
    if (strcmp(format, "md") == 0)
        report_write_md(r, f);
    else if (strcmp(format, "html") == 0)
        report_write_html(r, f);
    else
        report_write_csv(r, f);
    if (!out_path)
        return fflush(stdout) == 0 && !ferror(stdout);
    bool ok = fclose(f) == 0 && buf && len <= MAX_DOC_BYTES && fs_write_atomic(out_path, buf, len);
    free(buf);
    return ok;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"half", required_argument, NULL, 'H'},
        {"format", required_argument, NULL, 'F'},
        {"out", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"office", required_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *from = NULL, *to = NULL, *half = NULL, *format = "csv", *out = NULL, *lang = NULL,
               *office = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            from = optarg;
            break;
        case 't':
            to = optarg;
            break;
        case 'H':
            half = optarg;
            break;
        case 'F':
            format = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'O':
            office = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            fprintf(stderr,
                    _("bangtin report: unknown or incomplete option '%s'; see 'bangtin "
                      "report --help'\n"),
                    argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, _("bangtin report: give the LOG file, the config's proof_log; see "
                          "'bangtin report --help'\n"));
        return EXIT_USAGE;
    }
    if ((from && !report_valid_date(from)) || (to && !report_valid_date(to))) {
        fprintf(stderr,
                _("bangtin report: '%s' is not a date; write YYYY-MM-DD, e.g. 2026-01-31\n"),
                from && !report_valid_date(from) ? from : to);
        return EXIT_USAGE;
    }
    char hfrom[11], hto[11];
    int hyear = 0, hhalf = 0;
    if (half) {
        if (!report_half_period(half, &hyear, &hhalf, hfrom, hto)) {
            fprintf(stderr,
                    _("bangtin report: --half '%s' is not a half year; write YYYY-1 (January "
                      "to June) or YYYY-2 (July to December), e.g. 2026-1\n"),
                    half);
            return EXIT_USAGE;
        }
        if (from) {
            fprintf(stderr, _("bangtin report: --half sets the first day; leave out --from\n"));
            return EXIT_USAGE;
        }
        from = hfrom;
        if (to && (strcmp(to, hfrom) < 0 || strcmp(to, hto) > 0)) {
            fprintf(stderr, _("bangtin report: --to %s is outside the half year %s (%s to %s)\n"),
                    to, half, hfrom, hto);
            return EXIT_USAGE;
        }
        if (!to)
            to = hto;
    }
    if (from && to && strcmp(from, to) > 0) {
        fprintf(stderr, _("bangtin report: --from %s is after --to %s; swap them\n"), from, to);
        return EXIT_USAGE;
    }
    bool xlsx = strcmp(format, "xlsx") == 0;
    if (!xlsx && strcmp(format, "md") != 0 && strcmp(format, "csv") != 0 &&
        strcmp(format, "html") != 0) {
        fprintf(stderr,
                _("bangtin report: unknown format '%s'; use --format csv, md, html or xlsx\n"),
                format);
        return EXIT_USAGE;
    }
    if (lang && strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, _("bangtin report: unknown language '%s'; use --lang vi or --lang en\n"),
                lang);
        return EXIT_USAGE;
    }
    if (xlsx && !report_have_xlsx()) {
        fprintf(stderr, _("bangtin report: this bangtin was built without libxlsxwriter; use "
                          "--format html, or rebuild with libxlsxwriter-dev installed\n"));
        return EXIT_USAGE;
    }
    if (xlsx && !out) {
        fprintf(stderr, _("bangtin report: a workbook is a file; give --out FILE.xlsx\n"));
        return EXIT_USAGE;
    }
    struct report *r = report_new(from, to);
    if (!r) {
        fprintf(stderr, _("bangtin report: out of memory\n"));
        return EXIT_RUNTIME;
    }
    report_set_lang(r, lang ? (strcmp(lang, "vi") == 0 ? REPORT_VI : REPORT_EN) : env_lang());
    if (office)
        report_set_office(r, office);
    if (half)
        report_set_half(r, hyear, hhalf);
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        if (!report_add_log(r, argv[i])) {
            fprintf(stderr,
                    _("bangtin report: cannot read %s: %s; give the config's proof_log path\n"),
                    argv[i], strerror(errno));
            status = EXIT_RUNTIME;
            goto out;
        }
    }
    if (report_corrupt_lines(r))
        fprintf(stderr,
                _("bangtin report: skipped %zu corrupt line(s) (first at %s), e.g. "
                  "half-written at a power cut\n"),
                report_corrupt_lines(r), report_first_corrupt(r));
    bool ok = xlsx ? report_write_xlsx(r, out) : write_text(r, format, out);
    if (!ok) {
        fprintf(stderr, _("bangtin report: cannot write %s: %s\n"), out ? out : _("the output"),
                strerror(errno));
        status = EXIT_RUNTIME;
    }
out:
    report_free(r);
    return status;
}
