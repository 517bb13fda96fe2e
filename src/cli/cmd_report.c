/* bangtin report: proof-of-play summary for the office's half-year report. */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "ops/report.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: bangtin report LOG [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|md]\n"
            "\n"
            "Sums the proof-of-play log LOG (the config's proof_log) and its rotated files\n"
            "LOG.1, LOG.2, ... per item: how many times each was shown and for how long.\n"
            "\n"
            "  --from DATE      only what was shown on or after DATE (board's local date)\n"
            "  --to DATE        only what was shown on or before DATE\n"
            "  --format csv|md  CSV (default; header id,type,plays,seconds) or a Markdown\n"
            "                   table with the period, hours:minutes:seconds and a total\n"
            "\n"
            "Lines a power cut left half-written are skipped and counted on stderr.\n");
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *from = NULL, *to = NULL, *format = "csv";
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
        case 'F':
            format = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            fprintf(stderr,
                    "bangtin report: unknown or incomplete option '%s'; see 'bangtin "
                    "report --help'\n",
                    argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "bangtin report: give one LOG file, the config's proof_log; see "
                        "'bangtin report --help'\n");
        return EXIT_USAGE;
    }
    const char *log = argv[optind];
    if ((from && !report_valid_date(from)) || (to && !report_valid_date(to))) {
        fprintf(stderr, "bangtin report: '%s' is not a date; write YYYY-MM-DD, e.g. 2026-01-31\n",
                from && !report_valid_date(from) ? from : to);
        return EXIT_USAGE;
    }
    if (from && to && strcmp(from, to) > 0) {
        fprintf(stderr, "bangtin report: --from %s is after --to %s; swap them\n", from, to);
        return EXIT_USAGE;
    }
    bool md = strcmp(format, "md") == 0;
    if (!md && strcmp(format, "csv") != 0) {
        fprintf(stderr, "bangtin report: unknown format '%s'; use --format csv or --format md\n",
                format);
        return EXIT_USAGE;
    }
    struct report *r = report_new(from, to);
    if (!r) {
        fprintf(stderr, "bangtin report: out of memory\n");
        return EXIT_RUNTIME;
    }
    int status = EXIT_OK;
    if (!report_add_log(r, log)) {
        fprintf(stderr, "bangtin report: cannot read %s: %s; give the config's proof_log path\n",
                log, strerror(errno));
        status = EXIT_RUNTIME;
        goto out;
    }
    if (report_corrupt_lines(r))
        fprintf(stderr,
                "bangtin report: skipped %zu corrupt line%s (first at %s), e.g. half-written "
                "at a power cut\n",
                report_corrupt_lines(r), report_corrupt_lines(r) == 1 ? "" : "s",
                report_first_corrupt(r));
    if (md)
        report_write_md(r, stdout);
    else
        report_write_csv(r, stdout);
    if (fflush(stdout) != 0)
        status = EXIT_RUNTIME;
out:
    report_free(r);
    return status;
}
