/* SPDX-License-Identifier: MIT */
/* bangtin: dispatches to one subcommand (src/cli/). */

#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "util/i18n.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"run", cmd_run, N_("play a playlist on the screen (the bundled demo by default)")},
    {"render", cmd_render, N_("render a playlist's slides to PNG files, without a display")},
    {"check", cmd_check, N_("check a playlist or a config and report every problem")},
    {"publish", cmd_publish,
     N_("check, copy, hash and sign a playlist into a feed folder to upload")},
    {"fetch", cmd_fetch, N_("fetch the signed feed once into the offline cache")},
    {"calendar", cmd_calendar, N_("the date line, lunar date and days left to the events")},
    {"text", cmd_text, N_("convert TCVN3/VNI/VIQR/Windows-1258 text to Unicode, or name it")},
    {"report", cmd_report, N_("what the board showed, for the office's half-year report")},
};

static void usage(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: bangtin COMMAND [ARGS]\n\n"
              "Drives the LED board or pano of a commune or ward office.\n\nCommands:\n"));
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, "%s",
            _("\n'bangtin COMMAND --help' describes one command.\n"
              "Exit status: 0 ok, 1 content error, 2 usage error, 3 runtime error.\n"));
}

int main(int argc, char **argv)
{
    i18n_init();
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("bangtin %s\n", BANGTIN_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, _("bangtin: unknown command '%s'; 'bangtin --help' lists the commands\n"),
            name);
    return EXIT_USAGE;
}
