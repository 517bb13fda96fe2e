/* SPDX-License-Identifier: MIT */
/* bangtin publish PLAYLIST --key SECRET_KEY --out DIR [--pubkey PUB]
 *
 * Staff's one step from an edited playlist to a signed feed folder. The
 * work is publish_run() (src/feed/publish.c); this file parses arguments,
 * reads the password and prints what happened. */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "feed/publish.h"
#include "util/diag.h"
#include "util/i18n.h"

static void help(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: bangtin publish PLAYLIST --key SECRET_KEY --out DIR [--pubkey PUB]\n\n"
              "Makes DIR a signed feed, ready to upload to the office's web server:\n"
              "checks the playlist by the rules a board applies to a feed, copies it and\n"
              "its images into DIR (images named by their SHA-256), fills every \"sha256\",\n"
              "raises \"sequence\" above the playlist's own and DIR's, signs it with the\n"
              "office's minisign key and checks the signature. On any error nothing in DIR\n"
              "changes.\n\n"
              "  --key SECRET_KEY  minisign secret key (minisign -G; with or without a\n"
              "                    password)\n"
              "  --out DIR         the feed folder (created if missing); keep it between\n"
              "                    publications: it remembers the last sequence\n"
              "  --pubkey PUB      public key the boards trust (default: the .pub beside\n"
              "                    the secret key, or minisign.pub in its folder)\n\n"
              "The password is asked on the terminal without echo, or read as one line\n"
              "from standard input when that is not a terminal.\n\n"
              "Exit status: 0 published, 1 the playlist or an image is wrong, 2 usage\n"
              "error, 3 key, password or file error.\n"));
}

/* Restores the terminal if the user interrupts at the password prompt.
 * File-scope because a signal handler can reach nothing else. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_changed;

static void restore_tty(int sig)
{
    if (tty_changed)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One line from stdin, without its line end. */
static bool read_line(char *buf, size_t n, size_t *len)
{
    size_t used = 0;
    int ch;
    bool any = false;
    while ((ch = getchar()) != EOF) {
        any = true;
        if (ch == '\n')
            break;
        if (used + 1 >= n)
            return false; /* longer than any password minisign accepts */
        buf[used++] = (char)ch;
    }
    if (!any)
        return false;
    if (used && buf[used - 1] == '\r')
        used--;
    *len = used;
    return true;
}

static bool ask_password(void *ctx, char *buf, size_t n, size_t *len)
{
    const char *key = ctx;
    if (!isatty(STDIN_FILENO))
        return read_line(buf, n, len);
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) != 0)
        return read_line(buf, n, len);
    fprintf(stderr, _("Password for %s: "), key);
    fflush(stderr);
    saved_tty = t;
    struct sigaction sa = {.sa_handler = restore_tty}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    t.c_lflag &= ~(tcflag_t)ECHO;
    tty_changed = tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0;
    bool ok = read_line(buf, n, len);
    if (tty_changed)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
    tty_changed = 0;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    fputc('\n', stderr);
    return ok;
}

int cmd_publish(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"out", required_argument, NULL, 'o'},
        {"pubkey", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *key = NULL, *out = NULL, *pubkey = NULL, *playlist = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "-h", opts, NULL)) != -1) {
        switch (c) {
        case 'k':
            key = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'p':
            pubkey = optarg;
            break;
        case 'h':
            help(stdout);
            return EXIT_OK;
        case 1:
            if (playlist) {
                fprintf(stderr, "%s",
                        _("bangtin publish: give one playlist; see bangtin publish --help\n"));
                return EXIT_USAGE;
            }
            playlist = optarg;
            break;
        default:
            fprintf(stderr,
                    _("bangtin publish: unknown or incomplete option %s; see bangtin publish "
                      "--help\n"),
                    argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (!playlist || !key || !out) {
        fprintf(stderr, "%s",
                _("bangtin publish: PLAYLIST, --key SECRET_KEY and --out DIR are needed. Usage: "
                  "bangtin publish PLAYLIST --key SECRET_KEY --out DIR [--pubkey PUB]\n"));
        return EXIT_USAGE;
    }

    struct diag_list *diags = diag_list_new();
    if (!diags) {
        fprintf(stderr, "%s", _("bangtin publish: out of memory\n"));
        return EXIT_RUNTIME;
    }
    struct publish_opts po = {
        .playlist = playlist,
        .seckey = key,
        .pubkey = pubkey,
        .out_dir = out,
        .password = ask_password,
        .password_ctx = (void *)key,
    };
    struct publish_outcome res;
    char reason[1024];
    enum publish_result r = publish_run(&po, diags, &res, reason, sizeof(reason));
    diag_print_all(diags, stderr);
    int rc = EXIT_OK;
    switch (r) {
    case PUBLISH_OK:
        printf(_("published %s/playlist.json: sequence %lld (was %lld), %zu images (%zu new, %zu "
                 "old removed), signed by key %s and verified with %s\n"),
               out, (long long)res.sequence, (long long)res.previous, res.n_assets, res.n_copied,
               res.n_removed, res.key_id, res.pubkey);
        printf(_("now upload everything in %s to the web server (see docs/SIGNING.md)\n"), out);
        break;
    case PUBLISH_CONTENT:
        fprintf(stderr,
                _("bangtin publish: %s: %zu errors; nothing was published (fix them and run "
                  "again)\n"),
                playlist, diag_error_count(diags));
        rc = EXIT_CONTENT;
        break;
    case PUBLISH_FAILED:
    default:
        fprintf(stderr, _("bangtin publish: %s\n"), reason[0] ? reason : _("failed"));
        rc = EXIT_RUNTIME;
        break;
    }
    diag_list_free(diags);
    return rc;
}
