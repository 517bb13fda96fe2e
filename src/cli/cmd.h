/* SPDX-License-Identifier: MIT */
#pragma once
/* Subcommands of the bangtin executable. Each takes the argv that starts
 * with its own name and returns one of the exit codes below. */

#include "app/exit.h"

int cmd_run(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_text(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_publish(int argc, char **argv);
