/* SPDX-License-Identifier: MIT */
#pragma once
/* Argument parsing shared by subcommands. */

#include <stdbool.h>
#include <time.h>

/* "1920x1080" -> 1920, 1080 (each 16..16384; util/strparse.h's size). */
bool args_size(const char *s, int *w, int *h);
/* A positive number of seconds, like 10 or 2.5 (at most 1e7). */
bool args_seconds(const char *s, double *out);
